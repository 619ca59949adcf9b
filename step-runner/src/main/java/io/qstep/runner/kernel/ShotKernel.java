package io.qstep.runner.kernel;

import io.qstep.circuit.Circuit;
import io.qstep.runner.encode.Adjoint;
import io.qstep.runner.encode.FeatureMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The fidelity kernel estimated from shots: entry (i, j) is the frequency of the all-zeros outcome
 * after the compute–uncompute circuit {@code U(x_j)† U(x_i)}, whose exact probability is {@code
 * |⟨φ(x_j)|φ(x_i)⟩|²}. One circuit per pair of the upper triangle (the Gram diagonal is 1 by
 * construction, {@code U†U = I}, and is not sampled) and per (test, train) pair. Each pair's shots
 * are seeded from (seed, pair) alone, so the result does not depend on the thread count or order.
 * Thread-safe when the sampler is.
 */
public final class ShotKernel {

  /** Runs a circuit for {@code shots} seeded shots and counts the all-zeros outcomes. */
  @FunctionalInterface
  public interface Sampler {
    long zeros(Circuit computeUncompute, long shots, long seed);
  }

  /**
   * Runs many circuits, {@code shots} seeded shots each ({@code seeds[i]} for circuit {@code i}),
   * as one batch (one QPU job where the backend can), and counts each one's all-zeros outcomes.
   */
  @FunctionalInterface
  public interface BatchSampler {
    long[] zeros(List<Circuit> computeUncompute, long shots, long[] seeds);
  }

  private final FeatureMap map;
  private final long shots;
  private final long seed;
  private final int threads;
  private final Sampler sampler;

  /**
   * @param shots shots per pair, ≥ 1
   * @param seed the step's seed
   * @param threads pairs are run on this many threads (0 = processors)
   */
  public ShotKernel(FeatureMap map, long shots, long seed, int threads, Sampler sampler) {
    this.map = Objects.requireNonNull(map, "map");
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    if (shots < 1) {
      throw new IllegalArgumentException("shots must be >= 1");
    }
    this.shots = shots;
    this.seed = seed;
    this.threads = threads;
  }

  /** The compute–uncompute circuit {@code U(y)† U(x)} as this kernel runs it. */
  public Circuit overlapCircuit(double[] x, double[] y) {
    return compose(map.circuit(x), Adjoint.of(map.circuit(y)));
  }

  /** Circuits run: n(n−1)/2 + m·n. */
  public static long circuits(long n, long m) {
    return n * (n - 1) / 2 + m * n;
  }

  /**
   * Estimates the Gram matrix of {@code x} [n, d] and the cross matrix of {@code t} [mRows, d].
   *
   * @param checkpoint called between rows; throws to stop
   */
  public FidelityKernel.Result compute(
      double[] x, int n, double[] t, int mRows, Runnable checkpoint) {
    int d = map.numFeatures();
    long t0 = System.nanoTime();
    Circuit[] u = new Circuit[n];
    Circuit[] uDag = new Circuit[n];
    Rows.forEach(
        threads,
        n,
        r -> {
          u[r] = map.circuit(Arrays.copyOfRange(x, r * d, (r + 1) * d));
          uDag[r] = Adjoint.of(u[r]);
        });
    long encodeNs = System.nanoTime() - t0;
    long t1 = System.nanoTime();
    double[] k = new double[Math.multiplyExact(n, n)];
    Rows.forEach(
        threads,
        n,
        i -> {
          checkpoint.run();
          k[i * n + i] = 1.0;
          for (int j = i + 1; j < n; j++) {
            k[i * n + j] = estimate(compose(u[i], uDag[j]), pairSeed(0, i, j));
          }
        });
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        k[i * n + j] = k[j * n + i];
      }
    }
    double[] c = new double[Math.multiplyExact(mRows, n)];
    Rows.forEach(
        threads,
        mRows,
        m -> {
          checkpoint.run();
          Circuit um = map.circuit(Arrays.copyOfRange(t, m * d, (m + 1) * d));
          for (int j = 0; j < n; j++) {
            c[m * n + j] = estimate(compose(um, uDag[j]), pairSeed(1, m, j));
          }
        });
    long executeNs = System.nanoTime() - t1;
    return new FidelityKernel.Result(k, n, c, mRows, encodeNs / 1e6, executeNs / 1e6);
  }

  /**
   * As {@link #compute}, with every pair's circuit handed to {@code batch} at once, in order (Gram
   * pairs i &lt; j row by row, then the cross pairs): the same seeds, so the same estimates from a
   * seeded simulator; on a QPU one batch instead of a job per pair. Holds all circuits at once.
   *
   * @param checkpoint called before the batch runs; throws to stop
   */
  public FidelityKernel.Result computeBatched(
      double[] x, int n, double[] t, int mRows, Runnable checkpoint, BatchSampler batch) {
    int d = map.numFeatures();
    long t0 = System.nanoTime();
    Circuit[] u = new Circuit[n];
    Circuit[] uDag = new Circuit[n];
    Rows.forEach(
        threads,
        n,
        r -> {
          u[r] = map.circuit(Arrays.copyOfRange(x, r * d, (r + 1) * d));
          uDag[r] = Adjoint.of(u[r]);
        });
    int pairs = Math.toIntExact(circuits(n, mRows));
    List<Circuit> cs = new ArrayList<>(pairs);
    long[] seeds = new long[pairs];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        seeds[cs.size()] = pairSeed(0, i, j);
        cs.add(compose(u[i], uDag[j]));
      }
    }
    for (int m = 0; m < mRows; m++) {
      Circuit um = map.circuit(Arrays.copyOfRange(t, m * d, (m + 1) * d));
      for (int j = 0; j < n; j++) {
        seeds[cs.size()] = pairSeed(1, m, j);
        cs.add(compose(um, uDag[j]));
      }
    }
    long encodeNs = System.nanoTime() - t0;
    long t1 = System.nanoTime();
    checkpoint.run();
    long[] z = cs.isEmpty() ? new long[0] : batch.zeros(cs, shots, seeds);
    if (z.length != pairs) {
      throw new IllegalStateException("the sampler answered " + z.length + " of " + pairs);
    }
    double[] k = new double[Math.multiplyExact(n, n)];
    int next = 0;
    for (int i = 0; i < n; i++) {
      k[i * n + i] = 1.0;
      for (int j = i + 1; j < n; j++) {
        k[i * n + j] = (double) z[next++] / shots;
        k[j * n + i] = k[i * n + j];
      }
    }
    double[] c = new double[Math.multiplyExact(mRows, n)];
    for (int m = 0; m < mRows; m++) {
      for (int j = 0; j < n; j++) {
        c[m * n + j] = (double) z[next++] / shots;
      }
    }
    long executeNs = System.nanoTime() - t1;
    return new FidelityKernel.Result(k, n, c, mRows, encodeNs / 1e6, executeNs / 1e6);
  }

  private double estimate(Circuit c, long pairSeed) {
    long z = sampler.zeros(c, shots, pairSeed);
    return (double) z / shots;
  }

  private static Circuit compose(Circuit a, Circuit b) {
    return Circuit.builder(a.numQubits()).append(a).append(b).build();
  }

  /** A seed for one pair: a function of (seed, block, a, b) only. */
  long pairSeed(int block, int a, int b) {
    long s = mix(seed + 0x9E3779B97F4A7C15L * (block + 1));
    s = mix(s + a);
    return mix(s + 0x632BE59BD9B4E019L * (b + 1L));
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
