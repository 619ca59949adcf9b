package io.qstep.runner.backend.statevector;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendContractTest;
import org.junit.jupiter.api.Test;

/** The default backend passes the shared contract, plus clbit mapping specifics. */
class StateVectorBackendTest extends BackendContractTest {
  private final Backend backend = new StateVectorBackendProvider().create(26);

  @Override
  protected Backend backend() {
    return backend;
  }

  @Test
  void mapToClbits_followsMeasurements() {
    Circuit c = Circuit.builder(3).measure(2, 0).measure(0, 1).build();
    // basis 0b101: qubit 0 = 1, qubit 2 = 1 -> clbit 0 (from q2) = 1, clbit 1 (from q0) = 1.
    assertThat(StateVectorBackend.mapToClbits(c, new int[] {0b101, 0b100, 0b001}))
        .containsExactly(0b11, 0b01, 0b10);
  }
}
