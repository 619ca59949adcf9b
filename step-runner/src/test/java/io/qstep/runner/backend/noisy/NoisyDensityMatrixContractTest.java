package io.qstep.runner.backend.noisy;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendContractTest;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.noise.NoisySimulation;

/**
 * {@code noisy-dm} passes the shared contract in its noise-free limit: a calibration with zero
 * error rates and zero durations (the contract's oracles are ideal states).
 */
class NoisyDensityMatrixContractTest extends BackendContractTest {
  static final CalibrationSnapshot NOISE_FREE =
      CalibrationSnapshot.uniform(12, 100, 100, 0, 0, 0, 0, 0, 0);

  @Override
  protected Backend backend() {
    return new NoisyBackend(
        NoisyDensityMatrixBackendProvider.NAME,
        NoisySimulation.Method.DENSITY_MATRIX,
        NOISE_FREE,
        26);
  }
}
