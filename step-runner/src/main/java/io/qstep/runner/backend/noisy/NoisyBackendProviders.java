package io.qstep.runner.backend.noisy;

import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import java.nio.file.Path;

/** The default calibration of the noisy backends: env {@code QSTEP_NOISE_CALIBRATION} or sample. */
final class NoisyBackendProviders {
  /** Environment variable naming a calibration file for the noisy backends' default. */
  static final String ENV = "QSTEP_NOISE_CALIBRATION";

  private NoisyBackendProviders() {}

  static CalibrationSnapshot defaultCalibration() {
    String path = System.getenv(ENV);
    if (path == null || path.isBlank()) {
      return Calibrations.sample();
    }
    return Calibrations.load(Path.of(path.strip()));
  }

  static String unavailableReason() {
    try {
      defaultCalibration();
      return "";
    } catch (RuntimeException e) {
      return ENV + " does not name a usable calibration: " + e.getMessage();
    }
  }
}
