package io.qstep.runner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StateVectorSimulatorTest {
  static final double EPS_STATE = 1e-10;
  static final double EPS_NORM = 1e-10;

  /** Fused vs unfused and blocked vs unblocked differ only by rounding order. */
  static final double EPS_REORDER = 1e-12;

  static final StateVectorSimulator UNFUSED = new StateVectorSimulator(new SimOptions(1, false));
  static final StateVectorSimulator FUSED = new StateVectorSimulator(new SimOptions(1, true));

  static LongStream seeds() {
    return LongStream.range(0, 12);
  }

  private static double[] apply(StateVectorSimulator sim, Circuit c, double[] psi) {
    try (StateVector s = StateVector.of(psi)) {
      sim.apply(s, c);
      return s.amplitudes();
    }
  }

  private static double[] run(StateVectorSimulator sim, Circuit c) {
    try (StateVector s = sim.run(c)) {
      return s.amplitudes();
    }
  }

  // ---------------------------------------------------------------- analytic states

  @Test
  void run_bell_isEqualSuperpositionOf00And11() {
    double[] a = run(FUSED, Circuit.builder(2).h(0).cx(0, 1).build());
    double r = Math.sqrt(0.5);
    assertThat(a).containsExactly(new double[] {r, 0, 0, 0, 0, 0, r, 0}, within(EPS_STATE));
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {3, 4, 5, 8, 12})
  void run_ghz_hasTwoEqualAmplitudes(int n) {
    Circuit.Builder b = Circuit.builder(n).h(0);
    for (int q = 1; q < n; q++) {
      b.cx(q - 1, q);
    }
    for (StateVectorSimulator sim : List.of(FUSED, UNFUSED)) {
      double[] a = run(sim, b.build());
      double[] expect = new double[2 << n];
      expect[0] = Math.sqrt(0.5);
      expect[2 * ((1 << n) - 1)] = Math.sqrt(0.5);
      assertThat(a).containsExactly(expect, within(EPS_STATE));
    }
  }

  /** Textbook QFT with final swaps: |x> -> 2^{-n/2} sum_k exp(2 pi i x k / 2^n) |k>. */
  static Circuit qft(int n, int input) {
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      if (((input >>> q) & 1) != 0) {
        b.x(q);
      }
    }
    for (int j = n - 1; j >= 0; j--) {
      b.h(j);
      for (int k = j - 1; k >= 0; k--) {
        b.cp(k, j, Math.PI / (1 << (j - k)));
      }
    }
    for (int i = 0; i < n / 2; i++) {
      b.swap(i, n - 1 - i);
    }
    return b.build();
  }

  static Stream<Arguments> qftCases() {
    return Stream.of(
        Arguments.of(1, 1),
        Arguments.of(2, 1),
        Arguments.of(3, 5),
        Arguments.of(5, 19),
        Arguments.of(8, 0),
        Arguments.of(8, 173),
        Arguments.of(10, 777));
  }

  @ParameterizedTest(name = "n={0} x={1}")
  @MethodSource("qftCases")
  void run_qftOfBasisState_matchesClosedForm(int n, int x) {
    int dim = 1 << n;
    double[] expect = new double[2 * dim];
    for (int k = 0; k < dim; k++) {
      double phase = 2 * Math.PI * ((long) x * k % dim) / dim;
      expect[2 * k] = Math.cos(phase) / Math.sqrt(dim);
      expect[2 * k + 1] = Math.sin(phase) / Math.sqrt(dim);
    }
    for (StateVectorSimulator sim : List.of(FUSED, UNFUSED)) {
      assertThat(run(sim, qft(n, x))).containsExactly(expect, within(EPS_STATE));
    }
  }

  @Test
  void run_rotations_matchHalfAngleFormulas() {
    double t = 0.7;
    double c = Math.cos(t / 2);
    double s = Math.sin(t / 2);
    assertThat(run(FUSED, Circuit.builder(1).rx(0, t).build()))
        .containsExactly(new double[] {c, 0, 0, -s}, within(EPS_STATE));
    assertThat(run(FUSED, Circuit.builder(1).ry(0, t).build()))
        .containsExactly(new double[] {c, 0, s, 0}, within(EPS_STATE));
    double r = Math.sqrt(0.5);
    assertThat(run(FUSED, Circuit.builder(1).h(0).rz(0, t).build()))
        .containsExactly(new double[] {r * c, -r * s, r * c, r * s}, within(EPS_STATE));
    assertThat(run(FUSED, Circuit.builder(1).u(0, t, 0.3, 0.2).build()))
        .containsExactly(
            new double[] {c, 0, Math.cos(0.3) * s, Math.sin(0.3) * s}, within(EPS_STATE));
    // RZ(a) RZ(b) = RZ(a + b): the fused diagonal
    assertThat(run(FUSED, Circuit.builder(2).h(1).rz(1, 0.4).rz(1, 0.3).build()))
        .containsExactly(
            run(UNFUSED, Circuit.builder(2).h(1).rz(1, 0.7).build()), within(EPS_STATE));
  }

  // ---------------------------------------------------------------- every gate, every position

  static Stream<Arguments> everyKind() {
    return Stream.of(GateKind.values()).map(Arguments::of);
  }

  /** Every ordered choice of distinct qubits of the gate's arity on n qubits. */
  static List<int[]> placements(int n, int arity) {
    List<int[]> out = new ArrayList<>();
    int[] cur = new int[arity];
    place(n, cur, 0, out);
    return out;
  }

  private static void place(int n, int[] cur, int depth, List<int[]> out) {
    if (depth == cur.length) {
      out.add(cur.clone());
      return;
    }
    outer:
    for (int q = 0; q < n; q++) {
      for (int j = 0; j < depth; j++) {
        if (cur[j] == q) {
          continue outer;
        }
      }
      cur[depth] = q;
      place(n, cur, depth + 1, out);
    }
  }

  private static List<Gate> gatesOfKind(GateKind kind, int n, SplittableRandom rng) {
    List<Gate> gates = new ArrayList<>();
    if (kind == GateKind.UNITARY) {
      for (int k = 1; k <= Math.min(4, n); k++) {
        for (int[] q : placements(n, k)) {
          if (k < 3 || rng.nextInt(4) == 0) { // all 1- and 2-qubit placements, a sample above
            gates.add(Gate.unitary("u", Oracle.randomUnitary(k, rng), q));
          }
        }
      }
      return gates;
    }
    for (int[] q : placements(n, kind.numQubits())) {
      double[] angles = new double[kind.numParams()];
      for (int i = 0; i < angles.length; i++) {
        angles[i] = rng.nextDouble() * 4 * Math.PI - 2 * Math.PI;
      }
      gates.add(Gate.of(kind, q, angles));
    }
    return gates;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GateKind.class)
  void apply_everyKindOnEveryPlacement_matchesDenseOracle(GateKind kind) {
    int n = Oracle.MAX_DENSE_QUBITS;
    SplittableRandom rng = new SplittableRandom(kind.ordinal());
    for (Gate g : gatesOfKind(kind, n, rng)) {
      double[] psi = Oracle.randomState(n, rng);
      double[] expect = Oracle.matVec(Oracle.dense(g, n), psi);
      Circuit c = Circuit.builder(n).gate(g).build();
      for (StateVectorSimulator sim : List.of(FUSED, UNFUSED)) {
        assertThat(Oracle.maxAbsDiff(apply(sim, c, psi), expect))
            .as(g.toString())
            .isLessThan(EPS_STATE);
      }
    }
  }

  /** Random phases on a random permutation: one non-zero per row and column. */
  static double[] randomMonomial(int k, SplittableRandom rng) {
    int d = 1 << k;
    int[] perm = new int[d];
    for (int i = 0; i < d; i++) {
      perm[i] = i;
    }
    for (int i = d - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    double[] m = new double[2 * d * d];
    for (int r = 0; r < d; r++) {
      double phase = rng.nextDouble() * 2 * Math.PI;
      m[2 * (r * d + perm[r])] = Math.cos(phase);
      m[2 * (r * d + perm[r]) + 1] = Math.sin(phase);
    }
    return m;
  }

  /** |0><0| ⊗ I + |1><1| ⊗ u: the first qubit controls u on the others. */
  static double[] controlled(double[] u) {
    int du = (int) Math.round(Math.sqrt(u.length / 2.0));
    int d = 2 * du;
    double[] m = new double[2 * d * d];
    for (int i = 0; i < du; i++) {
      m[2 * (i * d + i)] = 1;
    }
    for (int r = 0; r < du; r++) {
      for (int c = 0; c < du; c++) {
        m[2 * ((du + r) * d + du + c)] = u[2 * (r * du + c)];
        m[2 * ((du + r) * d + du + c) + 1] = u[2 * (r * du + c) + 1];
      }
    }
    return m;
  }

  static Stream<Arguments> structuredUnitaries() {
    SplittableRandom rng = new SplittableRandom(77);
    return Stream.of(
        Arguments.of("monomial k=2", randomMonomial(2, rng)),
        Arguments.of("monomial k=3", randomMonomial(3, rng)),
        Arguments.of("diagonal k=3", controlled(controlled(GateKind.P.matrix(0.4)))),
        Arguments.of("controlled monomial", controlled(randomMonomial(2, rng))),
        Arguments.of("controlled dense 2q", controlled(Oracle.randomUnitary(2, rng))),
        Arguments.of(
            "doubly controlled dense 1q", controlled(controlled(Oracle.randomUnitary(1, rng)))),
        Arguments.of("fredkin", controlled(GateKind.SWAP.matrix())),
        Arguments.of("dense k=3", Oracle.randomUnitary(3, rng)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structuredUnitaries")
  void apply_structuredCustomUnitaryOnEveryPlacement_matchesDenseOracle(String name, double[] u) {
    int n = Oracle.MAX_DENSE_QUBITS;
    int k = Integer.numberOfTrailingZeros((int) Math.round(Math.sqrt(u.length / 2.0)));
    SplittableRandom rng = new SplittableRandom(k);
    for (int[] q : placements(n, k)) {
      Gate g = Gate.unitary("u", u, q);
      double[] psi = Oracle.randomState(n, rng);
      double[] expect = Oracle.matVec(Oracle.dense(g, n), psi);
      Circuit c = Circuit.builder(n).gate(g).build();
      assertThat(Oracle.maxAbsDiff(apply(UNFUSED, c, psi), expect))
          .as(g.toString())
          .isLessThan(EPS_STATE);
    }
  }

  /** Larger register: placements on qubits >= 3 take the contiguous-run loops. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(GateKind.class)
  void apply_everyKindOnHighAndMixedQubits_matchesDefinition(GateKind kind) {
    int n = 9;
    SplittableRandom rng = new SplittableRandom(100 + kind.ordinal());
    List<Gate> gates = gatesOfKind(kind, n, rng);
    for (int i = 0; i < gates.size(); i += 1 + gates.size() / 40) {
      Gate g = gates.get(i);
      double[] psi = Oracle.randomState(n, rng);
      double[] expect = Oracle.applyByDefinition(g, psi);
      assertThat(Oracle.maxAbsDiff(apply(UNFUSED, Circuit.builder(n).gate(g).build(), psi), expect))
          .as(g.toString())
          .isLessThan(EPS_STATE);
    }
  }

  // ---------------------------------------------------------------- properties on random circuits

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void apply_randomCircuit_matchesDenseOracle(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(Oracle.MAX_DENSE_QUBITS);
    Circuit c = RandomCircuits.random(n, 60, rng);
    double[] psi = Oracle.randomState(n, rng);
    double[] expect = Oracle.run(c, psi);
    assertThat(Oracle.maxAbsDiff(apply(FUSED, c, psi), expect)).isLessThan(EPS_STATE);
    assertThat(Oracle.maxAbsDiff(apply(UNFUSED, c, psi), expect)).isLessThan(EPS_STATE);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void run_randomCircuit_preservesNorm(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(12);
    try (StateVector s = FUSED.run(RandomCircuits.random(n, 200, rng))) {
      assertThat(s.norm()).isCloseTo(1.0, within(EPS_NORM));
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void run_randomCircuit_fusedEqualsUnfused(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 2 + rng.nextInt(11);
    Circuit c =
        rng.nextBoolean() ? RandomCircuits.random(n, 150, rng) : RandomCircuits.layered(n, 8, rng);
    assertThat(Oracle.maxAbsDiff(run(FUSED, c), run(UNFUSED, c))).isLessThan(EPS_REORDER);
  }

  /** Cost-model fusion normally starts at 14 qubits; forced here on small states. */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void run_randomCircuit_costModelFusionEqualsUnfused(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(12);
    Circuit c =
        rng.nextBoolean() ? RandomCircuits.random(n, 150, rng) : RandomCircuits.layered(n, 8, rng);
    double[] psi = Oracle.randomState(n, rng);
    try (StateVector s = StateVector.of(psi)) {
      FUSED.execute(s, CircuitCompiler.compile(c, n, GateFuser.Mode.COST_MODEL, 30));
      assertThat(Oracle.maxAbsDiff(s.amplitudes(), apply(UNFUSED, c, psi))).isLessThan(EPS_REORDER);
      if (n <= Oracle.MAX_DENSE_QUBITS) {
        assertThat(Oracle.maxAbsDiff(s.amplitudes(), Oracle.run(c, psi))).isLessThan(EPS_STATE);
      }
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void run_randomCircuit_blockedEqualsUnblocked(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 6 + rng.nextInt(5);
    Circuit c =
        rng.nextBoolean() ? RandomCircuits.random(n, 150, rng) : RandomCircuits.layered(n, 8, rng);
    StateVectorSimulator blocked = new StateVectorSimulator(new SimOptions(1, true), 5);
    assertThat(CircuitCompiler.compile(c, n, true, 5)).anyMatch(op -> op instanceof BlockOp);
    assertThat(Oracle.maxAbsDiff(run(blocked, c), run(UNFUSED, c))).isLessThan(EPS_REORDER);
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3})
  void run_sixteenQubits_multiThreadedEqualsSingleThreadedBitForBit(long seed) {
    int n = 16;
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit c = seed == 1 ? RandomCircuits.layered(n, 6, rng) : RandomCircuits.random(n, 120, rng);
    for (boolean fuse : new boolean[] {true, false}) {
      double[] one = run(new StateVectorSimulator(new SimOptions(1, fuse)), c);
      double[] four = run(new StateVectorSimulator(new SimOptions(4, fuse)), c);
      double[] two = run(new StateVectorSimulator(new SimOptions(2, fuse)), c);
      assertThat(two).isEqualTo(one);
      assertThat(four).isEqualTo(one);
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void run_unboundParameter_isIllegalArgument() {
    Circuit c = Circuit.builder(2).h(0).rz(1, Param.symbol("theta")).build();
    assertThatThrownBy(() -> FUSED.run(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbound");
    try (StateVector s = FUSED.run(c.bind(0.5))) {
      assertThat(s.norm()).isCloseTo(1.0, within(EPS_NORM));
    }
  }

  @Test
  void apply_circuitWiderThanState_isIllegalArgumentAndLeavesStateUnchanged() {
    try (StateVector s = StateVector.zero(2)) {
      assertThatThrownBy(() -> FUSED.apply(s, Circuit.builder(3).h(2).build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(s.amplitudes()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  @Test
  void apply_narrowerCircuit_actsOnLowQubits() {
    try (StateVector s = StateVector.zero(3)) {
      FUSED.apply(s, Circuit.builder(1).x(0).build());
      assertThat(s.probabilities())
          .containsExactly(new double[] {0, 1, 0, 0, 0, 0, 0, 0}, within(EPS_STATE));
    }
  }

  @Test
  void options_negativeThreads_isIllegalArgument() {
    assertThatThrownBy(() -> new SimOptions(-1, true)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SimOptions.defaults().effectiveThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void run_emptyCircuit_isZeroState() {
    assertThat(run(FUSED, Circuit.builder(3).build())).containsExactly(StateVectorTest.basis(3, 0));
  }
}
