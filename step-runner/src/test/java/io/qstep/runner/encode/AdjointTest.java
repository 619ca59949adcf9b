package io.qstep.runner.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import io.qstep.runner.backend.DenseOracle;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** U†U = I for every gate kind, checked on a brute-force dense simulation. */
class AdjointTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void adjointUndoesARandomCircuitOfEveryGateKind(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(3);
    for (GateKind k : GateKind.values()) {
      int[] q = {0, 1, 2};
      // shuffle the qubits
      for (int i = 2; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = q[i];
        q[i] = q[j];
        q[j] = t;
      }
      if (k == GateKind.UNITARY) {
        b.unitary("m", GateKind.U.matrix(rng.nextDouble(3), rng.nextDouble(3), 0.7), q[0]);
        b.unitary("m2", GateKind.CRY.matrix(rng.nextDouble(3)), q[0], q[1]);
        continue;
      }
      double[] a = new double[k.numParams()];
      for (int i = 0; i < a.length; i++) {
        a[i] = rng.nextDouble(-3, 3);
      }
      b.gate(io.qstep.circuit.Gate.of(k, java.util.Arrays.copyOf(q, k.numQubits()), a));
      b.h(q[0]);
    }
    Circuit u = b.build();
    Circuit round = Circuit.builder(3).append(u).append(Adjoint.of(u)).build();
    double[] psi = DenseOracle.state(round);
    assertThat(psi[0] * psi[0] + psi[1] * psi[1]).isCloseTo(1.0, within(1e-10));
  }

  @Test
  void symbolicOrMeasuredCircuits_haveNoAdjointHere() {
    Circuit sym = Circuit.builder(1).rx(0, io.qstep.circuit.Param.symbol("t")).build();
    assertThatThrownBy(() -> Adjoint.of(sym)).hasMessageContaining("bind");
    Circuit meas = Circuit.builder(1).h(0).measure(0, 0).build();
    assertThatThrownBy(() -> Adjoint.of(meas)).hasMessageContaining("measurements");
  }
}
