package io.qstep.runner.sim;

import java.util.Arrays;

/**
 * A diagonal gate on any number of qubits: one multiply per amplitude, no pairing. Where the lowest
 * qubit is at least 6, amplitudes come in runs of at least 64 with the same diagonal entry; runs
 * whose entry is exactly the identity are skipped, so a controlled phase on high qubits touches a
 * quarter of the state.
 */
final class DiagOp implements Op {
  /** Runs of at least 64 equal entries are worth a plain stride-1 loop of their own. */
  private static final int MIN_RUN_BITS = 6;

  private static final int PERIOD_BITS = MIN_RUN_BITS;
  private static final int PERIOD = 1 << PERIOD_BITS;

  /** Above this many qubits the per-run tables ({@code 2^k x 64}) are not worth building. */
  private static final int MAX_PERIODIC_QUBITS = 8;

  private final int[] qubits;
  private final double[] dRe;
  private final double[] dIm;
  private final boolean[] identity;
  private final int minQubit;
  private final double[][] periodRe;
  private final double[][] periodIm;

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
    int k = qubits.length;
    if (minQubit < MIN_RUN_BITS && k <= MAX_PERIODIC_QUBITS) {
      int[] lowEntry = new int[PERIOD];
      int lowBits = 0;
      for (int j = 0; j < PERIOD; j++) {
        for (int r = 0; r < k; r++) {
          if (qubits[r] < PERIOD_BITS) {
            lowEntry[j] |= ((j >>> qubits[r]) & 1) << (k - 1 - r);
          }
        }
        lowBits |= lowEntry[j];
      }
      periodRe = new double[dim][];
      periodIm = new double[dim][];
      for (int high = 0; high < dim; high++) {
        if ((high & lowBits) != 0) {
          continue;
        }
        periodRe[high] = new double[PERIOD];
        periodIm[high] = new double[PERIOD];
        for (int j = 0; j < PERIOD; j++) {
          periodRe[high][j] = dRe[high | lowEntry[j]];
          periodIm[high][j] = dIm[high | lowEntry[j]];
        }
      }
    } else {
      periodRe = null;
      periodIm = null;
    }
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
  public boolean isDiagonal() {
    return true;
  }

  @Override
  public int workItems(int n) {
    return 1 << n;
  }

  @Override
  public double costPerAmplitude() {
    return cost(qubits, diagonal());
  }

  /** {@link Op#costPerAmplitude()} of the op {@code new DiagOp(qubits, diag)} would be. */
  static double cost(int[] qubits, double[] diag) {
    int min = Integer.MAX_VALUE;
    for (int q : qubits) {
      min = Math.min(min, q);
    }
    if (min < MIN_RUN_BITS) {
      return qubits.length <= MAX_PERIODIC_QUBITS ? 0.9 : 1.5;
    }
    int touched = 0;
    for (int e = 0; e < diag.length / 2; e++) {
      touched += Matrices.isOne(diag[2 * e], diag[2 * e + 1]) ? 0 : 1;
    }
    return 0.05 + 0.6 * touched / diag.length;
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
    } else if (periodRe != null) {
      applyPeriodic(re, im, from, to);
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

  /**
   * Qubits below {@link #MIN_RUN_BITS} make the entry change inside every aligned run of 64
   * amplitudes, but with period 64: each run multiplies by one of a few precomputed 64-entry tables
   * (picked by the high qubits), a stride-1 loop with no per-amplitude index arithmetic.
   */
  private void applyPeriodic(double[] re, double[] im, int from, int to) {
    int i = from;
    while (i < to) {
      int runStart = i & -PERIOD;
      int end = Math.min(to, runStart + PERIOD);
      int high = highEntry(i);
      double[] tr = periodRe[high];
      double[] ti = periodIm[high];
      for (int x = i; x < end; x++) {
        double dr = tr[x - runStart];
        double di = ti[x - runStart];
        double ar = re[x];
        double ai = im[x];
        re[x] = dr * ar - di * ai;
        im[x] = dr * ai + di * ar;
      }
      i = end;
    }
  }

  private int highEntry(int i) {
    int e = 0;
    int k = qubits.length;
    for (int r = 0; r < k; r++) {
      if (qubits[r] >= PERIOD_BITS) {
        e |= ((i >>> qubits[r]) & 1) << (k - 1 - r);
      }
    }
    return e;
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

  @Override
  public String toString() {
    return "Diag" + Arrays.toString(qubits);
  }
}
