package io.qstep.runner.sim;

/**
 * A dense 4x4 unitary on two qubits, the workhorse of fusion: 1-qubit gates absorbed into their
 * neighbouring 2-qubit gate. The first qubit is the high bit of the matrix index. Where both qubits
 * are at least 3 the four amplitudes of consecutive work items are contiguous and the inner loop
 * strides by 1.
 */
final class Mat2Op implements Op {
  private static final int MIN_RUN_BITS = 3;

  private final int hi;
  private final int lo;
  private final int[] fixed;
  private final double[] matrix;
  private final double u00r;
  private final double u00i;
  private final double u01r;
  private final double u01i;
  private final double u02r;
  private final double u02i;
  private final double u03r;
  private final double u03i;
  private final double u10r;
  private final double u10i;
  private final double u11r;
  private final double u11i;
  private final double u12r;
  private final double u12i;
  private final double u13r;
  private final double u13i;
  private final double u20r;
  private final double u20i;
  private final double u21r;
  private final double u21i;
  private final double u22r;
  private final double u22i;
  private final double u23r;
  private final double u23i;
  private final double u30r;
  private final double u30i;
  private final double u31r;
  private final double u31i;
  private final double u32r;
  private final double u32i;
  private final double u33r;
  private final double u33i;

  /**
   * @param hi the qubit of the matrix index's high bit
   * @param lo the qubit of its low bit
   * @param matrix 4x4, row-major interleaved (re, im)
   */
  Mat2Op(int hi, int lo, double[] matrix) {
    if (hi == lo || matrix.length != 32) {
      throw new IllegalArgumentException("Mat2Op needs two distinct qubits and a 4x4 matrix");
    }
    this.hi = hi;
    this.lo = lo;
    this.fixed = new int[] {Math.min(hi, lo), Math.max(hi, lo)};
    this.matrix = matrix.clone();
    u00r = matrix[0];
    u00i = matrix[1];
    u01r = matrix[2];
    u01i = matrix[3];
    u02r = matrix[4];
    u02i = matrix[5];
    u03r = matrix[6];
    u03i = matrix[7];
    u10r = matrix[8];
    u10i = matrix[9];
    u11r = matrix[10];
    u11i = matrix[11];
    u12r = matrix[12];
    u12i = matrix[13];
    u13r = matrix[14];
    u13i = matrix[15];
    u20r = matrix[16];
    u20i = matrix[17];
    u21r = matrix[18];
    u21i = matrix[19];
    u22r = matrix[20];
    u22i = matrix[21];
    u23r = matrix[22];
    u23i = matrix[23];
    u30r = matrix[24];
    u30i = matrix[25];
    u31r = matrix[26];
    u31i = matrix[27];
    u32r = matrix[28];
    u32i = matrix[29];
    u33r = matrix[30];
    u33i = matrix[31];
  }

  @Override
  public int workItems(int n) {
    return 1 << (n - 2);
  }

  @Override
  public double costPerAmplitude() {
    return COST;
  }

  /** {@link Op#costPerAmplitude()}: 16 complex multiply-adds per 4 amplitudes, scalar. */
  static final double COST = 3.0;

  @Override
  public int[] qubits() {
    return new int[] {hi, lo};
  }

  @Override
  public Op remap(int[] map) {
    return new Mat2Op(map[hi], map[lo], matrix);
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    if (fixed[0] >= MIN_RUN_BITS) {
      int runLen = 1 << fixed[0];
      int k = from;
      while (k < to) {
        int len = Math.min(to - k, runLen - (k & (runLen - 1)));
        int base = Op.insertZeros(k, fixed);
        run(re, im, base, len);
        k += len;
      }
    } else {
      scattered(re, im, from, to);
    }
  }

  private void run(double[] re, double[] im, int base, int len) {
    final int b1 = base | (1 << lo);
    final int b2 = base | (1 << hi);
    final int b3 = b1 | b2;
    final double m00r = u00r;
    final double m00i = u00i;
    final double m01r = u01r;
    final double m01i = u01i;
    final double m02r = u02r;
    final double m02i = u02i;
    final double m03r = u03r;
    final double m03i = u03i;
    final double m10r = u10r;
    final double m10i = u10i;
    final double m11r = u11r;
    final double m11i = u11i;
    final double m12r = u12r;
    final double m12i = u12i;
    final double m13r = u13r;
    final double m13i = u13i;
    final double m20r = u20r;
    final double m20i = u20i;
    final double m21r = u21r;
    final double m21i = u21i;
    final double m22r = u22r;
    final double m22i = u22i;
    final double m23r = u23r;
    final double m23i = u23i;
    final double m30r = u30r;
    final double m30i = u30i;
    final double m31r = u31r;
    final double m31i = u31i;
    final double m32r = u32r;
    final double m32i = u32i;
    final double m33r = u33r;
    final double m33i = u33i;
    for (int j = 0; j < len; j++) {
      double x0r = re[base + j];
      double x0i = im[base + j];
      double x1r = re[b1 + j];
      double x1i = im[b1 + j];
      double x2r = re[b2 + j];
      double x2i = im[b2 + j];
      double x3r = re[b3 + j];
      double x3i = im[b3 + j];
      re[base + j] =
          m00r * x0r
              - m00i * x0i
              + m01r * x1r
              - m01i * x1i
              + m02r * x2r
              - m02i * x2i
              + m03r * x3r
              - m03i * x3i;
      im[base + j] =
          m00r * x0i
              + m00i * x0r
              + m01r * x1i
              + m01i * x1r
              + m02r * x2i
              + m02i * x2r
              + m03r * x3i
              + m03i * x3r;
      re[b1 + j] =
          m10r * x0r
              - m10i * x0i
              + m11r * x1r
              - m11i * x1i
              + m12r * x2r
              - m12i * x2i
              + m13r * x3r
              - m13i * x3i;
      im[b1 + j] =
          m10r * x0i
              + m10i * x0r
              + m11r * x1i
              + m11i * x1r
              + m12r * x2i
              + m12i * x2r
              + m13r * x3i
              + m13i * x3r;
      re[b2 + j] =
          m20r * x0r
              - m20i * x0i
              + m21r * x1r
              - m21i * x1i
              + m22r * x2r
              - m22i * x2i
              + m23r * x3r
              - m23i * x3i;
      im[b2 + j] =
          m20r * x0i
              + m20i * x0r
              + m21r * x1i
              + m21i * x1r
              + m22r * x2i
              + m22i * x2r
              + m23r * x3i
              + m23i * x3r;
      re[b3 + j] =
          m30r * x0r
              - m30i * x0i
              + m31r * x1r
              - m31i * x1i
              + m32r * x2r
              - m32i * x2i
              + m33r * x3r
              - m33i * x3i;
      im[b3 + j] =
          m30r * x0i
              + m30i * x0r
              + m31r * x1i
              + m31i * x1r
              + m32r * x2i
              + m32i * x2r
              + m33r * x3i
              + m33i * x3r;
    }
  }

  private void scattered(double[] re, double[] im, int from, int to) {
    final int mlo = 1 << lo;
    final int mhi = 1 << hi;
    final int[] fx = fixed;
    final double m00r = u00r;
    final double m00i = u00i;
    final double m01r = u01r;
    final double m01i = u01i;
    final double m02r = u02r;
    final double m02i = u02i;
    final double m03r = u03r;
    final double m03i = u03i;
    final double m10r = u10r;
    final double m10i = u10i;
    final double m11r = u11r;
    final double m11i = u11i;
    final double m12r = u12r;
    final double m12i = u12i;
    final double m13r = u13r;
    final double m13i = u13i;
    final double m20r = u20r;
    final double m20i = u20i;
    final double m21r = u21r;
    final double m21i = u21i;
    final double m22r = u22r;
    final double m22i = u22i;
    final double m23r = u23r;
    final double m23i = u23i;
    final double m30r = u30r;
    final double m30i = u30i;
    final double m31r = u31r;
    final double m31i = u31i;
    final double m32r = u32r;
    final double m32i = u32i;
    final double m33r = u33r;
    final double m33i = u33i;
    for (int k = from; k < to; k++) {
      final int i0 = Op.insertZeros(k, fx);
      final int i1 = i0 | mlo;
      final int i2 = i0 | mhi;
      final int i3 = i1 | mhi;
      double x0r = re[i0];
      double x0i = im[i0];
      double x1r = re[i1];
      double x1i = im[i1];
      double x2r = re[i2];
      double x2i = im[i2];
      double x3r = re[i3];
      double x3i = im[i3];
      re[i0] =
          m00r * x0r
              - m00i * x0i
              + m01r * x1r
              - m01i * x1i
              + m02r * x2r
              - m02i * x2i
              + m03r * x3r
              - m03i * x3i;
      im[i0] =
          m00r * x0i
              + m00i * x0r
              + m01r * x1i
              + m01i * x1r
              + m02r * x2i
              + m02i * x2r
              + m03r * x3i
              + m03i * x3r;
      re[i1] =
          m10r * x0r
              - m10i * x0i
              + m11r * x1r
              - m11i * x1i
              + m12r * x2r
              - m12i * x2i
              + m13r * x3r
              - m13i * x3i;
      im[i1] =
          m10r * x0i
              + m10i * x0r
              + m11r * x1i
              + m11i * x1r
              + m12r * x2i
              + m12i * x2r
              + m13r * x3i
              + m13i * x3r;
      re[i2] =
          m20r * x0r
              - m20i * x0i
              + m21r * x1r
              - m21i * x1i
              + m22r * x2r
              - m22i * x2i
              + m23r * x3r
              - m23i * x3i;
      im[i2] =
          m20r * x0i
              + m20i * x0r
              + m21r * x1i
              + m21i * x1r
              + m22r * x2i
              + m22i * x2r
              + m23r * x3i
              + m23i * x3r;
      re[i3] =
          m30r * x0r
              - m30i * x0i
              + m31r * x1r
              - m31i * x1i
              + m32r * x2r
              - m32i * x2i
              + m33r * x3r
              - m33i * x3i;
      im[i3] =
          m30r * x0i
              + m30i * x0r
              + m31r * x1i
              + m31i * x1r
              + m32r * x2i
              + m32i * x2r
              + m33r * x3i
              + m33i * x3r;
    }
  }

  @Override
  public String toString() {
    return "Mat2[" + hi + "," + lo + "]";
  }
}
