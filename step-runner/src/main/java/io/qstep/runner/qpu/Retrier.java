package io.qstep.runner.qpu;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs retry-safe calls (reads, lookups, cancels) under a {@link RetryPolicy}. Never use it for a
 * paid submission: {@link QpuExecutor} reconciles those instead. Thread-safe.
 */
public final class Retrier {
  private static final Logger LOG = Logger.getLogger(Retrier.class.getName());

  private final RetryPolicy policy;
  private final QpuTime time;
  private final SplittableRandom random;

  public Retrier(RetryPolicy policy, QpuTime time, long seed) {
    this.policy = policy;
    this.time = time;
    this.random = new SplittableRandom(seed);
  }

  public RetryPolicy policy() {
    return policy;
  }

  /** The wait before try {@code attempt + 1}. */
  public synchronized long delayMs(int attempt, long retryAfterMs) {
    return policy.delayMs(attempt, retryAfterMs, random);
  }

  /** Waits, translating an interrupt into CANCELLED. */
  public void pause(long ms) {
    try {
      time.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QStepException(ErrorReason.CANCELLED, null, "interrupted while waiting");
    }
  }

  /**
   * Calls {@code call}, retrying transient failures; the last transient failure is rethrown once
   * the attempts are spent. Non-transient failures are rethrown at once.
   *
   * @param what a short description for logs ("GET job status")
   */
  public <T> T call(String what, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (ProviderException e) {
        if (!e.isTransient() || attempt + 1 >= policy.maxAttempts()) {
          throw e;
        }
        long d = delayMs(attempt, e.retryAfterMs());
        LOG.log(
            Level.INFO,
            "{0} failed transiently ({1}); retry {2} in {3} ms",
            new Object[] {what, e.getMessage(), attempt + 1, d});
        pause(d);
      }
    }
  }
}
