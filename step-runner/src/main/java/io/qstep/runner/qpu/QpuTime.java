package io.qstep.runner.qpu;

/**
 * The clock and the waits of the QPU machinery, injectable so that tests advance time instead of
 * sleeping. Implementations are thread-safe.
 */
public interface QpuTime {
  /** Wall-clock time, epoch milliseconds. */
  long nowMs();

  /** Waits {@code ms} milliseconds (or returns at once when {@code ms <= 0}). */
  void sleep(long ms) throws InterruptedException;

  /** The system clock and {@link Thread#sleep}. */
  QpuTime SYSTEM =
      new QpuTime() {
        @Override
        public long nowMs() {
          return System.currentTimeMillis();
        }

        @Override
        public void sleep(long ms) throws InterruptedException {
          if (ms > 0) {
            Thread.sleep(ms);
          }
        }
      };
}
