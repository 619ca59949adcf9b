package io.qstep.runner.drift;

import io.qstep.error.QStepException;
import java.util.Map;

/**
 * Warn and retrain thresholds per drift family. Immutable.
 *
 * @param calibrationWarn worst relative calibration change that warns (default 0.25)
 * @param calibrationRetrain … that asks to retrain the surrogate (default 0.5)
 * @param outputWarn total-variation distance that warns (default 0.05)
 * @param outputRetrain … that asks to retrain (default 0.15)
 * @param inputWarn largest per-feature PSI that warns (default 0.1)
 * @param inputRetrain … that asks to retrain (default 0.25)
 */
public record DriftThresholds(
    double calibrationWarn,
    double calibrationRetrain,
    double outputWarn,
    double outputRetrain,
    double inputWarn,
    double inputRetrain) {

  public DriftThresholds {
    check(
        calibrationWarn, calibrationRetrain, "drift_calibration_warn", "drift_calibration_retrain");
    check(outputWarn, outputRetrain, "drift_output_warn", "drift_output_retrain");
    check(inputWarn, inputRetrain, "drift_input_warn", "drift_input_retrain");
  }

  private static void check(double warn, double retrain, String warnField, String retrainField) {
    if (!(warn >= 0) || Double.isInfinite(warn)) {
      throw QStepException.invalid(warnField, warnField + " must be finite and >= 0, got " + warn);
    }
    if (!(retrain >= warn) || Double.isInfinite(retrain)) {
      throw QStepException.invalid(
          retrainField, retrainField + " must be finite and >= " + warnField + ", got " + retrain);
    }
  }

  /** The defaults listed on the record. */
  public static DriftThresholds defaults() {
    return new DriftThresholds(0.25, 0.5, 0.05, 0.15, 0.1, 0.25);
  }

  /**
   * The defaults overridden by request parameters {@code drift_calibration_warn}, {@code
   * drift_calibration_retrain}, {@code drift_output_warn}, {@code drift_output_retrain}, {@code
   * drift_input_warn}, {@code drift_input_retrain}.
   *
   * @throws QStepException INVALID_VALUE naming the parameter
   */
  public static DriftThresholds fromParameters(Map<String, String> p) {
    DriftThresholds d = defaults();
    return new DriftThresholds(
        num(p, "drift_calibration_warn", d.calibrationWarn),
        num(p, "drift_calibration_retrain", d.calibrationRetrain),
        num(p, "drift_output_warn", d.outputWarn),
        num(p, "drift_output_retrain", d.outputRetrain),
        num(p, "drift_input_warn", d.inputWarn),
        num(p, "drift_input_retrain", d.inputRetrain));
  }

  private static double num(Map<String, String> p, String key, double dflt) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw QStepException.invalid(key, key + " is not a number: '" + v + "'");
    }
  }
}
