package io.qstep.runner.qpu;

import java.util.SplittableRandom;

/**
 * Exponential backoff with jitter: attempt {@code k} (0-based) waits {@code min(max, initial ·
 * multiplier^k)}, scaled by a factor drawn uniformly from {@code [1 − jitter, 1 + jitter]}, and
 * never less than a server's Retry-After. Immutable.
 *
 * @param maxAttempts tries in all, including the first (≥ 1)
 * @param initialDelayMs wait before the second try, milliseconds
 * @param maxDelayMs cap on one wait, milliseconds
 * @param multiplier growth per attempt (≥ 1)
 * @param jitter relative jitter in [0, 1)
 */
public record RetryPolicy(
    int maxAttempts, long initialDelayMs, long maxDelayMs, double multiplier, double jitter) {
  public RetryPolicy {
    if (maxAttempts < 1 || initialDelayMs < 0 || maxDelayMs < initialDelayMs) {
      throw new IllegalArgumentException("maxAttempts >= 1 and 0 <= initialDelayMs <= maxDelayMs");
    }
    if (!(multiplier >= 1) || !(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("multiplier >= 1 and jitter in [0, 1) required");
    }
  }

  /** 6 tries, 500 ms doubling to 30 s, ±20 %. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, 500, 30_000, 2, 0.2);
  }

  /** The wait before try {@code attempt + 1}, given a Retry-After (ms, or -1 when none). */
  public long delayMs(int attempt, long retryAfterMs, SplittableRandom random) {
    double base = Math.min(maxDelayMs, initialDelayMs * Math.pow(multiplier, attempt));
    double factor = jitter == 0 ? 1 : 1 - jitter + 2 * jitter * random.nextDouble();
    long d = Math.round(base * factor);
    return Math.max(d, retryAfterMs);
  }
}
