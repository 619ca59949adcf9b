package io.qstep.runner.stateprep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.GateKind;
import io.qstep.circuit.OpenQasm;
import io.qstep.error.QStepException;
import io.qstep.runner.compress.Digits;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MpsEncodingTest {
  static LongStream seeds() {
    return LongStream.range(1, 9);
  }

  static double[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[1 << n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bondTwoLayer_preparesTheTruncationExactly(long seed) {
    int n = 2 + (int) (seed % 6);
    double[] x = random(n, seed);
    MpsEncoding.Result r = MpsEncoding.encode(x, "x", MpsEncoding.Options.bond2());
    double[] psi = Sim.run(r.encoding().circuit());
    // the circuit prepares the bond-2 truncation exactly (up to a global phase)
    assertThat(Sim.fidelity(r.target(), psi)).isCloseTo(1.0, within(1e-10));
    // TT-SVD residuals are orthogonal to the truncation: F = 1 - relErr^2
    double err = r.truncation().relativeError();
    assertThat(r.encoding().fidelity()).isCloseTo(1 - err * err, within(1e-10));
    double[] xhat = Vectors.normalized(x, "x", false);
    assertThat(Sim.fidelity(xhat, psi)).isCloseTo(r.encoding().fidelity(), within(1e-10));
    assertThat(r.encoding().cxCount()).isEqualTo(n == 2 ? 1 : 1 + 2 * (n - 2));
    assertThat(r.encoding().circuit().gates())
        .allMatch(g -> g.kind() == GateKind.CX || g.arity() == 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void reportedFidelity_matchesTheSimulator_withLayersAndSweeps(long seed) {
    int n = 4 + (int) (seed % 4);
    double[] x = random(n, seed);
    MpsEncoding.Result r = MpsEncoding.encode(x, "x", new MpsEncoding.Options(0, 3, 8, 0));
    double[] xhat = Vectors.normalized(x, "x", false);
    double[] psi = Sim.run(r.encoding().circuit());
    assertThat(Sim.fidelity(xhat, psi)).isCloseTo(r.encoding().fidelity(), within(1e-9));
    assertThat(r.encoding().cxCount()).isEqualTo(1 + 2 * (n - 2) + 2 * 2 * (n - 1));
    assertThat(r.encoding().layers()).isEqualTo(3);
  }

  @Test
  void digits_fidelityGrowsWithLayers_andStaysBelowOne() {
    double[][] digits = Digits.images();
    for (int i = 0; i < 10; i++) {
      double prev = 0;
      for (int layers = 1; layers <= 4; layers++) {
        MpsEncoding.Result r =
            MpsEncoding.encode(digits[i], "x", new MpsEncoding.Options(0, layers, 20, 0));
        double f = r.encoding().fidelity();
        assertThat(f).isGreaterThanOrEqualTo(prev - 1e-9).isLessThanOrEqualTo(1 + 1e-12);
        double sim =
            Sim.fidelity(
                Vectors.normalized(digits[i], "x", false), Sim.run(r.encoding().circuit()));
        assertThat(sim).isCloseTo(f, within(1e-9));
        prev = f;
      }
      assertThat(prev).isGreaterThan(0.9);
    }
  }

  @Test
  void targetFidelity_stopsAddingLayers() {
    double[][] digits = Digits.images();
    MpsEncoding.Result r =
        MpsEncoding.encode(digits[0], "x", new MpsEncoding.Options(0, 10, 20, 0.95));
    assertThat(r.encoding().fidelity()).isGreaterThanOrEqualTo(0.95);
    MpsEncoding.Result fewer =
        MpsEncoding.encode(
            digits[0], "x", new MpsEncoding.Options(0, r.encoding().layers() - 1 + 1, 20, 0));
    assertThat(fewer.encoding().cxCount()).isEqualTo(r.encoding().cxCount());
    assertThat(OpenQasm.parse(OpenQasm.toQasm3(r.encoding().circuit())).numQubits()).isEqualTo(6);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void autoOrder_keepsTheQubitConvention_andNeverLosesToTheNaturalOrder(long seed) {
    int n = 3 + (int) (seed % 4);
    double[] x = random(n, seed);
    MpsEncoding.Result nat = MpsEncoding.encode(x, "x", new MpsEncoding.Options(0, 1, 0, 0));
    MpsEncoding.Result auto =
        MpsEncoding.encode(x, "x", new MpsEncoding.Options(0, 1, 0, 0, true, false));
    double[] xhat = Vectors.normalized(x, "x", false);
    double[] psi = Sim.run(auto.encoding().circuit());
    assertThat(Sim.fidelity(xhat, psi)).isCloseTo(auto.encoding().fidelity(), within(1e-9));
    // one layer prepares the bond-2 truncation in the chosen order: error no worse than natural
    assertThat(auto.encoding().fidelity()).isGreaterThanOrEqualTo(nat.encoding().fidelity() - 1e-9);
    assertThat(auto.encoding().cxCount()).isEqualTo(nat.encoding().cxCount());
  }

  @Test
  void prune_keepsTheTarget_withFewerOrEqualCx() {
    double[][] digits = Digits.images();
    for (int i = 0; i < 10; i++) {
      MpsEncoding.Result full =
          MpsEncoding.encode(digits[i], "x", new MpsEncoding.Options(0, 6, 20, 0.95, true, false));
      MpsEncoding.Result pruned =
          MpsEncoding.encode(digits[i], "x", new MpsEncoding.Options(0, 6, 20, 0.95, true, true));
      assertThat(pruned.encoding().fidelity()).isGreaterThanOrEqualTo(0.95);
      assertThat(pruned.encoding().cxCount()).isLessThanOrEqualTo(full.encoding().cxCount());
      double sim =
          Sim.fidelity(
              Vectors.normalized(digits[i], "x", false), Sim.run(pruned.encoding().circuit()));
      assertThat(sim).isCloseTo(pruned.encoding().fidelity(), within(1e-9));
    }
  }

  @Test
  void exportedQasm_reimportsToTheSameState() {
    double[][] digits = Digits.images();
    MpsEncoding.Result r =
        MpsEncoding.encode(digits[7], "x", new MpsEncoding.Options(0, 2, 10, 0, true, false));
    String qasm = OpenQasm.toQasm3(r.encoding().circuit());
    assertThat(qasm).doesNotContain("unitary");
    double[] xhat = Vectors.normalized(digits[7], "x", false);
    double f = Sim.fidelity(xhat, Sim.run(OpenQasm.parse(qasm)));
    assertThat(f).isCloseTo(r.encoding().fidelity(), within(1e-9));
  }

  @Test
  void badOptions_nameTheParameter() {
    assertThatThrownBy(() -> new MpsEncoding.Options(0, 0, 0, 0))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.layers");
    assertThatThrownBy(() -> new MpsEncoding.Options(-1, 1, 0, 0))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.max_bond");
    assertThatThrownBy(() -> new MpsEncoding.Options(0, 1, 0, 1.5))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.fidelity");
    assertThatThrownBy(
            () -> MpsEncoding.encode(new double[16], "inputs[x]", MpsEncoding.Options.bond2()))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("inputs[x]");
  }
}
