package io.qstep.runner.backend.noisy;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendContractTest;
import io.qstep.runner.noise.NoisySimulation;

/** {@code noisy} passes the shared contract in its noise-free limit (one exact trajectory). */
class NoisyTrajectoryContractTest extends BackendContractTest {

  @Override
  protected Backend backend() {
    return new NoisyBackend(
        NoisyTrajectoryBackendProvider.NAME,
        NoisySimulation.Method.TRAJECTORIES,
        NoisyDensityMatrixContractTest.NOISE_FREE,
        26);
  }
}
