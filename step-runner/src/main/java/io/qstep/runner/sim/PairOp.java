package io.qstep.runner.sim;

/**
 * A 2x2 unitary on one target qubit, optionally controlled by other qubits (applied only where
 * every control bit is 1, so the rest of the state is never touched). Three flavours: a bit flip
 * (swaps, no multiplies: X, CX, CCX), a real matrix (H, RY) and a general complex one.
 *
 * <p>Loop order: work item {@code k} is a pair index; where the lowest fixed bit is at least 3 the
 * pairs come in runs of at least 8 consecutive amplitudes and the inner loop strides by 1 over both
 * halves, so a gate on a high qubit streams memory like one on a low qubit. Targets 0, 1 and 2 have
 * unrolled loops of their own. (C2 on JDK 17 does not vectorise these loops: they read and write
 * two offsets of one array. They are scalar, at about a nanosecond per amplitude.)
 */
final class PairOp implements Op {
  enum Kind {
    FLIP,
    REAL,
    COMPLEX
  }

  private static final int MIN_RUN_BITS = 3;

  private final int target;
  private final int controlMask;
  private final int[] fixed;
  private final Kind kind;
  private final double[] m;
  private final double m00r;
  private final double m00i;
  private final double m01r;
  private final double m01i;
  private final double m10r;
  private final double m10i;
  private final double m11r;
  private final double m11i;

  /**
   * @param matrix the 2x2 on the target, interleaved (re, im)
   */
  PairOp(int target, int controlMask, double[] matrix) {
    if ((controlMask & (1 << target)) != 0) {
      throw new IllegalArgumentException("target " + target + " is also a control");
    }
    this.target = target;
    this.controlMask = controlMask;
    this.fixed = Op.bits(controlMask | (1 << target));
    this.m = matrix.clone();
    kind = kindOf(matrix);
    m00r = matrix[0];
    m00i = kind == Kind.REAL ? 0 : matrix[1];
    m01r = matrix[2];
    m01i = kind == Kind.REAL ? 0 : matrix[3];
    m10r = matrix[4];
    m10i = kind == Kind.REAL ? 0 : matrix[5];
    m11r = matrix[6];
    m11i = kind == Kind.REAL ? 0 : matrix[7];
  }

  Kind kind() {
    return kind;
  }

  /** The flavour of kernel a 2x2 needs. */
  static Kind kindOf(double[] matrix) {
    boolean real = true;
    for (int i = 1; i < 8; i += 2) {
      real &= Math.abs(matrix[i]) <= Matrices.EPS_STRUCTURE;
    }
    if (Matrices.isPermutation(matrix) && !Matrices.isDiagonal(matrix)) {
      return Kind.FLIP;
    }
    return real ? Kind.REAL : Kind.COMPLEX;
  }

  /** {@link Op#costPerAmplitude()} of a pair op of this kind and these controls. */
  static double cost(Kind kind, int controlMask) {
    double perPair =
        switch (kind) {
          case FLIP -> 0.8;
          case REAL -> 0.9;
          case COMPLEX -> 1.4;
        };
    return perPair / (1 << Integer.bitCount(controlMask));
  }

  int target() {
    return target;
  }

  int controlMask() {
    return controlMask;
  }

  @Override
  public int workItems(int n) {
    return 1 << (n - fixed.length);
  }

  @Override
  public double costPerAmplitude() {
    return cost(kind, controlMask);
  }

  @Override
  public int[] qubits() {
    int[] out = new int[fixed.length];
    out[0] = target;
    int i = 1;
    for (int q : fixed) {
      if (q != target) {
        out[i++] = q;
      }
    }
    return out;
  }

  @Override
  public Op remap(int[] map) {
    return new PairOp(map[target], Op.remapMask(controlMask, map), m);
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    if (fixed[0] >= MIN_RUN_BITS) {
      applyRuns(re, im, from, to);
    } else if (controlMask == 0 && target == 0) {
      applyLowest(re, im, from, to);
    } else if (controlMask == 0 && kind != Kind.FLIP && ((from | to) & 3) == 0) {
      applyLow(re, im, from, to);
    } else {
      applyScattered(re, im, from, to);
    }
  }

  private void applyRuns(double[] re, double[] im, int from, int to) {
    int runLen = 1 << fixed[0];
    int s = 1 << target;
    int k = from;
    while (k < to) {
      int len = Math.min(to - k, runLen - (k & (runLen - 1)));
      int a = Op.insertZeros(k, fixed) | controlMask;
      switch (kind) {
        case FLIP -> flipRun(re, im, a, a + s, len);
        case REAL -> realRun(re, im, a, a + s, len);
        case COMPLEX -> complexRun(re, im, a, a + s, len);
      }
      k += len;
    }
  }

  /*
   * Real and bit-flip kernels treat the real and imaginary arrays in separate loops: as fast as one
   * loop, and immune to a DRAM effect seen on the benchmark VM where four concurrent streams (both
   * halves of both arrays) ran 8 times slower whenever the JVM placed the two arrays a multiple of
   * 256 MiB (plus a region) apart.
   */

  private static void flipRun(double[] re, double[] im, int a, int b, int len) {
    swapRun(re, a, b, len);
    swapRun(im, a, b, len);
  }

  private static void swapRun(double[] v, int a, int b, int len) {
    for (int j = 0; j < len; j++) {
      double t = v[a + j];
      v[a + j] = v[b + j];
      v[b + j] = t;
    }
  }

  private void realRun(double[] re, double[] im, int a, int b, int len) {
    realRun(re, a, b, len, m00r, m01r, m10r, m11r);
    realRun(im, a, b, len, m00r, m01r, m10r, m11r);
  }

  private static void realRun(
      double[] v, int a, int b, int len, double p, double q, double r, double s) {
    for (int j = 0; j < len; j++) {
      double x = v[a + j];
      double y = v[b + j];
      v[a + j] = p * x + q * y;
      v[b + j] = r * x + s * y;
    }
  }

  private void complexRun(double[] re, double[] im, int a, int b, int len) {
    double ar0 = m00r;
    double ai0 = m00i;
    double br0 = m01r;
    double bi0 = m01i;
    double cr0 = m10r;
    double ci0 = m10i;
    double dr0 = m11r;
    double di0 = m11i;
    for (int j = 0; j < len; j++) {
      double xr = re[a + j];
      double xi = im[a + j];
      double yr = re[b + j];
      double yi = im[b + j];
      re[a + j] = ar0 * xr - ai0 * xi + br0 * yr - bi0 * yi;
      im[a + j] = ar0 * xi + ai0 * xr + br0 * yi + bi0 * yr;
      re[b + j] = cr0 * xr - ci0 * xi + dr0 * yr - di0 * yi;
      im[b + j] = cr0 * xi + ci0 * xr + dr0 * yi + di0 * yr;
    }
  }

  /** Target 0, no controls: pairs are neighbours. */
  private void applyLowest(double[] re, double[] im, int from, int to) {
    int end = 2 * to;
    switch (kind) {
      case FLIP -> {
        for (int a = 2 * from; a < end; a += 2) {
          double t = re[a];
          re[a] = re[a + 1];
          re[a + 1] = t;
          t = im[a];
          im[a] = im[a + 1];
          im[a + 1] = t;
        }
      }
      case REAL -> {
        double p = m00r;
        double q = m01r;
        double r = m10r;
        double s = m11r;
        for (int a = 2 * from; a < end; a += 2) {
          double ar = re[a];
          double ai = im[a];
          double br = re[a + 1];
          double bi = im[a + 1];
          re[a] = p * ar + q * br;
          im[a] = p * ai + q * bi;
          re[a + 1] = r * ar + s * br;
          im[a + 1] = r * ai + s * bi;
        }
      }
      case COMPLEX -> {
        double ar0 = m00r;
        double ai0 = m00i;
        double br0 = m01r;
        double bi0 = m01i;
        double cr0 = m10r;
        double ci0 = m10i;
        double dr0 = m11r;
        double di0 = m11i;
        for (int a = 2 * from; a < end; a += 2) {
          double xr = re[a];
          double xi = im[a];
          double yr = re[a + 1];
          double yi = im[a + 1];
          re[a] = ar0 * xr - ai0 * xi + br0 * yr - bi0 * yi;
          im[a] = ar0 * xi + ai0 * xr + br0 * yi + bi0 * yr;
          re[a + 1] = cr0 * xr - ci0 * xi + dr0 * yr - di0 * yi;
          im[a + 1] = cr0 * xi + ci0 * xr + dr0 * yi + di0 * yr;
        }
      }
    }
  }

  /**
   * Target 1 or 2, no controls: groups of {@code 2^(t+1)} amplitudes hold {@code 2^t} pairs,
   * unrolled by hand since runs of 2 or 4 are too short for a loop of their own. Needs {@code from}
   * and {@code to} to be multiples of 4.
   */
  private void applyLow(double[] re, double[] im, int from, int to) {
    int start = 2 * from;
    int end = 2 * to;
    if (kind == Kind.REAL) {
      double p = m00r;
      double q = m01r;
      double r = m10r;
      double s = m11r;
      for (int a = start; a < end; a += 2 << target) {
        for (int x = a; x < a + (1 << target); x++) {
          real(re, im, x, x + (1 << target), p, q, r, s);
        }
      }
      return;
    }
    double ar0 = m00r;
    double ai0 = m00i;
    double br0 = m01r;
    double bi0 = m01i;
    double cr0 = m10r;
    double ci0 = m10i;
    double dr0 = m11r;
    double di0 = m11i;
    for (int a = start; a < end; a += 2 << target) {
      for (int x = a; x < a + (1 << target); x++) {
        int b = x + (1 << target);
        double xr = re[x];
        double xi = im[x];
        double yr = re[b];
        double yi = im[b];
        re[x] = ar0 * xr - ai0 * xi + br0 * yr - bi0 * yi;
        im[x] = ar0 * xi + ai0 * xr + br0 * yi + bi0 * yr;
        re[b] = cr0 * xr - ci0 * xi + dr0 * yr - di0 * yi;
        im[b] = cr0 * xi + ci0 * xr + dr0 * yi + di0 * yr;
      }
    }
  }

  private static void real(
      double[] re, double[] im, int a, int b, double p, double q, double r, double s) {
    double ar = re[a];
    double ai = im[a];
    double br = re[b];
    double bi = im[b];
    re[a] = p * ar + q * br;
    im[a] = p * ai + q * bi;
    re[b] = r * ar + s * br;
    im[b] = r * ai + s * bi;
  }

  /** Short runs: one index computation per pair. */
  private void applyScattered(double[] re, double[] im, int from, int to) {
    int s = 1 << target;
    double ar0 = m00r;
    double ai0 = m00i;
    double br0 = m01r;
    double bi0 = m01i;
    double cr0 = m10r;
    double ci0 = m10i;
    double dr0 = m11r;
    double di0 = m11i;
    for (int k = from; k < to; k++) {
      int a = Op.insertZeros(k, fixed) | controlMask;
      int b = a + s;
      double xr = re[a];
      double xi = im[a];
      double yr = re[b];
      double yi = im[b];
      switch (kind) {
        case FLIP -> {
          re[a] = yr;
          im[a] = yi;
          re[b] = xr;
          im[b] = xi;
        }
        case REAL -> {
          re[a] = ar0 * xr + br0 * yr;
          im[a] = ar0 * xi + br0 * yi;
          re[b] = cr0 * xr + dr0 * yr;
          im[b] = cr0 * xi + dr0 * yi;
        }
        case COMPLEX -> {
          re[a] = ar0 * xr - ai0 * xi + br0 * yr - bi0 * yi;
          im[a] = ar0 * xi + ai0 * xr + br0 * yi + bi0 * yr;
          re[b] = cr0 * xr - ci0 * xi + dr0 * yr - di0 * yi;
          im[b] = cr0 * xi + ci0 * xr + dr0 * yi + di0 * yr;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Pair[" + kind + " t=" + target + " c=" + Integer.toBinaryString(controlMask) + "]";
  }
}
