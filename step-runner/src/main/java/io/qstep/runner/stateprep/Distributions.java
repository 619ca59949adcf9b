package io.qstep.runner.stateprep;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Probability-vector helpers for sampling tasks: TVD, counts, seeded sampling, shot noise. */
public final class Distributions {
  private Distributions() {}

  /** |a_i|² / Σ|a|², for real amplitudes. */
  public static double[] fromAmplitudes(double[] a) {
    double s = 0;
    double[] p = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      p[i] = a[i] * a[i];
      s += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= s;
    }
    return p;
  }

  /** Total-variation distance ½ Σ |p_i − q_i|. */
  public static double tvd(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return s / 2;
  }

  /** Histogram of outcomes 0..dim-1. */
  public static long[] counts(long[] samples, int dim) {
    long[] c = new long[dim];
    for (long s : samples) {
      c[(int) s]++;
    }
    return c;
  }

  /** counts / shots. */
  public static double[] empirical(long[] counts, long shots) {
    double[] e = new double[counts.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = (double) counts[i] / shots;
    }
    return e;
  }

  /** {@code shots} seeded draws from p (normalised) by inverse CDF with binary search. */
  public static long[] sample(double[] p, int shots, SplittableRandom rng) {
    double[] cdf = new double[p.length];
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      cdf[i] = acc;
    }
    long[] out = new long[shots];
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble() * acc;
      int i = Arrays.binarySearch(cdf, u);
      i = i >= 0 ? i + 1 : -i - 1;
      while (i < p.length - 1 && p[i] == 0) {
        i++;
      }
      out[s] = Math.min(i, p.length - 1);
    }
    return out;
  }

  /**
   * The expected TVD between p and the empirical distribution of {@code shots} draws from p, in the
   * normal approximation of each binomial count: Σ √(p_i (1 − p_i) / (2π shots)). An upper-range
   * guide for small p_i·shots, where the normal approximation overstates it.
   */
  public static double expectedShotNoiseTvd(double[] p, long shots) {
    double s = 0;
    for (double v : p) {
      s += Math.sqrt(v * (1 - v));
    }
    return s / Math.sqrt(2 * Math.PI * shots);
  }
}
