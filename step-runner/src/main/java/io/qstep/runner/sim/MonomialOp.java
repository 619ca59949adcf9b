package io.qstep.runner.sim;

import java.util.Arrays;

/**
 * A phased permutation on {@code k} target qubits (one non-zero per row and column), optionally
 * controlled: per work item, amplitude {@code r} becomes {@code phase[r] * old[perm[r]]}, one
 * complex multiply per amplitude instead of {@code 2^k}. Covers a CX or SWAP with phases fused in
 * (RZ next to a CX, iSWAP, CY).
 */
final class MonomialOp implements Op {
  private final int[] targets;
  private final int controlMask;
  private final int[] fixed;
  private final int[] offsets;
  private final int[] perm;
  private final double[] phRe;
  private final double[] phIm;
  private final double[] matrix;

  /**
   * @param targets first listed = most significant bit of the matrix index
   * @param matrix a monomial {@code 2^k x 2^k} matrix, row-major interleaved (re, im)
   * @throws IllegalArgumentException when {@code matrix} is not monomial
   */
  MonomialOp(int controlMask, int[] targets, double[] matrix) {
    this.targets = targets.clone();
    this.controlMask = controlMask;
    this.matrix = matrix.clone();
    int k = targets.length;
    int dim = 1 << k;
    if ((controlMask & Op.mask(targets)) != 0) {
      throw new IllegalArgumentException("a qubit is both target and control");
    }
    fixed = Op.bits(controlMask | Op.mask(targets));
    offsets = new int[dim];
    for (int j = 0; j < dim; j++) {
      for (int r = 0; r < k; r++) {
        if (((j >>> (k - 1 - r)) & 1) != 0) {
          offsets[j] |= 1 << targets[r];
        }
      }
    }
    perm = monomialPermutation(matrix);
    if (perm == null) {
      throw new IllegalArgumentException("not a monomial matrix");
    }
    phRe = new double[dim];
    phIm = new double[dim];
    for (int r = 0; r < dim; r++) {
      phRe[r] = matrix[2 * (r * dim + perm[r])];
      phIm[r] = matrix[2 * (r * dim + perm[r]) + 1];
    }
  }

  /** For each row the column of its single non-zero entry; null when the matrix is not monomial. */
  static int[] monomialPermutation(double[] m) {
    int d = Matrices.dim(m);
    int[] perm = new int[d];
    boolean[] used = new boolean[d];
    for (int r = 0; r < d; r++) {
      perm[r] = -1;
      for (int c = 0; c < d; c++) {
        if (!Matrices.isZero(m[2 * (r * d + c)], m[2 * (r * d + c) + 1])) {
          if (perm[r] >= 0 || used[c]) {
            return null;
          }
          perm[r] = c;
          used[c] = true;
        }
      }
      if (perm[r] < 0) {
        return null;
      }
    }
    return perm;
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
    return (k == 2 ? 2.0 : 1.3 * (1 << k)) / (1 << Integer.bitCount(controlMask));
  }

  @Override
  public int[] qubits() {
    int[] out = Arrays.copyOf(targets, fixed.length);
    System.arraycopy(Op.bits(controlMask), 0, out, targets.length, fixed.length - targets.length);
    return out;
  }

  @Override
  public Op remap(int[] map) {
    return new MonomialOp(Op.remapMask(controlMask, map), Op.remapAll(targets, map), matrix);
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    if (offsets.length == 4) {
      applyFour(re, im, from, to);
      return;
    }
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
        double ar = xr[perm[r]];
        double ai = xi[perm[r]];
        re[base + offsets[r]] = phRe[r] * ar - phIm[r] * ai;
        im[base + offsets[r]] = phRe[r] * ai + phIm[r] * ar;
      }
    }
  }

  /** Two target qubits: the quadruple unrolled, sources and phases in locals. */
  private void applyFour(double[] re, double[] im, int from, int to) {
    final int o0 = offsets[0];
    final int o1 = offsets[1];
    final int o2 = offsets[2];
    final int o3 = offsets[3];
    final int s0 = offsets[perm[0]];
    final int s1 = offsets[perm[1]];
    final int s2 = offsets[perm[2]];
    final int s3 = offsets[perm[3]];
    final double p0r = phRe[0];
    final double p0i = phIm[0];
    final double p1r = phRe[1];
    final double p1i = phIm[1];
    final double p2r = phRe[2];
    final double p2i = phIm[2];
    final double p3r = phRe[3];
    final double p3i = phIm[3];
    final int[] fx = fixed;
    final int cm = controlMask;
    for (int k = from; k < to; k++) {
      int b = Op.insertZeros(k, fx) | cm;
      double x0r = re[b + s0];
      double x0i = im[b + s0];
      double x1r = re[b + s1];
      double x1i = im[b + s1];
      double x2r = re[b + s2];
      double x2i = im[b + s2];
      double x3r = re[b + s3];
      double x3i = im[b + s3];
      re[b + o0] = p0r * x0r - p0i * x0i;
      im[b + o0] = p0r * x0i + p0i * x0r;
      re[b + o1] = p1r * x1r - p1i * x1i;
      im[b + o1] = p1r * x1i + p1i * x1r;
      re[b + o2] = p2r * x2r - p2i * x2i;
      im[b + o2] = p2r * x2i + p2i * x2r;
      re[b + o3] = p3r * x3r - p3i * x3i;
      im[b + o3] = p3r * x3i + p3i * x3r;
    }
  }

  @Override
  public String toString() {
    return "Monomial" + Arrays.toString(targets) + " c=" + Integer.toBinaryString(controlMask);
  }
}
