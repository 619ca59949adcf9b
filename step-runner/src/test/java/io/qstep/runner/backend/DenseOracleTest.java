package io.qstep.runner.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The oracle itself against hand-checked facts, so that contract failures point at backends. */
class DenseOracleTest {
  private static final double EPS = 1e-12;

  @Test
  void embed_singleQubitGate_isKroneckerWithIdentities() {
    double[] x = GateKind.X.matrix();
    double[] i2 = DenseOracle.identity(2);
    // qubit 1 of 3: I (qubit 2) ⊗ X (qubit 1) ⊗ I (qubit 0)
    double[] expected = DenseOracle.kron(DenseOracle.kron(i2, x), i2);
    assertThat(DenseOracle.embed(x, new int[] {1}, 3)).containsExactly(expected, within(EPS));
  }

  @Test
  void embed_gateOnDescendingAdjacentQubits_isKroneckerWithIdentities() {
    double[] u = DenseOracle.randomUnitary(4, new SplittableRandom(7));
    // qubits (2, 1) of 3: first listed = high bit, which is also the higher state bit
    double[] expected = DenseOracle.kron(u, DenseOracle.identity(2));
    assertThat(DenseOracle.embed(u, new int[] {2, 1}, 3)).containsExactly(expected, within(EPS));
  }

  @Test
  void cx_controlOnQubit0_flipsQubit1() {
    // |q1 q0⟩ = |01⟩ is index 1; CX(0, 1) takes it to |11⟩, index 3
    Circuit c = Circuit.builder(2).x(0).cx(0, 1).build();
    assertThat(DenseOracle.probabilities(DenseOracle.state(c)))
        .containsExactly(new double[] {0, 0, 0, 1}, within(EPS));
    Circuit reversed = Circuit.builder(2).x(0).cx(1, 0).build();
    assertThat(DenseOracle.probabilities(DenseOracle.state(reversed)))
        .containsExactly(new double[] {0, 1, 0, 0}, within(EPS));
  }

  @Test
  void ccx_targetIsLastListedQubit() {
    Circuit c = Circuit.builder(3).x(2).x(0).ccx(2, 0, 1).build();
    assertThat(DenseOracle.probabilities(DenseOracle.state(c))[0b111]).isCloseTo(1, within(EPS));
  }

  @Test
  void pauliString_qubit0IsLeftmost() {
    double[] psi = DenseOracle.state(Circuit.builder(2).x(0).build());
    assertThat(DenseOracle.expectation(psi, "ZI")).isCloseTo(-1, within(EPS));
    assertThat(DenseOracle.expectation(psi, "IZ")).isCloseTo(1, within(EPS));
  }

  @Test
  void pauliY_onPlusIState_isOne() {
    double[] psi = DenseOracle.state(Circuit.builder(1).h(0).s(0).build());
    assertThat(DenseOracle.expectation(psi, "Y")).isCloseTo(1, within(EPS));
    assertThat(DenseOracle.expectation(psi, "X")).isCloseTo(0, within(EPS));
  }

  @Test
  void qft_ofBasisState_matchesClosedForm() {
    int n = 4;
    for (int x = 0; x < 1 << n; x++) {
      double[] psi = DenseOracle.state(BackendContractTest.qft(n, x));
      for (int k = 0; k < 1 << n; k++) {
        // QFT|x⟩ = Σ_k e^{2πi xk / 2^n} |k⟩ / √(2^n)
        double angle = 2 * Math.PI * x * k / (1 << n);
        assertThat(psi[2 * k]).isCloseTo(Math.cos(angle) / 4, within(EPS));
        assertThat(psi[2 * k + 1]).isCloseTo(Math.sin(angle) / 4, within(EPS));
      }
    }
  }

  @Test
  void randomUnitary_isAcceptedAsUnitary() {
    double[] u = DenseOracle.randomUnitary(8, new SplittableRandom(3));
    assertThat(Gate.unitary("u", u, 0, 1, 2).arity()).isEqualTo(3);
  }
}
