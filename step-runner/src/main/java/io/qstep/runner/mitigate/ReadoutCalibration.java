package io.qstep.runner.mitigate;

import java.util.Arrays;

/**
 * Per-qubit (tensored) readout errors: qubit {@code q} reads 1 when prepared in 0 with probability
 * {@code p1given0[q]} and reads 0 when prepared in 1 with probability {@code p0given1[q]}. Its
 * confusion matrix, column = prepared state, row = read state, is {@code [[1-p10, p01], [p10,
 * 1-p01]]}. Immutable.
 *
 * @param p1given0 p(read 1 | prepared 0) per qubit, in [0, 0.5)
 * @param p0given1 p(read 0 | prepared 1) per qubit, in [0, 0.5)
 */
public record ReadoutCalibration(double[] p1given0, double[] p0given1) {
  public ReadoutCalibration {
    p1given0 = p1given0.clone();
    p0given1 = p0given1.clone();
    if (p1given0.length != p0given1.length || p1given0.length == 0) {
      throw new IllegalArgumentException("one p(1|0) and one p(0|1) per qubit, at least one qubit");
    }
    for (int q = 0; q < p1given0.length; q++) {
      double a = p1given0[q];
      double b = p0given1[q];
      if (!(a >= 0 && b >= 0 && a + b < 1)) {
        throw new IllegalArgumentException(
            "qubit "
                + q
                + ": readout errors must be >= 0 with p(1|0) + p(0|1) < 1, got "
                + a
                + ", "
                + b);
      }
    }
  }

  /** The same errors on every one of {@code n} qubits. */
  public static ReadoutCalibration uniform(int n, double p1given0, double p0given1) {
    double[] a = new double[n];
    double[] b = new double[n];
    Arrays.fill(a, p1given0);
    Arrays.fill(b, p0given1);
    return new ReadoutCalibration(a, b);
  }

  /** No readout error on {@code n} qubits. */
  public static ReadoutCalibration ideal(int n) {
    return uniform(n, 0, 0);
  }

  @Override
  public double[] p1given0() {
    return p1given0.clone();
  }

  @Override
  public double[] p0given1() {
    return p0given1.clone();
  }

  public int numQubits() {
    return p1given0.length;
  }

  /** p(read 1 | prepared 0) of qubit q. */
  public double p10(int q) {
    return p1given0[q];
  }

  /** p(read 0 | prepared 1) of qubit q. */
  public double p01(int q) {
    return p0given1[q];
  }

  /** The confusion matrix of qubit q, row-major {@code {A00, A01, A10, A11}}, A[read][prepared]. */
  public double[] confusion(int q) {
    return new double[] {1 - p1given0[q], p0given1[q], p1given0[q], 1 - p0given1[q]};
  }

  /** The inverse of {@link #confusion(int)}, row-major. */
  public double[] inverse(int q) {
    double[] a = confusion(q);
    double det = a[0] * a[3] - a[1] * a[2];
    return new double[] {a[3] / det, -a[1] / det, -a[2] / det, a[0] / det};
  }

  /**
   * How much readout inversion amplifies the statistical error of a parity on {@code mask}'s
   * qubits: {@code prod 1 / (1 - p10 - p01)}.
   */
  public double gain(long mask) {
    double g = 1;
    for (int q = 0; q < numQubits(); q++) {
      if ((mask >>> q & 1) != 0) {
        g /= 1 - p1given0[q] - p0given1[q];
      }
    }
    return g;
  }

  /** A copy restricted to the given qubits (measured qubit i → qubit {@code qubits[i]}). */
  public ReadoutCalibration select(int[] qubits) {
    double[] a = new double[qubits.length];
    double[] b = new double[qubits.length];
    for (int i = 0; i < qubits.length; i++) {
      a[i] = p1given0[qubits[i]];
      b[i] = p0given1[qubits[i]];
    }
    return new ReadoutCalibration(a, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadoutCalibration r
        && Arrays.equals(p1given0, r.p1given0)
        && Arrays.equals(p0given1, r.p0given1);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(p1given0) + Arrays.hashCode(p0given1);
  }

  @Override
  public String toString() {
    return "ReadoutCalibration[p1given0="
        + Arrays.toString(p1given0)
        + ", p0given1="
        + Arrays.toString(p0given1)
        + "]";
  }
}
