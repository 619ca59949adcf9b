package io.qstep.runner.drift;

import java.util.Arrays;

/**
 * Distances between distributions and the population stability index. Stateless; inputs are not
 * modified.
 */
public final class Distances {
  /** Smoothing of empty bins in the PSI (a fraction), as is customary (1e-4). */
  public static final double PSI_EPS = 1e-4;

  /** Bins of the PSI: deciles of the reference. */
  public static final int PSI_BINS = 10;

  private Distances() {}

  /**
   * {@code v} scaled to sum 1 (counts or unnormalised weights).
   *
   * @throws IllegalArgumentException for a negative or non-finite entry or a zero sum
   */
  public static double[] normalize(double[] v) {
    double s = 0;
    for (double x : v) {
      if (!(x >= 0) || Double.isInfinite(x)) {
        throw new IllegalArgumentException("entries must be finite and >= 0, got " + x);
      }
      s += x;
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException("the entries sum to zero");
    }
    double[] p = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      p[i] = v[i] / s;
    }
    return p;
  }

  /** Total-variation distance ½ Σ |p − q| of two distributions of equal length, in [0, 1]. */
  public static double totalVariation(double[] p, double[] q) {
    check(p, q);
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return s / 2;
  }

  /** Hellinger distance √(1 − Σ √(p q)), in [0, 1]. */
  public static double hellinger(double[] p, double[] q) {
    check(p, q);
    double bc = 0;
    for (int i = 0; i < p.length; i++) {
      bc += Math.sqrt(p[i] * q[i]);
    }
    return Math.sqrt(Math.max(0, 1 - bc));
  }

  private static void check(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("lengths differ: " + p.length + " vs " + q.length);
    }
  }

  /**
   * Population stability index of {@code current} against {@code reference}: bins at the
   * reference's deciles (duplicates merged), fractions smoothed by {@link #PSI_EPS}, PSI = Σ (c −
   * r) ln(c / r). Rules of thumb: &lt; 0.1 stable, 0.1–0.25 moderate shift, &gt; 0.25 large shift.
   */
  public static double psi(double[] reference, double[] current) {
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("empty sample");
    }
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    double[] edges = new double[PSI_BINS - 1];
    int m = 0;
    for (int k = 1; k < PSI_BINS; k++) {
      double e =
          sorted[
              (int) Math.min(sorted.length - 1, Math.floor(k * sorted.length / (double) PSI_BINS))];
      if (m == 0 || e > edges[m - 1]) {
        edges[m++] = e;
      }
    }
    edges = Arrays.copyOf(edges, m);
    double[] r = histogram(reference, edges);
    double[] c = histogram(current, edges);
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      double a = Math.max(c[i], PSI_EPS);
      double b = Math.max(r[i], PSI_EPS);
      psi += (a - b) * Math.log(a / b);
    }
    return psi;
  }

  /** Fractions in the bins (−∞, e0), [e0, e1), …, [e_last, ∞). */
  private static double[] histogram(double[] x, double[] edges) {
    double[] h = new double[edges.length + 1];
    for (double v : x) {
      int lo = 0;
      int hi = edges.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (v >= edges[mid]) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      h[lo]++;
    }
    for (int i = 0; i < h.length; i++) {
      h[i] /= x.length;
    }
    return h;
  }
}
