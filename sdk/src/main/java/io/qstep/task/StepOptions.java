package io.qstep.task;

/**
 * Settings that apply to every task.
 *
 * @param timeoutMs wall-clock budget in milliseconds; 0 = the server default
 * @param fuseGates whether simulators may fuse gates (true unless debugging)
 * @param threads simulator threads; 0 = the server's choice
 * @param tracking per-request MLflow tracking overrides; never null ({@link TrackingOptions#none()}
 *     when given null)
 */
public record StepOptions(
    long timeoutMs, boolean fuseGates, int threads, TrackingOptions tracking) {
  public StepOptions {
    if (timeoutMs < 0 || threads < 0) {
      throw new IllegalArgumentException("timeoutMs and threads must be >= 0");
    }
    tracking = tracking == null ? TrackingOptions.none() : tracking;
  }

  /** Options with no tracking overrides. */
  public StepOptions(long timeoutMs, boolean fuseGates, int threads) {
    this(timeoutMs, fuseGates, threads, TrackingOptions.none());
  }

  public static StepOptions defaults() {
    return new StepOptions(0, true, 0);
  }

  /** A copy with these tracking overrides. */
  public StepOptions withTracking(TrackingOptions t) {
    return new StepOptions(timeoutMs, fuseGates, threads, t);
  }
}
