package io.qstep.runner.backend.noisy;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.noise.NoisySimulation;

/**
 * Provides {@code noisy-dm}: exact density-matrix simulation (up to 12 qubits) under a calibration
 * snapshot's noise.
 */
public final class NoisyDensityMatrixBackendProvider implements BackendProvider {
  public static final String NAME = "noisy-dm";

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
        NoisySimulation.Method.DENSITY_MATRIX,
        NoisyBackendProviders.defaultCalibration(),
        maxQubits);
  }
}
