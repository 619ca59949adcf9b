package io.qstep.runner.kernel;

/**
 * The states |φ(x_r)⟩ of a batch, one after another, interleaved (re, im): row r's amplitudes are
 * {@code amps[r·2·dim .. (r+1)·2·dim)}. Owned by one kernel computation; not thread-safe to write.
 */
final class StateBank {
  final int rows;
  final int dim;
  final double[] amps;

  StateBank(int rows, int dim) {
    this.rows = rows;
    this.dim = dim;
    this.amps = new double[Math.multiplyExact(Math.multiplyExact(rows, dim), 2)];
  }

  /** Stores interleaved amplitudes (length 2·dim) as row {@code r}. */
  void set(int r, double[] interleaved) {
    System.arraycopy(interleaved, 0, amps, r * 2 * dim, 2 * dim);
  }

  /**
   * {@code |⟨a|b⟩|²} for interleaved states {@code a} at {@code ao} and {@code b} at {@code bo},
   * each {@code dim} amplitudes.
   */
  static double fidelity(double[] a, int ao, double[] b, int bo, int dim) {
    double re = 0;
    double im = 0;
    int end = ao + 2 * dim;
    for (int i = ao, j = bo; i < end; i += 2, j += 2) {
      double ar = a[i];
      double ai = a[i + 1];
      double br = b[j];
      double bi = b[j + 1];
      re += ar * br + ai * bi;
      im += ar * bi - ai * br;
    }
    return re * re + im * im;
  }
}
