package io.qstep.runner.qaoa;

import java.util.SplittableRandom;

/** Test graphs as row-major weight matrices. */
public final class Graphs {
  private Graphs() {}

  /** The Petersen graph (10 vertices, 15 edges, 3-regular); its maximum cut is 12. */
  public static double[] petersen() {
    int n = 10;
    double[] w = new double[n * n];
    for (int i = 0; i < 5; i++) {
      edge(w, n, i, (i + 1) % 5, 1); // outer cycle
      edge(w, n, 5 + i, 5 + (i + 2) % 5, 1); // inner pentagram
      edge(w, n, i, 5 + i, 1); // spokes
    }
    return w;
  }

  /** G(n, density) with weights uniform in [lo, hi] (or 1 when {@code lo == hi == 1}). */
  public static double[] random(int n, double density, double lo, double hi, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (rng.nextDouble() < density) {
          edge(w, n, i, j, lo == hi ? lo : rng.nextDouble(lo, hi));
        }
      }
    }
    return w;
  }

  /**
   * A random 3-regular graph on {@code n} (even) vertices: random perfect matchings of stubs,
   * rejected until simple.
   */
  public static double[] random3Regular(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    while (true) {
      int[] stubs = new int[3 * n];
      for (int i = 0; i < stubs.length; i++) {
        stubs[i] = i / 3;
      }
      for (int i = stubs.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = stubs[i];
        stubs[i] = stubs[j];
        stubs[j] = t;
      }
      double[] w = new double[n * n];
      boolean ok = true;
      for (int i = 0; i < stubs.length && ok; i += 2) {
        int a = stubs[i];
        int b = stubs[i + 1];
        if (a == b || w[a * n + b] != 0) {
          ok = false;
        } else {
          edge(w, n, a, b, 1);
        }
      }
      if (ok) {
        return w;
      }
    }
  }

  static void edge(double[] w, int n, int i, int j, double v) {
    w[i * n + j] = v;
    w[j * n + i] = v;
  }
}
