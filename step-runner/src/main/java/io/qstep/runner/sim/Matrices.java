package io.qstep.runner.sim;

/**
 * Small dense complex matrices for the compile step: row-major, interleaved (re, im), dimension
 * {@code 2^k}, qubit lists ordered as in {@link io.qstep.circuit.Gate} (first listed = most
 * significant bit of the matrix index).
 */
final class Matrices {
  /**
   * Entries at most this far from 0 or 1 count as exactly 0 or 1 when the structure of a matrix is
   * classified. Products of structured gates leave residues around 1e-16; treating them as zero
   * lets the cheaper kernels apply and changes amplitudes by less than this per gate.
   */
  static final double EPS_STRUCTURE = 1e-14;

  private Matrices() {}

  static int dim(double[] m) {
    int d = (int) Math.round(Math.sqrt(m.length / 2.0));
    if (2 * d * d != m.length) {
      throw new IllegalArgumentException("not a square interleaved matrix: " + m.length);
    }
    return d;
  }

  /** {@code a · b}. */
  static double[] multiply(double[] a, double[] b) {
    int d = dim(a);
    double[] c = new double[a.length];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        double ar = a[2 * (i * d + k)];
        double ai = a[2 * (i * d + k) + 1];
        for (int j = 0; j < d; j++) {
          double br = b[2 * (k * d + j)];
          double bi = b[2 * (k * d + j) + 1];
          c[2 * (i * d + j)] += ar * br - ai * bi;
          c[2 * (i * d + j) + 1] += ar * bi + ai * br;
        }
      }
    }
    return c;
  }

  /**
   * The matrix {@code m} acting on {@code qubits}, written on the larger list {@code target} (which
   * contains every qubit of {@code qubits}), identity on the others.
   */
  static double[] expand(double[] m, int[] qubits, int[] target) {
    int k = target.length;
    int dim = 1 << k;
    int[] posInTarget = new int[qubits.length];
    int otherMask = dim - 1;
    for (int r = 0; r < qubits.length; r++) {
      posInTarget[r] = indexOf(target, qubits[r]);
      if (posInTarget[r] < 0) {
        throw new IllegalArgumentException("qubit " + qubits[r] + " not in target list");
      }
      otherMask &= ~(1 << (k - 1 - posInTarget[r]));
    }
    int sub = 1 << qubits.length;
    double[] out = new double[2 * dim * dim];
    for (int row = 0; row < dim; row++) {
      for (int col = 0; col < dim; col++) {
        if ((row & otherMask) != (col & otherMask)) {
          continue;
        }
        int sr = 0;
        int sc = 0;
        for (int r = 0; r < qubits.length; r++) {
          int bit = k - 1 - posInTarget[r];
          sr = (sr << 1) | ((row >>> bit) & 1);
          sc = (sc << 1) | ((col >>> bit) & 1);
        }
        out[2 * (row * dim + col)] = m[2 * (sr * sub + sc)];
        out[2 * (row * dim + col) + 1] = m[2 * (sr * sub + sc) + 1];
      }
    }
    return out;
  }

  static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  static boolean isZero(double re, double im) {
    return Math.abs(re) <= EPS_STRUCTURE && Math.abs(im) <= EPS_STRUCTURE;
  }

  static boolean isOne(double re, double im) {
    return Math.abs(re - 1) <= EPS_STRUCTURE && Math.abs(im) <= EPS_STRUCTURE;
  }

  static boolean isDiagonal(double[] m) {
    int d = dim(m);
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        if (r != c && !isZero(m[2 * (r * d + c)], m[2 * (r * d + c) + 1])) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code m} is a permutation matrix with every non-zero entry exactly 1. */
  static boolean isPermutation(double[] m) {
    int d = dim(m);
    for (int r = 0; r < d; r++) {
      int ones = 0;
      for (int c = 0; c < d; c++) {
        double re = m[2 * (r * d + c)];
        double im = m[2 * (r * d + c) + 1];
        if (isOne(re, im)) {
          ones++;
        } else if (!isZero(re, im)) {
          return false;
        }
      }
      if (ones != 1) {
        return false;
      }
    }
    return true;
  }

  static boolean isIdentity(double[] m) {
    int d = dim(m);
    for (int r = 0; r < d; r++) {
      if (!isOne(m[2 * (r * d + r)], m[2 * (r * d + r) + 1])) {
        return false;
      }
    }
    return isDiagonal(m);
  }

  /** The diagonal as interleaved (re, im) pairs. */
  static double[] diagonal(double[] m) {
    int d = dim(m);
    double[] out = new double[2 * d];
    for (int r = 0; r < d; r++) {
      out[2 * r] = m[2 * (r * d + r)];
      out[2 * r + 1] = m[2 * (r * d + r) + 1];
    }
    return out;
  }

  /**
   * Whether the qubit at matrix bit {@code bit} is a pure control: the matrix is block diagonal in
   * that bit and the identity on its 0 block.
   */
  static boolean isControl(double[] m, int bit) {
    int d = dim(m);
    int mask = 1 << bit;
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        boolean touchesZero = (r & mask) == 0 || (c & mask) == 0;
        if (!touchesZero) {
          continue;
        }
        double re = m[2 * (r * d + c)];
        double im = m[2 * (r * d + c) + 1];
        boolean ok = r == c ? isOne(re, im) : isZero(re, im);
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The sub-matrix on the rows and columns whose bits in {@code fixedMask} equal {@code
   * fixedValue}, indexed by the remaining bits in order.
   */
  static double[] subMatrix(double[] m, int fixedMask, int fixedValue) {
    int d = dim(m);
    int[] idx = new int[d];
    int count = 0;
    for (int r = 0; r < d; r++) {
      if ((r & fixedMask) == fixedValue) {
        idx[count++] = r;
      }
    }
    double[] out = new double[2 * count * count];
    for (int r = 0; r < count; r++) {
      for (int c = 0; c < count; c++) {
        out[2 * (r * count + c)] = m[2 * (idx[r] * d + idx[c])];
        out[2 * (r * count + c) + 1] = m[2 * (idx[r] * d + idx[c]) + 1];
      }
    }
    return out;
  }
}
