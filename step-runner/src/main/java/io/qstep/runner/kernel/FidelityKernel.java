package io.qstep.runner.kernel;

import io.qstep.circuit.Circuit;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.Arrays;
import java.util.Objects;

/**
 * The exact fidelity kernel {@code K(x, y) = |⟨φ(x)|φ(y)⟩|²} from state vectors. Each training
 * state is prepared once (its circuit built in the circuit IR and run on the state-vector engine);
 * the Gram matrix is the upper triangle of the batched inner products, mirrored; a test row's state
 * is prepared on the fly and never stored. Thread-safe; work is split over {@code threads} threads
 * by rows.
 */
public final class FidelityKernel {
  private final FeatureMap map;
  private final int threads;
  private final StateVectorSimulator sim;

  /**
   * @param map the feature map
   * @param threads threads for preparing states and filling rows; 0 = the number of processors
   */
  public FidelityKernel(FeatureMap map, int threads) {
    this(map, threads, true);
  }

  /**
   * @param fuse whether the simulator fuses gates (off only for debugging)
   */
  public FidelityKernel(FeatureMap map, int threads, boolean fuse) {
    this.map = Objects.requireNonNull(map, "map");
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0");
    }
    this.threads = threads;
    // One state per thread: the circuits are small, so each runs on its own thread.
    this.sim = new StateVectorSimulator(new SimOptions(1, fuse));
  }

  /** Bytes the training states of {@code rows} rows hold while a Gram matrix is computed. */
  public static long stateBytes(long rows, int numQubits) {
    return rows * StateVector.bytesFor(numQubits);
  }

  /** The state |φ(x)⟩ as interleaved amplitudes. */
  public double[] state(double[] x) {
    Circuit c = map.circuit(x);
    try (StateVector s = sim.run(c)) {
      return s.amplitudes();
    }
  }

  /**
   * A Gram matrix and (when test rows were given) a cross matrix, row-major, with wall times in
   * milliseconds: {@code encodeMs} building and simulating circuits, {@code innerProductMs} the
   * inner products (per-row shares when test states are prepared alongside their products).
   *
   * @param gram [n, n], symmetric
   * @param cross [m, n]; empty when m = 0
   */
  public record Result(
      double[] gram, int n, double[] cross, int m, double encodeMs, double innerProductMs) {}

  /** The Gram matrix {@code K[i][j] = |⟨φ(x_i)|φ(x_j)⟩|²} of {@code x} [n, d]. */
  public Result gram(double[] x, int n, Runnable checkpoint) {
    return compute(x, n, new double[0], 0, checkpoint);
  }

  /**
   * The Gram matrix of {@code x} [n, d] and the cross matrix {@code C[m][j] = |⟨φ(t_m)|φ(x_j)⟩|²}
   * of test rows {@code t} [mRows, d] against it. The training states are prepared once for both;
   * test states are prepared one per row and dropped.
   *
   * @param checkpoint called between rows; throws to stop the computation
   */
  public Result compute(double[] x, int n, double[] t, int mRows, Runnable checkpoint) {
    int d = map.numFeatures();
    if (t.length != (long) mRows * d) {
      throw new IllegalArgumentException(
          "t has " + t.length + " values, expected " + mRows + "×" + d);
    }
    long t0 = System.nanoTime();
    StateBank bank = prepare(x, n, checkpoint);
    long t1 = System.nanoTime();
    double[] k = new double[Math.multiplyExact(n, n)];
    int dim = bank.dim;
    double[] a = bank.amps;
    Rows.forEach(
        threads,
        n,
        i -> {
          checkpoint.run();
          int io = i * 2 * dim;
          for (int j = i; j < n; j++) {
            k[i * n + j] = StateBank.fidelity(a, io, a, j * 2 * dim, dim);
          }
        });
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        k[i * n + j] = k[j * n + i];
      }
    }
    long t2 = System.nanoTime();
    double[] c = new double[Math.multiplyExact(mRows, n)];
    long[] encodeNs = new long[mRows];
    Rows.forEach(
        threads,
        mRows,
        m -> {
          checkpoint.run();
          long s0 = System.nanoTime();
          double[] s = state(Arrays.copyOfRange(t, m * d, (m + 1) * d));
          encodeNs[m] = System.nanoTime() - s0;
          for (int j = 0; j < n; j++) {
            c[m * n + j] = StateBank.fidelity(s, 0, a, j * 2 * dim, dim);
          }
        });
    long t3 = System.nanoTime();
    long testEncodeNs = 0;
    for (long e : encodeNs) {
      testEncodeNs += e;
    }
    // Test states are encoded by the same threads that take their products: count the per-thread
    // share of their encoding as encoding, the rest of that phase as inner products.
    double crossWall = t3 - t2;
    double crossEncode =
        Math.min(
            crossWall,
            (double) testEncodeNs / Math.max(1, Math.min(Rows.effective(threads), mRows)));
    return new Result(
        k,
        n,
        c,
        mRows,
        ((t1 - t0) + crossEncode) / 1e6,
        ((t2 - t1) + (crossWall - crossEncode)) / 1e6);
  }

  private StateBank prepare(double[] x, int n, Runnable checkpoint) {
    int d = map.numFeatures();
    if (x.length != (long) n * d) {
      throw new IllegalArgumentException("x has " + x.length + " values, expected " + n + "×" + d);
    }
    StateBank bank = new StateBank(n, 1 << map.numQubits());
    Rows.forEach(
        threads,
        n,
        r -> {
          if ((r & 15) == 0) {
            checkpoint.run();
          }
          bank.set(r, state(Arrays.copyOfRange(x, r * d, (r + 1) * d)));
        });
    return bank;
  }
}
