package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random circuits on line, ring, heavy-hex, grid, all-to-all and directed ECR targets: the
 * output equals the input up to the layout permutation and a phase (state-vector check from a
 * random entangled input), uses only native gates on coupled pairs in allowed directions, and
 * merging never increases the gate count.
 */
class TranspilerPropertyTest {
  private static final Offset<Double> TOL = Offset.offset(1e-8);

  private static final EnumSet<GateKind> IBM_CX =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX);

  static List<Target> targets() {
    return List.of(
        Target.line(6, IBM_CX),
        Target.ring(7, EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CZ)),
        // one heavy hexagon (12 qubits) and two (19), ECR directed low -> high like Eagle
        new Target(
            "heavy-hex-12",
            12,
            EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.ECR),
            Target.heavyHexRows(2, 5, false, 0, 2),
            true,
            false),
        new Target(
            "heavy-hex-19", 19, IBM_CX, Target.heavyHexRows(3, 5, false, 0, 2), false, false),
        Target.rigetti(2, 3),
        Target.ionq(5),
        Target.line(5, EnumSet.of(GateKind.U, GateKind.CX)));
  }

  static Stream<Arguments> cases() {
    return targets().stream()
        .flatMap(t -> LongStream.range(0, 12).mapToObj(seed -> Arguments.of(t.name(), seed, t)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void transpile_randomCircuit_isEquivalentNativeAndCoupled(String name, long seed, Target t) {
    int n = Math.min(t.numQubits(), 3 + (int) (seed % 3));
    Circuit c = Equivalence.randomCircuit(n, 30, seed, true);
    TranspiledCircuit tc = Transpiler.transpile(c, t, seed);
    assertThat(Native.firstViolation(tc.circuit().gates(), t)).isNull();
    assertThat(Equivalence.layoutFidelity(c, tc, seed)).isCloseTo(1.0, TOL);
    assertThat(tc.twoQubitCount()).isEqualTo(tc.circuit().multiQubitGateCount());
    assertThat(tc.depth()).isEqualTo(tc.circuit().depth());
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void transpile_mergingOn_neverIncreasesGateCountAndStaysEquivalent(
      String name, long seed, Target t) {
    int n = Math.min(t.numQubits(), 4);
    Circuit c = Equivalence.randomCircuit(n, 25, seed + 100, false);
    TranspileOptions on = TranspileOptions.defaults(seed);
    TranspiledCircuit merged = Transpiler.transpile(c, t, on);
    TranspiledCircuit plain = Transpiler.transpile(c, t, on.withOptimize(false));
    assertThat(merged.initialLayout()).isEqualTo(plain.initialLayout());
    assertThat(merged.circuit().gates().size()).isLessThanOrEqualTo(plain.circuit().gates().size());
    assertThat(merged.twoQubitCount()).isLessThanOrEqualTo(plain.twoQubitCount());
    assertThat(Native.firstViolation(plain.circuit().gates(), t)).isNull();
    assertThat(Equivalence.layoutFidelity(c, plain, seed)).isCloseTo(1.0, TOL);
    assertThat(Equivalence.layoutFidelity(c, merged, seed)).isCloseTo(1.0, TOL);
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void transpile_resynthesisOn_neverMoreTwoQubitGatesAndStaysEquivalent(
      String name, long seed, Target t) {
    int n = Math.min(t.numQubits(), 3 + (int) (seed % 3));
    Circuit c = Equivalence.randomCircuit(n, 40, seed + 500, true);
    TranspileOptions on = TranspileOptions.defaults(seed);
    TranspiledCircuit resynth = Transpiler.transpile(c, t, on);
    TranspiledCircuit plain = Transpiler.transpile(c, t, on.withResynthesis2q(false));
    assertThat(resynth.initialLayout()).isEqualTo(plain.initialLayout());
    assertThat(resynth.twoQubitCount()).isLessThanOrEqualTo(plain.twoQubitCount());
    assertThat(Native.firstViolation(resynth.circuit().gates(), t)).isNull();
    assertThat(Equivalence.layoutFidelity(c, plain, seed)).isCloseTo(1.0, TOL);
    assertThat(Equivalence.layoutFidelity(c, resynth, seed)).isCloseTo(1.0, TOL);
  }

  static Stream<Arguments> qftCases() {
    return Stream.of(
        Arguments.of(Target.line(8, IBM_CX), 8, true),
        Arguments.of(targets().get(2), 10, false),
        Arguments.of(targets().get(3), 12, true));
  }

  /**
   * QFT (CP ladders): routed swaps merge with the CPs next to them; never more 2q gates than
   * without, fewer on the line and the 19-qubit heavy hex (measured when the test was written).
   */
  @ParameterizedTest(name = "qft {1} on {0}")
  @MethodSource("qftCases")
  void transpile_qftWithResynthesis_fewerTwoQubitGatesAndEquivalent(
      Target t, int n, boolean strictlyFewer) {
    Circuit.Builder b = Circuit.builder(n);
    for (int j = 0; j < n; j++) {
      b.h(j);
      for (int k = j + 1; k < n; k++) {
        b.cp(k, j, Math.PI / Math.pow(2, k - j));
      }
    }
    Circuit c = b.build();
    TranspileOptions on = TranspileOptions.defaults(3);
    TranspiledCircuit resynth = Transpiler.transpile(c, t, on);
    TranspiledCircuit plain = Transpiler.transpile(c, t, on.withResynthesis2q(false));
    if (strictlyFewer) {
      assertThat(resynth.twoQubitCount()).isLessThan(plain.twoQubitCount());
    } else {
      assertThat(resynth.twoQubitCount()).isLessThanOrEqualTo(plain.twoQubitCount());
    }
    assertThat(Native.firstViolation(resynth.circuit().gates(), t)).isNull();
    assertThat(Equivalence.layoutFidelity(c, resynth, 3)).isCloseTo(1.0, TOL);
  }

  static Stream<Arguments> layouts() {
    return Stream.of(TranspileOptions.Layout.values())
        .flatMap(l -> LongStream.range(0, 6).mapToObj(seed -> Arguments.of(l, seed)));
  }

  @ParameterizedTest(name = "{0} layout on ibm-falcon-27 seed {1}")
  @MethodSource("layouts")
  void transpile_everyLayoutOnFalcon_isEquivalentAndDeterministic(
      TranspileOptions.Layout layout, long seed) {
    Target t = Target.ibmFalcon27();
    Circuit c = Equivalence.randomCircuit(5, 40, seed + 7, false);
    TranspileOptions o = TranspileOptions.defaults(seed).withLayout(layout);
    TranspiledCircuit tc = Transpiler.transpile(c, t, o);
    assertThat(Native.firstViolation(tc.circuit().gates(), t)).isNull();
    assertThat(Equivalence.layoutFidelity(c, tc, seed)).isCloseTo(1.0, TOL);
    assertThat(Transpiler.transpile(c, t, o)).isEqualTo(tc);
  }

  static Stream<Arguments> deviceCases() {
    return Stream.of("ibm-eagle-127", "ibm-heron-156", "ibm-falcon-27", "rigetti-4x5", "ionq-25")
        .flatMap(name -> LongStream.range(0, 3).mapToObj(seed -> Arguments.of(name, seed)));
  }

  /** Devices too big to simulate: the structural invariants, determinism and layout sanity. */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("deviceCases")
  void transpile_onRealDeviceMaps_isNativeCoupledAndDeterministic(String name, long seed) {
    Target t = Target.named(name);
    Circuit c = Equivalence.randomCircuit(12, 120, seed + 50, false);
    TranspiledCircuit tc = Transpiler.transpile(c, t, seed);
    assertThat(Native.firstViolation(tc.circuit().gates(), t)).isNull();
    assertThat(tc.circuit().numQubits()).isEqualTo(t.numQubits());
    assertThat(java.util.Arrays.stream(tc.initialLayout()).distinct().count()).isEqualTo(12);
    assertThat(java.util.Arrays.stream(tc.finalLayout()).distinct().count()).isEqualTo(12);
    assertThat(Transpiler.transpile(c, t, seed)).isEqualTo(tc);
  }

  /** A random connected map: a random spanning tree plus a few extra edges, random directions. */
  static Target randomTarget(long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int n = 5 + r.nextInt(5);
    List<Target.Edge> edges = new java.util.ArrayList<>();
    for (int q = 1; q < n; q++) {
      int p = r.nextInt(q);
      edges.add(r.nextBoolean() ? new Target.Edge(p, q) : new Target.Edge(q, p));
    }
    for (int k = 0; k < r.nextInt(3); k++) {
      int a = r.nextInt(n);
      int b = r.nextInt(n);
      if (a != b) {
        edges.add(new Target.Edge(a, b));
      }
    }
    GateKind[] entanglers = {GateKind.CX, GateKind.CZ, GateKind.ECR};
    EnumSet<GateKind> basis = EnumSet.of(GateKind.RZ, GateKind.SX, entanglers[r.nextInt(3)]);
    return new Target("random-" + seed, n, basis, edges, r.nextBoolean(), false);
  }

  static Stream<Arguments> randomTargets() {
    return LongStream.range(0, 24).mapToObj(seed -> Arguments.of(seed));
  }

  @ParameterizedTest(name = "random coupling map, seed {0}")
  @MethodSource("randomTargets")
  void transpile_onRandomCouplingMaps_isEquivalentNativeAndCoupled(long seed) {
    Target t = randomTarget(seed);
    Circuit c = Equivalence.randomCircuit(Math.min(t.numQubits(), 5), 30, seed + 300, true);
    TranspiledCircuit tc = Transpiler.transpile(c, t, seed);
    assertThat(Native.firstViolation(tc.circuit().gates(), t)).as(t.toString()).isNull();
    assertThat(Equivalence.layoutFidelity(c, tc, seed)).as(t.toString()).isCloseTo(1.0, TOL);
  }
}
