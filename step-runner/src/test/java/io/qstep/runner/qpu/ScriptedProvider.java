package io.qstep.runner.qpu;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory provider for executor tests: jobs go QUEUED for {@code queuedPolls} polls, then
 * COMPLETED (or the scripted end state); faults are queued per call kind.
 */
final class ScriptedProvider implements JobOps<long[]> {
  final AtomicInteger submissions = new AtomicInteger();
  final AtomicInteger submitCalls = new AtomicInteger();
  final AtomicInteger statusCalls = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();
  final Map<String, String> byToken = new HashMap<>();
  final Map<String, Integer> polls = new HashMap<>();
  final Deque<ProviderException> submitFaults = new ArrayDeque<>();
  final Deque<ProviderException> statusFaults = new ArrayDeque<>();

  /** Whether a faulted submit still created the job (the response was lost). */
  boolean lostResponse;

  int queuedPolls = 2;
  ProviderJob.State endState = ProviderJob.State.COMPLETED;
  String failReason = "";
  boolean cancelled;

  @Override
  public synchronized String submit(String clientToken) {
    submitCalls.incrementAndGet();
    ProviderException f = submitFaults.poll();
    if (f != null && !lostResponse) {
      throw f;
    }
    String id = "job-" + submissions.incrementAndGet();
    byToken.put(clientToken, id);
    if (f != null) {
      throw f;
    }
    return id;
  }

  @Override
  public synchronized Optional<String> lookup(String clientToken) {
    return Optional.ofNullable(byToken.get(clientToken));
  }

  @Override
  public synchronized ProviderJob status(String jobId) {
    statusCalls.incrementAndGet();
    ProviderException f = statusFaults.poll();
    if (f != null) {
      throw f;
    }
    if (cancelled) {
      return new ProviderJob(jobId, ProviderJob.State.CANCELLED, "cancelled", 1, 0, 2, -1);
    }
    int n = polls.merge(jobId, 1, Integer::sum);
    if (n <= queuedPolls) {
      return new ProviderJob(jobId, ProviderJob.State.QUEUED, "", 1000, 0, 0, -1);
    }
    return new ProviderJob(jobId, endState, failReason, 1000, 1500, 1600, 42);
  }

  @Override
  public long[] fetch(String jobId) {
    return new long[] {0, 3, 3, 0};
  }

  @Override
  public synchronized void cancel(String jobId) {
    cancels.incrementAndGet();
    cancelled = true;
  }
}
