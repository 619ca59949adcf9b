package io.qstep.circuit;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Dense complex matrices for tests, built independently of the production code: textbook Paulis,
 * Kronecker products, and a circuit unitary assembled by embedding each gate into the full space.
 * Row-major, interleaved (re, im).
 */
final class TestMatrices {
  private TestMatrices() {}

  static final double EPS = 1e-12;

  static double[] identity(int dim) {
    double[] m = new double[2 * dim * dim];
    for (int i = 0; i < dim; i++) {
      m[2 * (i * dim + i)] = 1;
    }
    return m;
  }

  static int dim(double[] m) {
    return (int) Math.round(Math.sqrt(m.length / 2.0));
  }

  static double[] of2(double... entries) {
    return entries.clone();
  }

  static final double[] I2 = identity(2);
  static final double[] X = {0, 0, 1, 0, 1, 0, 0, 0};
  static final double[] Y = {0, 0, 0, -1, 0, 1, 0, 0};
  static final double[] Z = {1, 0, 0, 0, 0, 0, -1, 0};
  static final double[] P0 = {1, 0, 0, 0, 0, 0, 0, 0};
  static final double[] P1 = {0, 0, 0, 0, 0, 0, 1, 0};

  static double[] diag(double... phases) {
    int d = phases.length;
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      m[2 * (i * d + i)] = Math.cos(phases[i]);
      m[2 * (i * d + i) + 1] = Math.sin(phases[i]);
    }
    return m;
  }

  static double[] kron(double[] a, double[] b) {
    int da = dim(a);
    int db = dim(b);
    int d = da * db;
    double[] m = new double[2 * d * d];
    for (int i = 0; i < da; i++) {
      for (int j = 0; j < da; j++) {
        for (int k = 0; k < db; k++) {
          for (int l = 0; l < db; l++) {
            double ar = a[2 * (i * da + j)];
            double ai = a[2 * (i * da + j) + 1];
            double br = b[2 * (k * db + l)];
            double bi = b[2 * (k * db + l) + 1];
            int r = i * db + k;
            int c = j * db + l;
            m[2 * (r * d + c)] = ar * br - ai * bi;
            m[2 * (r * d + c) + 1] = ar * bi + ai * br;
          }
        }
      }
    }
    return m;
  }

  static double[] kron(double[] a, double[] b, double[] c) {
    return kron(kron(a, b), c);
  }

  static double[] mul(double[] a, double[] b) {
    int d = dim(a);
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        double ar = a[2 * (i * d + k)];
        double ai = a[2 * (i * d + k) + 1];
        for (int j = 0; j < d; j++) {
          double br = b[2 * (k * d + j)];
          double bi = b[2 * (k * d + j) + 1];
          m[2 * (i * d + j)] += ar * br - ai * bi;
          m[2 * (i * d + j) + 1] += ar * bi + ai * br;
        }
      }
    }
    return m;
  }

  static double[] add(double[] a, double[] b) {
    double[] m = a.clone();
    for (int i = 0; i < m.length; i++) {
      m[i] += b[i];
    }
    return m;
  }

  /** (re + i im) * a. */
  static double[] scale(double re, double im, double[] a) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i += 2) {
      m[i] = re * a[i] - im * a[i + 1];
      m[i + 1] = re * a[i + 1] + im * a[i];
    }
    return m;
  }

  static double[] dagger(double[] a) {
    int d = dim(a);
    double[] m = new double[a.length];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        m[2 * (j * d + i)] = a[2 * (i * d + j)];
        m[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
      }
    }
    return m;
  }

  /** cos(θ/2) I − i sin(θ/2) P. */
  static double[] rotation(double[] pauli, double theta) {
    return add(
        scale(Math.cos(theta / 2), 0, identity(dim(pauli))), scale(0, -Math.sin(theta / 2), pauli));
  }

  /** |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ u, control first. */
  static double[] controlled(double[] u) {
    return add(kron(P0, identity(dim(u))), kron(P1, u));
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static boolean close(double[] a, double[] b) {
    return a.length == b.length && maxAbsDiff(a, b) < 1e-9;
  }

  /** Whether a = e^{iφ} b within 1e-9. */
  static boolean closeUpToPhase(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    // <b, a> / |<b, a>| is the phase when a = e^{iφ} b
    double re = 0;
    double im = 0;
    for (int i = 0; i < a.length; i += 2) {
      re += b[i] * a[i] + b[i + 1] * a[i + 1];
      im += b[i] * a[i + 1] - b[i + 1] * a[i];
    }
    double n = Math.hypot(re, im);
    if (n < 1e-9) {
      return false;
    }
    return close(a, scale(re / n, im / n, b));
  }

  static boolean isUnitary(double[] u) {
    return close(mul(u, dagger(u)), identity(dim(u)));
  }

  /**
   * The unitary of a bound circuit: each gate embedded into the full space (qubit q = bit q of the
   * basis index; a gate's first qubit is the high bit of its own matrix), then multiplied. Row r of
   * the embedded gate is non-zero only in the 2^k columns that agree with r off the gate's qubits.
   */
  static double[] unitary(Circuit c) {
    int n = c.numQubits();
    int d = 1 << n;
    double[] u = identity(d);
    for (Gate g : c.gates()) {
      double[] m = g.matrix(Map.of());
      int k = g.arity();
      int gd = 1 << k;
      int mask = 0;
      for (int t = 0; t < k; t++) {
        mask |= 1 << g.qubit(t);
      }
      double[] next = new double[u.length];
      for (int r = 0; r < d; r++) {
        int gr = subIndex(g, r);
        for (int gc = 0; gc < gd; gc++) {
          int col = r & ~mask;
          for (int t = 0; t < k; t++) {
            if (((gc >> (k - 1 - t)) & 1) != 0) {
              col |= 1 << g.qubit(t);
            }
          }
          double mr = m[2 * (gr * gd + gc)];
          double mi = m[2 * (gr * gd + gc) + 1];
          if (mr == 0 && mi == 0) {
            continue;
          }
          for (int j = 0; j < d; j++) {
            double ur = u[2 * (col * d + j)];
            double ui = u[2 * (col * d + j) + 1];
            next[2 * (r * d + j)] += mr * ur - mi * ui;
            next[2 * (r * d + j) + 1] += mr * ui + mi * ur;
          }
        }
      }
      u = next;
    }
    return u;
  }

  /** The gate-matrix index of basis state {@code r}: the gate's qubits, first one high. */
  private static int subIndex(Gate g, int r) {
    int s = 0;
    for (int t = 0; t < g.arity(); t++) {
      s = s << 1 | ((r >> g.qubit(t)) & 1);
    }
    return s;
  }

  /** A Haar-ish random unitary: Gram-Schmidt on a complex Gaussian matrix. */
  static double[] randomUnitary(int k, SplittableRandom rnd) {
    int d = 1 << k;
    double[][] re = new double[d][d];
    double[][] im = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        re[i][j] = gaussian(rnd);
        im[i][j] = gaussian(rnd);
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        // row_i -= <row_j, row_i> row_j
        double pr = 0;
        double pi = 0;
        for (int l = 0; l < d; l++) {
          pr += re[j][l] * re[i][l] + im[j][l] * im[i][l];
          pi += re[j][l] * im[i][l] - im[j][l] * re[i][l];
        }
        for (int l = 0; l < d; l++) {
          re[i][l] -= pr * re[j][l] - pi * im[j][l];
          im[i][l] -= pr * im[j][l] + pi * re[j][l];
        }
      }
      double n = 0;
      for (int l = 0; l < d; l++) {
        n += re[i][l] * re[i][l] + im[i][l] * im[i][l];
      }
      n = Math.sqrt(n);
      for (int l = 0; l < d; l++) {
        re[i][l] /= n;
        im[i][l] /= n;
      }
    }
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        m[2 * (i * d + j)] = re[i][j];
        m[2 * (i * d + j) + 1] = im[i][j];
      }
    }
    return m;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; 1 - u keeps the log argument in (0, 1]
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
