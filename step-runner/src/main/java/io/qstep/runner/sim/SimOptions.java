package io.qstep.runner.sim;

/**
 * Options of the {@link StateVectorSimulator}. Immutable.
 *
 * @param threads worker threads for one circuit, {@code 0} = {@link Runtime#availableProcessors()};
 *     states below {@link StateVectorSimulator#PARALLEL_MIN_QUBITS} qubits always run on the
 *     calling thread
 * @param fuse whether to fuse gates before applying them (turn off only to test the kernels)
 */
public record SimOptions(int threads, boolean fuse) {
  public SimOptions {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = auto), got " + threads);
    }
  }

  /** Automatic thread count, fusion on. */
  public static SimOptions defaults() {
    return new SimOptions(0, true);
  }

  /** This with another thread count. */
  public SimOptions withThreads(int n) {
    return new SimOptions(n, fuse);
  }

  /** This with fusion on or off. */
  public SimOptions withFuse(boolean on) {
    return new SimOptions(threads, on);
  }

  /** The thread count to use: {@link #threads()}, or the number of processors when it is 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
