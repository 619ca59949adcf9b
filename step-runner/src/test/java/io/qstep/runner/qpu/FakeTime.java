package io.qstep.runner.qpu;

import java.util.ArrayList;
import java.util.List;

/** A clock that advances when something waits: tests never sleep. */
public final class FakeTime implements QpuTime {
  private long now;
  private final List<Long> sleeps = new ArrayList<>();

  public FakeTime(long startMs) {
    this.now = startMs;
  }

  @Override
  public synchronized long nowMs() {
    return now;
  }

  @Override
  public synchronized void sleep(long ms) {
    sleeps.add(ms);
    now += Math.max(0, ms);
  }

  public synchronized List<Long> sleeps() {
    return List.copyOf(sleeps);
  }
}
