package io.qstep.runner.sim;

import java.util.Arrays;

/**
 * A diagonal gate on any number of qubits: one multiply per amplitude, no pairing. Where the lowest
 * qubit is at least 3, amplitudes come in runs of at least 8 with the same diagonal entry; runs
 * whose entry is exactly the identity are skipped, so a controlled phase on high qubits touches a
 * quarter of the state.
 */
final class DiagOp implements Op {
  private static final int MIN_RUN_BITS = 3;

  private final int[] qubits;
  private final double[] dRe;
  private final double[] dIm;
  private final boolean[] identity;
  private final int minQubit;

  /**
   * @param qubits first listed = most significant bit of the diagonal's index
   * @param diag interleaved (re, im), length {@code 2 * 2^k}
   */
  DiagOp(int[] qubits, double[] diag) {
    this.qubits = qubits.clone();
    int dim = 1 << qubits.length;
    if (diag.length != 2 * dim) {
      throw new IllegalArgumentException("diagonal of " + qubits.length + " qubits needs " + dim);
    }
    dRe = new double[dim];
    dIm = new double[dim];
    identity = new boolean[dim];
    for (int e = 0; e < dim; e++) {
      dRe[e] = diag[2 * e];
      dIm[e] = diag[2 * e + 1];
      identity[e] = Matrices.isOne(dRe[e], dIm[e]);
      if (identity[e]) {
        dRe[e] = 1;
        dIm[e] = 0;
      }
    }
    int min = Integer.MAX_VALUE;
    for (int q : qubits) {
      min = Math.min(min, q);
    }
    minQubit = min;
  }

  /** The diagonal, interleaved (re, im). */
  double[] diagonal() {
    double[] out = new double[2 * dRe.length];
    for (int e = 0; e < dRe.length; e++) {
      out[2 * e] = dRe[e];
      out[2 * e + 1] = dIm[e];
    }
    return out;
  }

  @Override
  public int workItems(int n) {
    return 1 << n;
  }

  @Override
  public int[] qubits() {
    return qubits.clone();
  }

  @Override
  public Op remap(int[] map) {
    return new DiagOp(Op.remapAll(qubits, map), diagonal());
  }

  private int entry(int i) {
    int e = 0;
    for (int q : qubits) {
      e = (e << 1) | ((i >>> q) & 1);
    }
    return e;
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    if (minQubit >= MIN_RUN_BITS) {
      applyRuns(re, im, from, to);
    } else if (qubits.length == 1) {
      applyOne(re, im, from, to);
    } else {
      for (int i = from; i < to; i++) {
        int e = entry(i);
        double dr = dRe[e];
        double di = dIm[e];
        double ar = re[i];
        double ai = im[i];
        re[i] = dr * ar - di * ai;
        im[i] = dr * ai + di * ar;
      }
    }
  }

  private void applyRuns(double[] re, double[] im, int from, int to) {
    int runMask = (1 << minQubit) - 1;
    int i = from;
    while (i < to) {
      int end = Math.min(to, (i | runMask) + 1);
      int e = entry(i);
      if (!identity[e]) {
        scale(re, im, i, end, dRe[e], dIm[e]);
      }
      i = end;
    }
  }

  private static void scale(double[] re, double[] im, int from, int to, double dr, double di) {
    for (int i = from; i < to; i++) {
      double ar = re[i];
      double ai = im[i];
      re[i] = dr * ar - di * ai;
      im[i] = dr * ai + di * ar;
    }
  }

  private void applyOne(double[] re, double[] im, int from, int to) {
    int q = qubits[0];
    double d0r = dRe[0];
    double d0i = dIm[0];
    double d1r = dRe[1];
    double d1i = dIm[1];
    if (q == 0 && ((from | to) & 1) == 0) {
      for (int i = from; i < to; i += 2) {
        double ar = re[i];
        double ai = im[i];
        double br = re[i + 1];
        double bi = im[i + 1];
        re[i] = d0r * ar - d0i * ai;
        im[i] = d0r * ai + d0i * ar;
        re[i + 1] = d1r * br - d1i * bi;
        im[i + 1] = d1r * bi + d1i * br;
      }
      return;
    }
    for (int i = from; i < to; i++) {
      int e = (i >>> q) & 1;
      double dr = e == 0 ? d0r : d1r;
      double di = e == 0 ? d0i : d1i;
      double ar = re[i];
      double ai = im[i];
      re[i] = dr * ar - di * ai;
      im[i] = dr * ai + di * ar;
    }
  }

  @Override
  public String toString() {
    return "Diag" + Arrays.toString(qubits);
  }
}
