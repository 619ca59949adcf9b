package io.qstep.runner.sim;

import java.util.Arrays;

/**
 * A general unitary on {@code k} target qubits, optionally controlled: per work item, gathers the
 * {@code 2^k} amplitudes, multiplies, scatters. Used for custom unitaries and anything fusion
 * produces that has no cheaper kernel.
 */
final class MatKOp implements Op {
  private final int[] targets;
  private final int controlMask;
  private final int[] fixed;
  private final int[] offsets;
  private final double[] mRe;
  private final double[] mIm;
  private final double[] matrix;

  /**
   * @param targets first listed = most significant bit of the matrix index
   * @param matrix {@code 2^k x 2^k}, row-major interleaved (re, im)
   */
  MatKOp(int controlMask, int[] targets, double[] matrix) {
    this.targets = targets.clone();
    this.controlMask = controlMask;
    this.matrix = matrix.clone();
    int k = targets.length;
    int dim = 1 << k;
    if (matrix.length != 2 * dim * dim) {
      throw new IllegalArgumentException("a " + k + "-qubit matrix needs " + 2 * dim * dim);
    }
    if ((controlMask & Op.mask(targets)) != 0) {
      throw new IllegalArgumentException("a qubit is both target and control");
    }
    this.fixed = Op.bits(controlMask | Op.mask(targets));
    offsets = new int[dim];
    for (int j = 0; j < dim; j++) {
      int off = 0;
      for (int r = 0; r < k; r++) {
        if (((j >>> (k - 1 - r)) & 1) != 0) {
          off |= 1 << targets[r];
        }
      }
      offsets[j] = off;
    }
    mRe = new double[dim * dim];
    mIm = new double[dim * dim];
    for (int i = 0; i < dim * dim; i++) {
      mRe[i] = matrix[2 * i];
      mIm[i] = matrix[2 * i + 1];
    }
  }

  @Override
  public int workItems(int n) {
    return 1 << (n - fixed.length);
  }

  @Override
  public double costPerAmplitude() {
    return cost(targets.length, controlMask);
  }

  /** {@link Op#costPerAmplitude()} for {@code k} targets and these controls. */
  static double cost(int k, int controlMask) {
    return 1.3 * (1 << k) / (1 << Integer.bitCount(controlMask));
  }

  @Override
  public int[] qubits() {
    int[] out = Arrays.copyOf(targets, fixed.length);
    System.arraycopy(Op.bits(controlMask), 0, out, targets.length, fixed.length - targets.length);
    return out;
  }

  @Override
  public Op remap(int[] map) {
    return new MatKOp(Op.remapMask(controlMask, map), Op.remapAll(targets, map), matrix);
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    int dim = offsets.length;
    double[] xr = new double[dim];
    double[] xi = new double[dim];
    for (int k = from; k < to; k++) {
      int base = Op.insertZeros(k, fixed) | controlMask;
      for (int j = 0; j < dim; j++) {
        xr[j] = re[base + offsets[j]];
        xi[j] = im[base + offsets[j]];
      }
      for (int r = 0; r < dim; r++) {
        double sr = 0;
        double si = 0;
        int row = r * dim;
        for (int c = 0; c < dim; c++) {
          double ur = mRe[row + c];
          double ui = mIm[row + c];
          sr += ur * xr[c] - ui * xi[c];
          si += ur * xi[c] + ui * xr[c];
        }
        re[base + offsets[r]] = sr;
        im[base + offsets[r]] = si;
      }
    }
  }

  @Override
  public String toString() {
    return "MatK" + Arrays.toString(targets) + " c=" + Integer.toBinaryString(controlMask);
  }
}
