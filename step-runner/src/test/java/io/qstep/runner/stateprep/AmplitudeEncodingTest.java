package io.qstep.runner.stateprep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.GateKind;
import io.qstep.circuit.OpenQasm;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.compress.Digits;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AmplitudeEncodingTest {
  static LongStream seeds() {
    return LongStream.range(1, 13);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomSignedVector_isPreparedExactly(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + (int) (seed % 7);
    double[] x = new double[1 << n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    Encoding e = AmplitudeEncoding.encode(x, "x");
    double[] xhat = Vectors.normalized(x, "x", false);
    double[] psi = Sim.run(e.circuit());
    for (int i = 0; i < x.length; i++) {
      assertThat(psi[2 * i]).isCloseTo(xhat[i], within(1e-12));
      assertThat(psi[2 * i + 1]).isCloseTo(0, within(1e-12));
    }
    assertThat(e.cxCount()).isEqualTo((1 << n) - 2);
    assertThat(e.fidelity()).isEqualTo(1.0);
    assertThat(e.circuit().gates())
        .allMatch(g -> g.kind() == GateKind.RY || g.kind() == GateKind.CX);
  }

  @Test
  void digits_arePreparedExactly_andExportToQasm() {
    double[][] digits = Digits.images();
    for (int i = 0; i < 20; i++) {
      Encoding e = AmplitudeEncoding.encode(digits[i], "x");
      double f = Sim.fidelity(Vectors.normalized(digits[i], "x", false), Sim.run(e.circuit()));
      assertThat(f).isCloseTo(1.0, within(1e-12));
      assertThat(e.cxCount()).isEqualTo(62);
      String qasm = OpenQasm.toQasm3(e.circuit());
      assertThat(OpenQasm.parse(qasm).gates()).hasSameSizeAs(e.circuit().gates());
    }
  }

  @Test
  void zeroVector_isInvalidTensorNamingTheField() {
    assertThatThrownBy(() -> AmplitudeEncoding.encode(new double[8], "inputs[x]"))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).reason(), e -> ((QStepException) e).field())
        .containsExactly(ErrorReason.INVALID_TENSOR, "inputs[x]");
  }

  @Test
  void lengthNotPowerOfTwo_isRefused_unlessPadded() {
    assertThatThrownBy(() -> AmplitudeEncoding.encode(new double[] {1, 2, 3}, "inputs[x]"))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("not a power of two")
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("inputs[x]");
    double[] padded = Vectors.normalized(new double[] {1, 2, 2}, "x", true);
    assertThat(padded).containsExactly(1 / 3.0, 2 / 3.0, 2 / 3.0, 0.0);
  }

  @Test
  void nanOrInf_isInvalidTensor() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> AmplitudeEncoding.encode(new double[] {1, bad}, "inputs[x]"))
          .extracting(e -> ((QStepException) e).reason(), e -> ((QStepException) e).field())
          .containsExactly(ErrorReason.INVALID_TENSOR, "inputs[x]");
    }
  }
}
