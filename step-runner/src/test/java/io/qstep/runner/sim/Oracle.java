package io.qstep.runner.sim;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.SplittableRandom;

/**
 * Independent reference implementations for the engine's tests: a dense {@code 2^n x 2^n} unitary
 * built from Kronecker products (n <= 5), and gate application straight from the definition. Both
 * use only {@link Gate#matrix()} and plain loops, none of the engine's code. Complex arrays are
 * interleaved (re, im).
 */
final class Oracle {
  static final int MAX_DENSE_QUBITS = 5;

  private Oracle() {}

  /** {@code a ⊗ b} for square interleaved matrices. */
  static double[] kron(double[] a, int da, double[] b, int db) {
    int d = da * db;
    double[] out = new double[2 * d * d];
    for (int ar = 0; ar < da; ar++) {
      for (int ac = 0; ac < da; ac++) {
        double xr = a[2 * (ar * da + ac)];
        double xi = a[2 * (ar * da + ac) + 1];
        for (int br = 0; br < db; br++) {
          for (int bc = 0; bc < db; bc++) {
            double yr = b[2 * (br * db + bc)];
            double yi = b[2 * (br * db + bc) + 1];
            int r = ar * db + br;
            int c = ac * db + bc;
            out[2 * (r * d + c)] = xr * yr - xi * yi;
            out[2 * (r * d + c) + 1] = xr * yi + xi * yr;
          }
        }
      }
    }
    return out;
  }

  /**
   * The gate on the whole register: {@code sum_{r,c} M[r,c] (op_{n-1} ⊗ ... ⊗ op_0)} where {@code
   * op_q = |r_j><c_j|} when q is the gate's j-th qubit (bit {@code k-1-j} of r and c) and the
   * identity otherwise; qubit 0 is the rightmost factor (least significant index bit).
   */
  static double[] dense(Gate g, int n) {
    if (n > MAX_DENSE_QUBITS) {
      throw new IllegalArgumentException("dense oracle is for n <= " + MAX_DENSE_QUBITS);
    }
    double[] m = g.matrix();
    int k = g.arity();
    int dk = 1 << k;
    int dim = 1 << n;
    double[] total = new double[2 * dim * dim];
    double[] identity = {1, 0, 0, 0, 0, 0, 1, 0};
    for (int r = 0; r < dk; r++) {
      for (int c = 0; c < dk; c++) {
        double mr = m[2 * (r * dk + c)];
        double mi = m[2 * (r * dk + c) + 1];
        double[] acc = {mr, mi};
        int dAcc = 1;
        for (int q = n - 1; q >= 0; q--) {
          double[] op = identity;
          for (int j = 0; j < k; j++) {
            if (g.qubit(j) == q) {
              int rb = (r >>> (k - 1 - j)) & 1;
              int cb = (c >>> (k - 1 - j)) & 1;
              op = new double[8];
              op[2 * (rb * 2 + cb)] = 1;
            }
          }
          acc = kron(acc, dAcc, op, 2);
          dAcc *= 2;
        }
        for (int i = 0; i < total.length; i++) {
          total[i] += acc[i];
        }
      }
    }
    return total;
  }

  static double[] matVec(double[] u, double[] psi) {
    int dim = psi.length / 2;
    double[] out = new double[psi.length];
    for (int r = 0; r < dim; r++) {
      double sr = 0;
      double si = 0;
      for (int c = 0; c < dim; c++) {
        double ur = u[2 * (r * dim + c)];
        double ui = u[2 * (r * dim + c) + 1];
        sr += ur * psi[2 * c] - ui * psi[2 * c + 1];
        si += ur * psi[2 * c + 1] + ui * psi[2 * c];
      }
      out[2 * r] = sr;
      out[2 * r + 1] = si;
    }
    return out;
  }

  /**
   * {@code g} applied to {@code psi} by the definition: new[i] = sum_j M[sub(i), sub(j)] psi[j].
   */
  static double[] applyByDefinition(Gate g, double[] psi) {
    double[] m = g.matrix();
    int k = g.arity();
    int dk = 1 << k;
    int dim = psi.length / 2;
    int gateMask = 0;
    for (int j = 0; j < k; j++) {
      gateMask |= 1 << g.qubit(j);
    }
    double[] out = new double[psi.length];
    for (int i = 0; i < dim; i++) {
      int row = sub(g, i);
      int rest = i & ~gateMask;
      for (int col = 0; col < dk; col++) {
        int j = rest;
        for (int b = 0; b < k; b++) {
          if (((col >>> (k - 1 - b)) & 1) != 0) {
            j |= 1 << g.qubit(b);
          }
        }
        double ur = m[2 * (row * dk + col)];
        double ui = m[2 * (row * dk + col) + 1];
        out[2 * i] += ur * psi[2 * j] - ui * psi[2 * j + 1];
        out[2 * i + 1] += ur * psi[2 * j + 1] + ui * psi[2 * j];
      }
    }
    return out;
  }

  private static int sub(Gate g, int i) {
    int s = 0;
    for (int b = 0; b < g.arity(); b++) {
      s = (s << 1) | ((i >>> g.qubit(b)) & 1);
    }
    return s;
  }

  /** The circuit applied to {@code psi}: dense matrices for n <= 5, else by definition. */
  static double[] run(Circuit c, double[] psi) {
    int n = Integer.numberOfTrailingZeros(psi.length) - 1;
    double[] v = psi.clone();
    for (Gate g : c.gates()) {
      v = n <= MAX_DENSE_QUBITS ? matVec(dense(g, n), v) : applyByDefinition(g, v);
    }
    return v;
  }

  static double[] zeroState(int n) {
    double[] v = new double[2 << n];
    v[0] = 1;
    return v;
  }

  /** A normalised state with Gaussian amplitudes. */
  static double[] randomState(int n, SplittableRandom rng) {
    double[] v = new double[2 << n];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = gaussian(rng);
      norm += v[i] * v[i];
    }
    double s = 1 / Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] *= s;
    }
    return v;
  }

  static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }

  /** A random unitary on {@code k} qubits: Gram-Schmidt on Gaussian columns. */
  static double[] randomUnitary(int k, SplittableRandom rng) {
    int d = 1 << k;
    double[][] cols = new double[d][2 * d];
    for (int c = 0; c < d; c++) {
      for (int i = 0; i < 2 * d; i++) {
        cols[c][i] = gaussian(rng);
      }
      for (int p = 0; p < c; p++) {
        // cols[c] -= <cols[p], cols[c]> cols[p]
        double dr = 0;
        double di = 0;
        for (int i = 0; i < d; i++) {
          double pr = cols[p][2 * i];
          double pi = -cols[p][2 * i + 1];
          dr += pr * cols[c][2 * i] - pi * cols[c][2 * i + 1];
          di += pr * cols[c][2 * i + 1] + pi * cols[c][2 * i];
        }
        for (int i = 0; i < d; i++) {
          double pr = cols[p][2 * i];
          double pi = cols[p][2 * i + 1];
          cols[c][2 * i] -= dr * pr - di * pi;
          cols[c][2 * i + 1] -= dr * pi + di * pr;
        }
      }
      double norm = 0;
      for (int i = 0; i < 2 * d; i++) {
        norm += cols[c][i] * cols[c][i];
      }
      double s = 1 / Math.sqrt(norm);
      for (int i = 0; i < 2 * d; i++) {
        cols[c][i] *= s;
      }
    }
    double[] m = new double[2 * d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        m[2 * (r * d + c)] = cols[c][2 * r];
        m[2 * (r * d + c) + 1] = cols[c][2 * r + 1];
      }
    }
    return m;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
