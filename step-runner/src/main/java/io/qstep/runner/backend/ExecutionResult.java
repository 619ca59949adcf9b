package io.qstep.runner.backend;

import io.qstep.runner.stage.Calibration;

/**
 * The outcome of one {@link ExecutionRequest}.
 *
 * @param expectations exact expectation values, one per requested observable (or per qubit for
 *     ⟨Z_i⟩); null in shot mode
 * @param samples outcomes in shot order, one integer per shot: classical bit {@code i} of the
 *     circuit's measurements (or qubit {@code i} when it measures nothing) is bit {@code i}; null
 *     in exact mode
 * @param numOutcomeBits how many bits an outcome has (clbits, or qubits without measurements)
 * @param calibrationId id of the calibration snapshot it ran under; empty for ideal simulators
 * @param queueMs time spent waiting for the backend, milliseconds
 * @param executionMs time spent executing, milliseconds
 * @param calibrationTimeMs when that calibration snapshot was taken, epoch milliseconds; 0 when
 *     unknown or there is none
 * @param calibrationJson the full calibration snapshot as JSON (logged as {@code
 *     calibration.json}); empty when only its id and time are known or there is none
 */
public record ExecutionResult(
    double[] expectations,
    long[] samples,
    int numOutcomeBits,
    String calibrationId,
    double queueMs,
    double executionMs,
    long calibrationTimeMs,
    String calibrationJson) {

  /** A result whose full calibration snapshot is not at hand (only its id and time). */
  public ExecutionResult(
      double[] expectations,
      long[] samples,
      int numOutcomeBits,
      String calibrationId,
      double queueMs,
      double executionMs,
      long calibrationTimeMs) {
    this(
        expectations,
        samples,
        numOutcomeBits,
        calibrationId,
        queueMs,
        executionMs,
        calibrationTimeMs,
        "");
  }

  /** A result whose calibration time is unknown (or that ran under none). */
  public ExecutionResult(
      double[] expectations,
      long[] samples,
      int numOutcomeBits,
      String calibrationId,
      double queueMs,
      double executionMs) {
    this(expectations, samples, numOutcomeBits, calibrationId, queueMs, executionMs, 0);
  }

  /** The calibration it ran under, for provenance. */
  public Calibration calibration() {
    return calibrationId == null || calibrationId.isEmpty()
        ? Calibration.NONE
        : new Calibration(
            calibrationId, calibrationTimeMs, calibrationJson == null ? "" : calibrationJson);
  }
}
