package io.qstep.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export then import is the identity, in both dialects, on seeded random circuits. */
class OpenQasmRoundTripTest {

  private static final String[] NAMES = {"theta", "phi", "w_0", "x", "gamma"};

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  /** Every standard kind at least once, random qubits, constant and symbolic angles. */
  static Circuit randomCircuit(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 3 + rnd.nextInt(3);
    Circuit.Builder b = Circuit.builder(n);
    List<GateKind> kinds = new ArrayList<>();
    for (GateKind k : GateKind.values()) {
      if (k != GateKind.UNITARY) {
        kinds.add(k);
      }
    }
    int count = kinds.size() + rnd.nextInt(30);
    for (int i = 0; i < count; i++) {
      GateKind k = i < kinds.size() ? kinds.get(i) : kinds.get(rnd.nextInt(kinds.size()));
      int[] qubits = distinct(rnd, n, k.numQubits());
      Param[] ps = new Param[k.numParams()];
      for (int j = 0; j < ps.length; j++) {
        ps[j] = randomParam(rnd);
      }
      b.gate(k, qubits, ps);
    }
    int measured = rnd.nextInt(n + 1);
    int[] qs = distinct(rnd, n, n);
    for (int i = 0; i < measured; i++) {
      b.measure(qs[i], rnd.nextInt(n + 2));
    }
    return b.build();
  }

  private static int[] distinct(SplittableRandom rnd, int n, int k) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, k);
  }

  static Param randomParam(SplittableRandom rnd) {
    if (rnd.nextBoolean()) {
      return Param.of(randomDouble(rnd));
    }
    String name = NAMES[rnd.nextInt(NAMES.length)];
    double scale =
        switch (rnd.nextInt(5)) {
          case 0 -> 1.0;
          case 1 -> -1.0;
          case 2 -> 2.0;
          case 3 -> 0.0;
          default -> randomDouble(rnd);
        };
    double offset = rnd.nextInt(3) == 0 ? 0.0 : randomDouble(rnd);
    return new Param.Symbol(name, scale, offset);
  }

  private static double randomDouble(SplittableRandom rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> rnd.nextDouble(-2 * Math.PI, 2 * Math.PI);
      case 1 -> Math.PI / (1 + rnd.nextInt(8)) * (rnd.nextBoolean() ? 1 : -1);
      case 2 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));
      case 3 -> -0.0;
      case 4 -> rnd.nextInt(-5, 6);
      default -> 0.1 * rnd.nextInt(-30, 30);
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void qasm3_exportThenImport_isIdentity(long seed) {
    Circuit c = randomCircuit(seed);
    String text = OpenQasm.toQasm3(c);
    Circuit back = OpenQasm.parse(text);
    assertThat(back).as(text).isEqualTo(c);
    assertThat(OpenQasm.toQasm3(back)).isEqualTo(text);
    assertThat(back.version()).isEqualTo(c.version());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void qasm2_exportThenImport_ofBoundCircuit_isIdentity(long seed) {
    Circuit c = randomCircuit(seed);
    SplittableRandom rnd = new SplittableRandom(~seed);
    double[] values = new double[c.parameters().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rnd.nextDouble(-4, 4);
    }
    Circuit bound = c.bind(values);
    String text = OpenQasm.toQasm2(bound);
    assertThat(OpenQasm.parse(text)).as(text).isEqualTo(bound);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void qasm3_exportThenImport_ofBoundCircuit_hasTheSameUnitary(long seed) {
    // guards the matrices behind the names: a wrong rxx/ryy/rzz definition would not round-trip
    SplittableRandom rnd = new SplittableRandom(seed);
    Circuit c = randomCircuit(seed);
    if (c.numQubits() > 4) {
      return;
    }
    double[] values = new double[c.parameters().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rnd.nextDouble(-4, 4);
    }
    Circuit bound = c.bind(values);
    assertThat(
            TestMatrices.close(
                TestMatrices.unitary(OpenQasm.parse(OpenQasm.toQasm3(bound))),
                TestMatrices.unitary(bound)))
        .isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void customUnitary_exportThenImport_hasTheSameUnitaryUpToPhase(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int k = 1 + (int) (seed % 3);
    int n = k + 1;
    double[] u = TestMatrices.randomUnitary(k, rnd);
    int[] qubits = distinct(rnd, n, k);
    Circuit c =
        Circuit.builder(n)
            .h(0)
            .unitary("blk", u, qubits)
            .rx(n - 1, 0.3)
            .unitary("blk", u, distinct(rnd, n, k))
            .build();
    for (String text : List.of(OpenQasm.toQasm3(c), OpenQasm.toQasm2(c))) {
      Circuit back = OpenQasm.parse(text);
      assertThat(back.gates()).noneMatch(g -> g.kind() == GateKind.UNITARY);
      assertThat(TestMatrices.closeUpToPhase(TestMatrices.unitary(back), TestMatrices.unitary(c)))
          .as(text)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decompose_ofFourAndFiveQubitUnitaries_isExactUpToPhase(long seed) {
    if (seed >= 4) {
      return; // a handful suffices; these are the slow ones
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int k = 4 + (int) (seed % 2);
    double[] u = TestMatrices.randomUnitary(k, rnd);
    List<Gate> body = Unitaries.decompose(u, k);
    Circuit.Builder b = Circuit.builder(k);
    for (Gate g : body) {
      // decomposition qubit i is the i-th most significant bit: map to circuit qubit k-1-i
      int[] q = g.qubits();
      for (int i = 0; i < q.length; i++) {
        q[i] = k - 1 - q[i];
      }
      b.gate(g.kind(), q, g.params().toArray(new Param[0]));
    }
    assertThat(TestMatrices.closeUpToPhase(TestMatrices.unitary(b.build()), u)).isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decompose_isDeterministic(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] u = TestMatrices.randomUnitary(2, rnd);
    assertThat(Unitaries.decompose(u, 2)).isEqualTo(Unitaries.decompose(u.clone(), 2));
  }
}
