package io.qstep.runner.backend.statevector;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;

/** Provides {@code statevector}: qstep's own exact double-precision simulator. */
public final class StateVectorBackendProvider implements BackendProvider {
  public static final String NAME = "statevector";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Backend create(int maxQubits) {
    return new StateVectorBackend(maxQubits);
  }
}
