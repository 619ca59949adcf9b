package io.qstep.runner.qaoa;

import java.util.Arrays;

/**
 * A quadratic pseudo-Boolean function {@code f(x) = constant + Σ_i linear[i] x_i + Σ_{i<j}
 * quadratic[i][j] x_i x_j} over {@code x ∈ {0,1}^n}, bit i of a basis index being {@code x_i}.
 * Immutable; {@code quadratic} is stored symmetric ({@code n·n}, row-major) with a zero diagonal.
 */
public record Qubo(int n, double[] linear, double[] quadratic, double constant) {
  public Qubo {
    if (n < 1 || n > 62) {
      throw new IllegalArgumentException("n must be in [1, 62], got " + n);
    }
    if (linear.length != n || quadratic.length != n * n) {
      throw new IllegalArgumentException("need linear[n] and quadratic[n*n]");
    }
    linear = linear.clone();
    quadratic = quadratic.clone();
    for (int i = 0; i < n; i++) {
      if (quadratic[i * n + i] != 0) {
        throw new IllegalArgumentException("quadratic diagonal must be zero; fold it into linear");
      }
      for (int j = 0; j < i; j++) {
        if (quadratic[i * n + j] != quadratic[j * n + i]) {
          throw new IllegalArgumentException("quadratic must be symmetric");
        }
      }
    }
  }

  @Override
  public double[] linear() {
    return linear.clone();
  }

  @Override
  public double[] quadratic() {
    return quadratic.clone();
  }

  /** Coefficient of {@code x_i x_j} (i != j), counted once per pair. */
  public double pair(int i, int j) {
    return quadratic[i * n + j];
  }

  public double linear(int i) {
    return linear[i];
  }

  /**
   * The Max-Cut objective {@code C(x) = Σ_{i<j} w_ij [x_i != x_j]} of a symmetric weight matrix
   * with zero diagonal, as {@code Σ_i (Σ_j w_ij) x_i − Σ_{i<j} 2 w_ij x_i x_j}.
   *
   * @param weights row-major [n, n]
   */
  public static Qubo maxCut(int n, double[] weights) {
    double[] h = new double[n];
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          h[i] += weights[i * n + j];
          q[i * n + j] = -2 * weights[i * n + j];
        }
      }
    }
    return new Qubo(n, h, q, 0);
  }

  /** {@code -f}. */
  public Qubo negate() {
    double[] h = linear.clone();
    double[] q = quadratic.clone();
    for (int i = 0; i < h.length; i++) {
      h[i] = -h[i] + 0.0;
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = -q[i] + 0.0;
    }
    return new Qubo(n, h, q, -constant + 0.0);
  }

  /** {@code f(x)} for the bits of {@code x}. */
  public double value(long x) {
    double v = constant;
    for (int i = 0; i < n; i++) {
      if ((x >>> i & 1) != 0) {
        v += linear[i];
        for (int j = i + 1; j < n; j++) {
          if ((x >>> j & 1) != 0) {
            v += quadratic[i * n + j];
          }
        }
      }
    }
    return v;
  }

  /** {@code f(x)} for a 0/1 vector. */
  public double value(int[] bits) {
    long x = 0;
    for (int i = 0; i < n; i++) {
      if (bits[i] != 0) {
        x |= 1L << i;
      }
    }
    return value(x);
  }

  /**
   * {@code f} on every basis state, length {@code 2^n} (n <= 30). Builds the table by doubling:
   * {@code f(x + 2^k) = f(x) + linear[k] + Σ_{i<k} q_ik x_i}, with the last sum itself tabulated by
   * doubling, so the cost is two passes over {@code 2^n} entries instead of one evaluation each.
   */
  public double[] costVector() {
    if (n > 30) {
      throw new IllegalArgumentException("2^" + n + " costs do not fit one array");
    }
    double[] c = new double[1 << n];
    double[] g = new double[Math.max(1, 1 << (n - 1))];
    c[0] = constant;
    for (int k = 0; k < n; k++) {
      int size = 1 << k;
      g[0] = 0;
      for (int m = 0; m < k; m++) {
        double w = quadratic[m * n + k];
        int half = 1 << m;
        for (int x = 0; x < half; x++) {
          g[x | half] = g[x] + w;
        }
      }
      double h = linear[k];
      for (int x = 0; x < size; x++) {
        c[x | size] = c[x] + h + g[x];
      }
    }
    return c;
  }

  /** The largest absolute coefficient (linear or pair), 0 for the zero function. */
  public double maxAbsCoefficient() {
    double m = 0;
    for (double v : linear) {
      m = Math.max(m, Math.abs(v));
    }
    for (double v : quadratic) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Qubo q
        && q.n == n
        && Arrays.equals(q.linear, linear)
        && Arrays.equals(q.quadratic, quadratic)
        && Double.compare(q.constant, constant) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(linear) + Arrays.hashCode(quadratic))
        + Double.hashCode(constant);
  }

  @Override
  public String toString() {
    return "Qubo[n=" + n + "]";
  }
}
