package io.qstep.runner.calibration;

/**
 * Calibration of one physical qubit. Immutable; range checks happen in {@link CalibrationSnapshot}
 * (which knows the qubit's position, so errors name the field).
 *
 * @param label the device's name for the qubit (IBM: its position; Braket: its key, e.g. "10")
 * @param t1Us energy relaxation time T1, microseconds, &gt; 0
 * @param t2Us dephasing time T2 (Ramsey or echo, as the device reports it), microseconds, &gt; 0
 *     and &le; 2·T1
 * @param p0Given1 readout error p(0|1): probability to read 0 after preparing 1, in [0, 1]
 * @param p1Given0 readout error p(1|0): probability to read 1 after preparing 0, in [0, 1]
 * @param frequencyGhz qubit frequency, GHz; NaN when the device does not say
 */
public record QubitCalibration(
    String label, double t1Us, double t2Us, double p0Given1, double p1Given0, double frequencyGhz) {
  public QubitCalibration {
    label = label == null ? "" : label;
  }

  /** Mean readout error (p(0|1) + p(1|0)) / 2, what IBM reports as {@code readout_error}. */
  public double readoutError() {
    return (p0Given1 + p1Given0) / 2;
  }

  /**
   * The 2×2 readout confusion matrix {@code A[measured][prepared]}, row-major: {@code {p(0|0),
   * p(0|1), p(1|0), p(1|1)}}. Columns sum to 1; a measured distribution is {@code A · true}.
   */
  public double[] confusion() {
    return new double[] {1 - p1Given0, p0Given1, p1Given0, 1 - p0Given1};
  }
}
