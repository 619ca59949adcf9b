package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FoldingTest {
  static final double EPS = 1e-10;

  static Stream<Arguments> cases() {
    return IntStream.range(0, 6)
        .boxed()
        .flatMap(
            i ->
                Stream.of(Folding.Method.values())
                    .flatMap(
                        m -> Stream.of(1.0, 1.7, 3.0, 4.4).map(s -> Arguments.of(100L + i, m, s))));
  }

  /** Random bound circuit over every gate kind (a random 1- or 2-qubit unitary for UNITARY). */
  static Circuit randomCircuit(int n, int gates, SplittableRandom rng) {
    Circuit.Builder b = Circuit.builder(n);
    GateKind[] kinds = GateKind.values();
    int added = 0;
    while (added < gates) {
      GateKind k = kinds[rng.nextInt(kinds.length)];
      int arity = k == GateKind.UNITARY ? 1 + rng.nextInt(2) : k.numQubits();
      if (arity > n) {
        continue;
      }
      int[] q = rng.ints(0, n).distinct().limit(arity).toArray();
      if (k == GateKind.UNITARY) {
        double[] m =
            arity == 1
                ? GateKind.U.matrix(
                    rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6)
                : GateKind.RXX.matrix(rng.nextDouble() * 6);
        b.gate(Gate.unitary("u" + arity, m, q));
      } else {
        double[] a = new double[k.numParams()];
        for (int i = 0; i < a.length; i++) {
          a[i] = (rng.nextDouble() * 2 - 1) * 2 * Math.PI;
        }
        b.gate(Gate.of(k, q, a));
      }
      added++;
    }
    return b.build();
  }

  /** Column j = U|j>, interleaved. */
  static double[][] unitary(Circuit c) {
    int dim = 1 << c.numQubits();
    StateVectorSimulator sim = new StateVectorSimulator(new SimOptions(1, false));
    double[][] cols = new double[dim][];
    for (int j = 0; j < dim; j++) {
      double[] amp = new double[2 * dim];
      amp[2 * j] = 1;
      try (StateVector s = StateVector.of(amp)) {
        sim.apply(s, c);
        cols[j] = s.amplitudes();
      }
    }
    return cols;
  }

  static void assertEqualUpToGlobalPhase(double[][] u, double[][] v) {
    // phase from the largest entry of column 0
    int best = 0;
    for (int i = 0; i < u[0].length / 2; i++) {
      if (Math.hypot(u[0][2 * i], u[0][2 * i + 1])
          > Math.hypot(u[0][2 * best], u[0][2 * best + 1])) {
        best = i;
      }
    }
    double ar = u[0][2 * best], ai = u[0][2 * best + 1];
    double br = v[0][2 * best], bi = v[0][2 * best + 1];
    double n = ar * ar + ai * ai;
    double pr = (br * ar + bi * ai) / n; // phase = v/u
    double pi = (bi * ar - br * ai) / n;
    for (int j = 0; j < u.length; j++) {
      for (int i = 0; i < u[j].length / 2; i++) {
        double er = u[j][2 * i] * pr - u[j][2 * i + 1] * pi;
        double ei = u[j][2 * i] * pi + u[j][2 * i + 1] * pr;
        assertThat(v[j][2 * i]).isCloseTo(er, within(EPS));
        assertThat(v[j][2 * i + 1]).isCloseTo(ei, within(EPS));
      }
    }
  }

  @ParameterizedTest(name = "seed {0} {1} scale {2}")
  @MethodSource("cases")
  void fold_preservesTheIdealUnitary(long seed, Folding.Method method, double scale) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit c = randomCircuit(3, 12, rng);
    Folding.Folded f = Folding.fold(c, scale, method, seed);
    assertThat(f.circuit().gates()).hasSize(c.gates().size() + 2 * f.folds());
    assertThat(f.achievedScale()).isCloseTo(scale, within(1.0 / c.gates().size() + 1e-12));
    assertEqualUpToGlobalPhase(unitary(c), unitary(f.circuit()));
  }

  @Test
  void inverse_ofEveryGateKind_isItsAdjoint() {
    SplittableRandom rng = new SplittableRandom(5);
    for (GateKind k : GateKind.values()) {
      Circuit c = randomCircuitOf(k, rng);
      Gate g = c.gates().get(0);
      Circuit gginv = Circuit.builder(3).gate(g).gate(Folding.inverse(g)).build();
      assertEqualUpToGlobalPhase(unitary(Circuit.builder(3).i(0).build()), unitary(gginv));
    }
  }

  private static Circuit randomCircuitOf(GateKind k, SplittableRandom rng) {
    if (k == GateKind.UNITARY) {
      return Circuit.builder(3).unitary("w", GateKind.U.matrix(0.3, 1.1, -0.7), 1).build();
    }
    double[] a = new double[k.numParams()];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextDouble() * 4 - 2;
    }
    int[] q = IntStream.range(0, k.numQubits()).map(i -> 2 - i).toArray();
    return Circuit.builder(3).gate(Gate.of(k, q, a)).build();
  }

  @Test
  void global_atOddIntegerScale_repeatsTheCircuitAndItsInverse() {
    Circuit c = Circuit.builder(2).h(0).cx(0, 1).rz(1, 0.3).build();
    Folding.Folded f = Folding.fold(c, 3, Folding.Method.GLOBAL, 0);
    assertThat(f.achievedScale()).isEqualTo(3.0);
    assertThat(f.circuit().gates().subList(0, 3)).isEqualTo(c.gates());
    assertThat(f.circuit().gates().get(3)).isEqualTo(Gate.of(GateKind.RZ, new int[] {1}, -0.3));
    assertThat(f.circuit().gates().subList(6, 9)).isEqualTo(c.gates());
  }

  @Test
  void random_isSeeded() {
    Circuit c = randomCircuit(4, 30, new SplittableRandom(1));
    Circuit a = Folding.fold(c, 1.8, Folding.Method.RANDOM, 42).circuit();
    Circuit b = Folding.fold(c, 1.8, Folding.Method.RANDOM, 42).circuit();
    Circuit d = Folding.fold(c, 1.8, Folding.Method.RANDOM, 43).circuit();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(d);
  }

  @Test
  void fold_keepsMeasurements() {
    Circuit c = Circuit.builder(2).h(0).cx(0, 1).measure(1, 0).build();
    Circuit f = Folding.fold(c, 5, Folding.Method.LOCAL, 0).circuit();
    assertThat(f.measurements()).isEqualTo(c.measurements());
    assertThat(f.numClbits()).isEqualTo(1);
    assertThat(f.gates()).hasSize(10);
  }

  @Test
  void fold_belowOne_isRejected() {
    Circuit c = Circuit.builder(1).h(0).build();
    assertThatThrownBy(() -> Folding.fold(c, 0.9, Folding.Method.GLOBAL, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
