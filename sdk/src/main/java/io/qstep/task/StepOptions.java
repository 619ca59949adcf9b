package io.qstep.task;

/**
 * Settings that apply to every task.
 *
 * @param timeoutMs wall-clock budget in milliseconds; 0 = the server default
 * @param fuseGates whether simulators may fuse gates (true unless debugging)
 * @param threads simulator threads; 0 = the server's choice
 */
public record StepOptions(long timeoutMs, boolean fuseGates, int threads) {
  public StepOptions {
    if (timeoutMs < 0 || threads < 0) {
      throw new IllegalArgumentException("timeoutMs and threads must be >= 0");
    }
  }

  public static StepOptions defaults() {
    return new StepOptions(0, true, 0);
  }
}
