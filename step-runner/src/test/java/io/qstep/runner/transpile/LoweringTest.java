package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact decompositions: lowering to 1q + CX, Euler synthesis, entangler translation. */
class LoweringTest {
  private static final double EPS = 1e-10;

  static Stream<Arguments> kindsAndSeeds() {
    return LongStream.range(0, 3)
        .boxed()
        .flatMap(
            seed ->
                Arrays.stream(GateKind.values())
                    .filter(k -> k != GateKind.UNITARY)
                    .map(k -> Arguments.of(k, seed)));
  }

  private static Gate randomGate(GateKind k, long seed, boolean symbolic) {
    SplittableRandom r = new SplittableRandom(seed * 31 + k.ordinal());
    int[] q = Equivalence.distinct(3, k.numQubits(), r);
    List<Param> p = new ArrayList<>();
    for (int i = 0; i < k.numParams(); i++) {
      double v = r.nextDouble(-2 * Math.PI, 2 * Math.PI);
      p.add(symbolic ? new Param.Symbol("t" + i, r.nextDouble(-2, 2), v) : Param.of(v));
    }
    return Gate.of(k, q, p);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void lower_everyKind_isExactUpToPhaseWithOnlyOneQubitGatesAndCx(GateKind kind, long seed) {
    Gate g = randomGate(kind, seed, false);
    List<Gate> out = new ArrayList<>();
    Lowering.lower(g, out);
    assertThat(out).allMatch(o -> o.arity() == 1 || o.kind() == GateKind.CX);
    assertThat(
            Equivalence.phaseFidelity(
                Equivalence.unitary(3, List.of(g)), Equivalence.unitary(3, out)))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(EPS));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("kindsAndSeeds")
  void lower_symbolicAngles_stayOnlyInRzAndBindToTheSameUnitary(GateKind kind, long seed) {
    Gate g = randomGate(kind, seed, true);
    List<Gate> out = new ArrayList<>();
    Lowering.lower(g, out);
    assertThat(out).allMatch(o -> o.isBound() || o.kind() == GateKind.RZ);
    Map<String, Double> binding = Map.of("t0", 0.37, "t1", -1.1, "t2", 2.5);
    List<Gate> bound = out.stream().map(o -> o.bind(binding)).toList();
    assertThat(
            Equivalence.phaseFidelity(
                Equivalence.unitary(3, List.of(g.bind(binding))), Equivalence.unitary(3, bound)))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(EPS));
  }

  @ParameterizedTest(name = "{0}-qubit custom unitary, seed {1}")
  @MethodSource("unitaryCases")
  void lower_customUnitary_isExactUpToPhase(int arity, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] q = Equivalence.distinct(3, arity, r);
    Gate g = Gate.unitary("w", Equivalence.randomUnitary(1 << arity, r), q);
    List<Gate> out = new ArrayList<>();
    Lowering.lower(g, out);
    assertThat(out).allMatch(o -> o.arity() == 1 || o.kind() == GateKind.CX);
    assertThat(
            Equivalence.phaseFidelity(
                Equivalence.unitary(3, List.of(g)), Equivalence.unitary(3, out)))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  static Stream<Arguments> unitaryCases() {
    return Stream.of(1, 2, 3)
        .flatMap(a -> LongStream.range(0, 3).mapToObj(s -> Arguments.of(a, s)));
  }

  static Stream<Arguments> formsAndSeeds() {
    List<Target> targets =
        List.of(
            Target.line(2, EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX)),
            Target.line(2, EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.CX)),
            Target.rigetti(1, 2),
            Target.line(2, EnumSet.of(GateKind.RZ, GateKind.RX, GateKind.CZ)),
            Target.line(2, EnumSet.of(GateKind.RZ, GateKind.RY, GateKind.CX)),
            Target.line(2, EnumSet.of(GateKind.U, GateKind.CX)));
    return targets.stream().flatMap(t -> LongStream.range(0, 12).mapToObj(s -> Arguments.of(t, s)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("formsAndSeeds")
  void synthesize_randomAndSpecialUnitaries_areExactAndNative(Target t, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    // seeds 0..3: special angles (θ = 0, π/2, π) that take the short forms
    double[] u =
        switch ((int) seed) {
          case 0 -> GateKind.RZ.matrix(0.3);
          case 1 -> GateKind.H.matrix();
          case 2 -> GateKind.Y.matrix();
          case 3 -> GateKind.I.matrix();
          default -> Equivalence.randomUnitary(2, r);
        };
    List<Gate> out = OneQubit.synthesize(u, 0, t);
    assertThat(out.size()).isLessThanOrEqualTo(5);
    assertThat(Native.firstViolation(out, t)).isNull();
    double[] m = OneQubit.identity();
    for (Gate g : out) {
      m = OneQubit.mul(g.matrix(), m);
    }
    assertThat(Equivalence.phaseFidelity(u, m))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(EPS));
  }

  @Test
  void synthesize_shortForms_useFewGates() {
    Target ibm = Target.ibmFalcon27();
    assertThat(OneQubit.synthesize(GateKind.I.matrix(), 0, ibm)).isEmpty();
    assertThat(OneQubit.synthesize(GateKind.Z.matrix(), 0, ibm)).hasSize(1);
    assertThat(OneQubit.synthesize(GateKind.H.matrix(), 0, ibm)).hasSize(3);
    assertThat(OneQubit.synthesize(GateKind.Y.matrix(), 0, ibm)).hasSize(2);
  }

  @ParameterizedTest(name = "entangler {0}, directed {1}")
  @MethodSource("entanglerCases")
  void entanglers_cxAndSwapInBothDirections_areExactAndAllowed(GateKind e, boolean directed) {
    EnumSet<GateKind> basis = EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, e);
    Target t = new Target("pair", 2, basis, List.of(new Target.Edge(0, 1)), directed, false);
    for (Gate g :
        List.of(
            Gate.of(GateKind.CX, new int[] {0, 1}),
            Gate.of(GateKind.CX, new int[] {1, 0}),
            Gate.of(GateKind.SWAP, new int[] {0, 1}),
            Gate.of(GateKind.SWAP, new int[] {1, 0}))) {
      List<Gate> out = Native.entanglers(List.of(g), t);
      List<Gate> opt = Native.optimize(out, 2, t);
      assertThat(Native.firstViolation(opt, t)).as(g.toString()).isNull();
      for (List<Gate> version : List.of(out, opt)) {
        assertThat(
                Equivalence.phaseFidelity(
                    Equivalence.unitary(2, List.of(g)), Equivalence.unitary(2, version)))
            .as(g + " -> " + version)
            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(EPS));
      }
    }
  }

  static Stream<Arguments> entanglerCases() {
    return Stream.of(
        Arguments.of(GateKind.CX, false),
        Arguments.of(GateKind.CX, true),
        Arguments.of(GateKind.CZ, false),
        Arguments.of(GateKind.CZ, true),
        Arguments.of(GateKind.ECR, false),
        Arguments.of(GateKind.ECR, true));
  }

  @ParameterizedTest
  @EnumSource(
      value = GateKind.class,
      names = {"CX", "CZ", "ECR"})
  void cancelPairs_adjacentInversePairs_vanish(GateKind k) {
    List<Gate> gates =
        List.of(
            Gate.of(k, new int[] {0, 1}),
            Gate.of(k, new int[] {k == GateKind.CZ ? 1 : 0, k == GateKind.CZ ? 0 : 1}));
    assertThat(Native.cancelPairs(gates, 2)).isEmpty();
    List<Gate> blocked =
        List.of(
            Gate.of(k, new int[] {0, 1}),
            Gate.of(GateKind.H, new int[] {1}),
            Gate.of(k, new int[] {0, 1}));
    assertThat(Native.cancelPairs(blocked, 2)).hasSize(3);
  }
}
