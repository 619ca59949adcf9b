package io.qstep.runner.sim;

/** SWAP of two qubits: exchanges the |01> and |10> amplitudes of each quadruple, no multiplies. */
final class SwapOp implements Op {
  private static final int MIN_RUN_BITS = 3;

  private final int a;
  private final int b;
  private final int[] fixed;

  SwapOp(int a, int b) {
    if (a == b) {
      throw new IllegalArgumentException("swap of qubit " + a + " with itself");
    }
    this.a = a;
    this.b = b;
    this.fixed = new int[] {Math.min(a, b), Math.max(a, b)};
  }

  @Override
  public int workItems(int n) {
    return 1 << (n - 2);
  }

  @Override
  public double costPerAmplitude() {
    return COST;
  }

  /** {@link Op#costPerAmplitude()}: moves half the amplitudes. */
  static final double COST = 0.6;

  @Override
  public int[] qubits() {
    return new int[] {a, b};
  }

  @Override
  public Op remap(int[] map) {
    return new SwapOp(map[a], map[b]);
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    int ma = 1 << a;
    int mb = 1 << b;
    if (fixed[0] >= MIN_RUN_BITS) {
      int runLen = 1 << fixed[0];
      int k = from;
      while (k < to) {
        int len = Math.min(to - k, runLen - (k & (runLen - 1)));
        int base = Op.insertZeros(k, fixed);
        swapRun(re, base | ma, base | mb, len);
        swapRun(im, base | ma, base | mb, len);
        k += len;
      }
      return;
    }
    for (int k = from; k < to; k++) {
      int base = Op.insertZeros(k, fixed);
      int i = base | ma;
      int j = base | mb;
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }

  private static void swapRun(double[] v, int i, int j, int len) {
    for (int x = 0; x < len; x++) {
      double t = v[i + x];
      v[i + x] = v[j + x];
      v[j + x] = t;
    }
  }

  @Override
  public String toString() {
    return "Swap[" + a + "," + b + "]";
  }
}
