package io.qstep.runner.noise;

import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.stage.StepContext;

/**
 * A backend whose noise can be amplified on request: what zero-noise extrapolation needs from a
 * simulator. The noisy backends implement it next to {@link io.qstep.runner.backend.Backend}; check
 * with {@code instanceof}. Thread-safe.
 */
public interface NoiseScalable {

  /**
   * The calibration snapshot a step would run under: the request's {@code calibration} parameter
   * when it has one, else the backend's default. Also the source of readout confusion matrices
   * ({@link CalibrationSnapshot#readoutConfusion(int)}).
   */
  CalibrationSnapshot calibration(StepContext ctx);

  /**
   * Runs {@code req} with every gate's noise applied {@code noiseScale} times ({@link
   * NoiseModel#scaled}); readout error is unchanged. A {@code noise_scale} request parameter is
   * ignored here: the argument wins.
   */
  ExecutionResult execute(ExecutionRequest req, StepContext ctx, double noiseScale);
}
