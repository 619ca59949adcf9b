package io.qstep.runner.qaoa;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The QAOA state for a diagonal cost: {@code |γ,β> = Π_l exp(-iβ_l Σ X) exp(-iγ_l C) |+>^n}, with
 * {@code C} given as its value on every basis state. Amplitudes live in split re/im arrays (qubit 0
 * = least significant index bit, as in the state-vector engine).
 *
 * <p>The cost layer is one elementwise pass: when every cost is an integer within a small range
 * (unweighted or integer-weighted graphs) the phases come from a table of {@code cos/sin} per
 * distinct value, otherwise each amplitude computes its own. The mixer is RX(2β) on every qubit.
 * Work is split into fixed chunks of {@link #CHUNK} amplitudes over the common fork-join pool;
 * reductions sum chunk partials in chunk order, so results never depend on the thread count.
 *
 * <p>Not thread-safe: one instance per optimisation. Memory: {@code 16·2^n} bytes of state plus the
 * cost vector (and a {@code 4·2^n} byte level index when the table applies).
 */
public final class DiagonalQaoa {
  /** Amplitudes per unit of parallel work. */
  static final int CHUNK = 1 << 14;

  /** Largest number of distinct integer cost values served by a phase table. */
  static final int MAX_LEVELS = 1 << 16;

  private final int n;
  private final int dim;
  private final double[] cost;
  private final int[] level;
  private final int minLevel;
  private final int numLevels;
  private final boolean parallel;
  private final double[] re;
  private final double[] im;

  /**
   * @param numQubits n, 1..30
   * @param cost the cost of every basis state, length {@code 2^n}; not copied, not modified
   * @param parallel whether to split passes over the common fork-join pool
   */
  public DiagonalQaoa(int numQubits, double[] cost, boolean parallel) {
    if (numQubits < 1 || numQubits > 30 || cost.length != 1 << numQubits) {
      throw new IllegalArgumentException(
          "need 2^n costs for 1 <= n <= 30, got n = " + numQubits + ", " + cost.length);
    }
    this.n = numQubits;
    this.dim = 1 << numQubits;
    this.cost = cost;
    this.parallel = parallel && numQubits >= 14;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    boolean integral = true;
    for (double c : cost) {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
      integral &= c == Math.rint(c);
    }
    // exact integrality on purpose: only then does a table of phases per value reproduce them
    if (integral && hi - lo < MAX_LEVELS && lo > -(1 << 30) && hi < 1 << 30) {
      minLevel = (int) lo;
      numLevels = (int) (hi - lo) + 1;
      level = new int[dim];
      for (int i = 0; i < dim; i++) {
        level[i] = (int) cost[i] - minLevel;
      }
    } else {
      minLevel = 0;
      numLevels = 0;
      level = null;
    }
    re = new double[dim];
    im = new double[dim];
  }

  public int numQubits() {
    return n;
  }

  /** Whether the cost layer uses a phase table (integer costs in a small range). */
  public boolean usesPhaseTable() {
    return level != null;
  }

  /** Resets to {@code |+>^n} and applies the layers: cost(γ_l), then mixer(β_l), l = 0..p-1. */
  public void prepare(double[] gammas, double[] betas) {
    if (gammas.length != betas.length) {
      throw new IllegalArgumentException("need as many gammas as betas");
    }
    double a = 1 / Math.sqrt(dim);
    forChunks(
        (lo, hi) -> {
          Arrays.fill(re, lo, hi, a);
          Arrays.fill(im, lo, hi, 0);
        });
    for (int l = 0; l < gammas.length; l++) {
      applyCost(gammas[l]);
      applyMixer(betas[l]);
    }
  }

  /** Multiplies amplitude {@code x} by {@code exp(-iγ C(x))}. */
  public void applyCost(double gamma) {
    if (level != null) {
      double[] cs = new double[numLevels];
      double[] sn = new double[numLevels];
      for (int k = 0; k < numLevels; k++) {
        double phi = -gamma * (k + minLevel);
        cs[k] = Math.cos(phi);
        sn[k] = Math.sin(phi);
      }
      forChunks(
          (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
              int k = level[i];
              double c = cs[k];
              double s = sn[k];
              double r = re[i];
              double m = im[i];
              re[i] = c * r - s * m;
              im[i] = s * r + c * m;
            }
          });
    } else {
      forChunks(
          (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
              double phi = -gamma * cost[i];
              double c = Math.cos(phi);
              double s = Math.sin(phi);
              double r = re[i];
              double m = im[i];
              re[i] = c * r - s * m;
              im[i] = s * r + c * m;
            }
          });
    }
  }

  /** Applies {@code exp(-iβ X_q) = RX(2β)} to every qubit q. */
  public void applyMixer(double beta) {
    double c = Math.cos(beta);
    double s = Math.sin(beta);
    for (int q = 0; q < n; q++) {
      int bit = 1 << q;
      int pairs = dim >>> 1;
      if (!parallel || pairs < 2 * CHUNK) {
        rxRange(bit, 0, pairs, c, s);
      } else {
        int chunks = pairs / CHUNK;
        IntStream.range(0, chunks)
            .parallel()
            .forEach(k -> rxRange(bit, k * CHUNK, (k + 1) * CHUNK, c, s));
      }
    }
  }

  /**
   * RX on the qubit of {@code bit} for pairs {@code [from, to)}; pair k = k with a 0 bit inserted.
   */
  private void rxRange(int bit, int from, int to, double c, double s) {
    int k = from;
    while (k < to) {
      int i0 = ((k & ~(bit - 1)) << 1) | (k & (bit - 1));
      int run = Math.min(to - k, bit - (k & (bit - 1)));
      for (int i = i0, end = i0 + run; i < end; i++) {
        int j = i + bit;
        double ar = re[i];
        double ai = im[i];
        double br = re[j];
        double bi = im[j];
        re[i] = c * ar + s * bi;
        im[i] = c * ai - s * br;
        re[j] = c * br + s * ai;
        im[j] = c * bi - s * ar;
      }
      k += run;
    }
  }

  /** {@code <C>} in the current state. */
  public double expectation() {
    int chunks = Math.max(1, dim / CHUNK);
    int size = dim / chunks;
    double[] part = new double[chunks];
    IntStream body = IntStream.range(0, chunks);
    (parallel ? body.parallel() : body)
        .forEach(
            k -> {
              double acc = 0;
              for (int i = k * size, end = i + size; i < end; i++) {
                acc += (re[i] * re[i] + im[i] * im[i]) * cost[i];
              }
              part[k] = acc;
            });
    double total = 0;
    for (double v : part) {
      total += v;
    }
    return total;
  }

  /** Prepares the state for the angles and returns {@code <C>}. */
  public double expectation(double[] gammas, double[] betas) {
    prepare(gammas, betas);
    return expectation();
  }

  /** Probability of basis state {@code index}. */
  public double probability(int index) {
    return re[index] * re[index] + im[index] * im[index];
  }

  /** A copy of the probabilities, length {@code 2^n}. */
  public double[] probabilities() {
    double[] p = new double[dim];
    for (int i = 0; i < dim; i++) {
      p[i] = re[i] * re[i] + im[i] * im[i];
    }
    return p;
  }

  /**
   * {@code shots} basis-state indices drawn from the current state, in sorted order (the histogram
   * is what callers need). Reproducible for the same state and {@code rng} state.
   *
   * @param rng advanced by {@code shots} draws
   */
  public int[] sample(int shots, SplittableRandom rng) {
    double total = 0;
    for (int i = 0; i < dim; i++) {
      total += re[i] * re[i] + im[i] * im[i];
    }
    double[] u = new double[shots];
    for (int s = 0; s < shots; s++) {
      u[s] = rng.nextDouble() * total;
    }
    Arrays.sort(u);
    int[] out = new int[shots];
    int next = 0;
    double cumulative = 0;
    int lastNonZero = 0;
    for (int i = 0; i < dim && next < shots; i++) {
      double p = re[i] * re[i] + im[i] * im[i];
      if (p > 0) {
        lastNonZero = i;
        cumulative += p;
        while (next < shots && u[next] < cumulative) {
          out[next++] = i;
        }
      }
    }
    while (next < shots) {
      out[next++] = lastNonZero;
    }
    return out;
  }

  /** The cost of basis state {@code index}. */
  public double cost(int index) {
    return cost[index];
  }

  /** Mean cost over sampled indices (0 for none). */
  public double sampledMean(int[] samples) {
    double sum = 0;
    for (int i : samples) {
      sum += cost[i];
    }
    return samples.length == 0 ? 0 : sum / samples.length;
  }

  private interface Range {
    void run(int from, int to);
  }

  private void forChunks(Range r) {
    if (!parallel || dim < 2 * CHUNK) {
      r.run(0, dim);
      return;
    }
    IntStream.range(0, dim / CHUNK).parallel().forEach(k -> r.run(k * CHUNK, (k + 1) * CHUNK));
  }
}
