package io.qstep.runner.backend.noisy;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.noise.NoisySimulation;

/**
 * Provides {@code noisy}: seeded Monte-Carlo trajectories on the state-vector engine under a
 * calibration snapshot's noise, up to the engine's width.
 */
public final class NoisyTrajectoryBackendProvider implements BackendProvider {
  public static final String NAME = "noisy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return NoisyBackendProviders.unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    return NoisyBackendProviders.unavailableReason();
  }

  @Override
  public Backend create(int maxQubits) {
    return new NoisyBackend(
        NAME,
        NoisySimulation.Method.TRAJECTORIES,
        NoisyBackendProviders.defaultCalibration(),
        maxQubits);
  }
}
