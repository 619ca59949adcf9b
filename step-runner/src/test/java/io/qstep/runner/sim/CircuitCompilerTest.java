package io.qstep.runner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CircuitCompilerTest {
  static final double EPS_STATE = 1e-12;
  static final int NO_BLOCKS = 30;

  private static List<Op> fused(Circuit c) {
    return CircuitCompiler.compile(c, c.numQubits(), GateFuser.Mode.COST_MODEL, NO_BLOCKS);
  }

  private static List<Op> unfused(Circuit c) {
    return CircuitCompiler.compile(c, c.numQubits(), false, NO_BLOCKS);
  }

  private static Op classify(GateKind kind, int[] qubits, double... angles) {
    Gate g = Gate.of(kind, qubits, angles);
    return CircuitCompiler.classify(g.qubits(), g.matrix());
  }

  // ---------------------------------------------------------------- kernel choice

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = GateKind.class,
      names = {"Z", "S", "SDG", "T", "TDG", "RZ", "P", "CZ", "CP", "CRZ", "RZZ"})
  void classify_diagonalKinds_useTheDiagonalKernel(GateKind kind) {
    int[] q = kind.numQubits() == 1 ? new int[] {3} : new int[] {4, 1};
    double[] angles = new double[kind.numParams()];
    Arrays.fill(angles, 0.3);
    assertThat(classify(kind, q, angles)).isInstanceOf(DiagOp.class);
  }

  @Test
  void classify_identity_isDropped() {
    assertThat(classify(GateKind.I, new int[] {0})).isNull();
    assertThat(classify(GateKind.RZ, new int[] {0}, 0.0)).isNull();
  }

  @Test
  void classify_permutations_areFlipsAndSwapsWithoutMultiplies() {
    PairOp x = (PairOp) classify(GateKind.X, new int[] {2});
    assertThat(x.kind()).isEqualTo(PairOp.Kind.FLIP);
    assertThat(x.controlMask()).isZero();
    PairOp cx = (PairOp) classify(GateKind.CX, new int[] {3, 1});
    assertThat(cx.kind()).isEqualTo(PairOp.Kind.FLIP);
    assertThat(cx.target()).isEqualTo(1);
    assertThat(cx.controlMask()).isEqualTo(1 << 3);
    PairOp ccx = (PairOp) classify(GateKind.CCX, new int[] {0, 4, 2});
    assertThat(ccx.kind()).isEqualTo(PairOp.Kind.FLIP);
    assertThat(ccx.target()).isEqualTo(2);
    assertThat(ccx.controlMask()).isEqualTo(0b10001);
    assertThat(classify(GateKind.SWAP, new int[] {1, 5})).isInstanceOf(SwapOp.class);
  }

  @Test
  void classify_controlledRotations_touchOnlyTheControlOneHalf() {
    PairOp cry = (PairOp) classify(GateKind.CRY, new int[] {0, 1}, 0.4);
    assertThat(cry.kind()).isEqualTo(PairOp.Kind.REAL);
    assertThat(cry.controlMask()).isEqualTo(1);
    assertThat(cry.target()).isEqualTo(1);
    PairOp crx = (PairOp) classify(GateKind.CRX, new int[] {2, 0}, 0.4);
    assertThat(crx.kind()).isEqualTo(PairOp.Kind.COMPLEX);
    assertThat(crx.controlMask()).isEqualTo(1 << 2);
    PairOp cy = (PairOp) classify(GateKind.CY, new int[] {1, 0});
    assertThat(cy.controlMask()).isEqualTo(1 << 1);
  }

  @Test
  void classify_singleQubit_realOrComplex() {
    assertThat(((PairOp) classify(GateKind.H, new int[] {0})).kind()).isEqualTo(PairOp.Kind.REAL);
    assertThat(((PairOp) classify(GateKind.RY, new int[] {0}, 1.0)).kind())
        .isEqualTo(PairOp.Kind.REAL);
    assertThat(((PairOp) classify(GateKind.SX, new int[] {0})).kind())
        .isEqualTo(PairOp.Kind.COMPLEX);
  }

  @Test
  void classify_denseTwoAndThreeQubit_useMat2AndGenericKernels() {
    assertThat(classify(GateKind.RXX, new int[] {0, 3}, 0.5)).isInstanceOf(Mat2Op.class);
    assertThat(classify(GateKind.RYY, new int[] {0, 3}, 0.5)).isInstanceOf(Mat2Op.class);
    SplittableRandom rng = new SplittableRandom(3);
    Gate u3 = Gate.unitary("u", Oracle.randomUnitary(3, rng), 0, 2, 4);
    assertThat(CircuitCompiler.classify(u3.qubits(), u3.matrix())).isInstanceOf(MatKOp.class);
  }

  @Test
  void classify_controlledCustomTwoQubitUnitary_peelsTheControl() {
    double[] u = Oracle.randomUnitary(2, new SplittableRandom(9));
    double[] m = new double[2 * 64];
    for (int i = 0; i < 4; i++) {
      m[2 * (i * 8 + i)] = 1;
    }
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        m[2 * ((4 + r) * 8 + 4 + c)] = u[2 * (r * 4 + c)];
        m[2 * ((4 + r) * 8 + 4 + c) + 1] = u[2 * (r * 4 + c) + 1];
      }
    }
    Gate g = Gate.unitary("cu", m, 2, 0, 1);
    Op op = CircuitCompiler.classify(g.qubits(), g.matrix());
    assertThat(op).isInstanceOf(MatKOp.class);
    assertThat(((MatKOp) op).workItems(3)).isEqualTo(1); // only the control-1 half, one quadruple
    double[] psi = Oracle.randomState(3, new SplittableRandom(1));
    try (StateVector s = StateVector.of(psi)) {
      new StateVectorSimulator(SimOptions.defaults()).apply(s, Circuit.builder(3).gate(g).build());
      assertThat(s.amplitudes())
          .containsExactly(Oracle.matVec(Oracle.dense(g, 3), psi), within(EPS_STATE));
    }
  }

  static final double EPS_COST = 1e-12;

  @Test
  void plan_costMatchesTheBuiltOp() {
    SplittableRandom rng = new SplittableRandom(11);
    Circuit c = RandomCircuits.random(7, 300, rng);
    for (Gate g : c.gates()) {
      CircuitCompiler.Plan p = CircuitCompiler.plan(g.qubits(), g.matrix());
      Op op = p.build();
      double built = op == null ? 0 : op.costPerAmplitude();
      assertThat(p.costPerAmplitude()).as(g.toString()).isCloseTo(built, within(EPS_COST));
    }
  }

  // ---------------------------------------------------------------- fusion rules

  @Test
  void compile_smallState_mergesOnlyOneQubitRuns() {
    Circuit c = Circuit.builder(4).h(0).rz(0, 0.2).h(1).cx(0, 1).cz(0, 1).t(1).build();
    List<Op> small = CircuitCompiler.compile(c, 4, true, NO_BLOCKS);
    assertThat(small).hasSize(5); // H RZ merged; the 2-qubit gates and T stay apart
    List<Op> big =
        CircuitCompiler.compile(c, CircuitCompiler.COST_FUSION_MIN_QUBITS, true, NO_BLOCKS);
    assertThat(big.size()).isLessThan(small.size());
  }

  @Test
  void fuse_runOfOneQubitGates_isOneTwoByTwo() {
    Circuit c = Circuit.builder(2).h(1).rx(1, 0.3).sx(1).ry(1, 0.2).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(PairOp.class);
    assertThat(unfused(c)).hasSize(4);
  }

  @Test
  void fuse_diagonalRun_staysDiagonal() {
    Circuit c = Circuit.builder(1).rz(0, 0.3).s(0).t(0).p(0, 0.1).z(0).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(DiagOp.class);
  }

  @Test
  void fuse_selfInverseRun_vanishes() {
    assertThat(fused(Circuit.builder(1).h(0).h(0).build())).isEmpty();
    assertThat(fused(Circuit.builder(2).cx(0, 1).cx(0, 1).build())).isEmpty();
  }

  @Test
  void fuse_oneQubitGatesIntoTwoQubitGate_isOneFourByFour() {
    Circuit c = Circuit.builder(2).h(0).h(1).cx(0, 1).rz(1, 0.4).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(Mat2Op.class);
  }

  @Test
  void fuse_diagonalOneQubitGatesIntoControlledPhase_staysDiagonal() {
    Circuit c = Circuit.builder(3).rz(0, 0.2).cz(0, 2).t(2).rzz(2, 0, 0.7).p(0, 0.1).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(DiagOp.class);
  }

  @Test
  void fuse_threeAlternatingCnots_isOneSwap() {
    Circuit c = Circuit.builder(2).cx(0, 1).cx(1, 0).cx(0, 1).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(SwapOp.class);
  }

  @Test
  void fuse_consecutiveGatesOnSamePairAcrossOtherQubits_merge() {
    Circuit c = Circuit.builder(4).rxx(0, 1, 0.3).h(2).cx(2, 3).ryy(1, 0, 0.2).build();
    List<Op> ops = fused(c);
    assertThat(ops).hasSize(2);
    assertThat(ops).filteredOn(op -> op instanceof Mat2Op).hasSize(2);
  }

  @Test
  void fuse_threeQubitGate_isABarrierForOneQubitGates() {
    Circuit c = Circuit.builder(3).h(0).ccx(0, 1, 2).h(0).build();
    assertThat(fused(c)).hasSize(3);
  }

  private static double cost(List<Op> ops) {
    return ops.stream().mapToDouble(Op::costPerAmplitude).sum();
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {4, 10, 16})
  void fuse_layeredCircuit_isNeverDearerAndHasFewerOps(int n) {
    Circuit c = RandomCircuits.layered(n, 6, new SplittableRandom(n));
    assertThat(cost(fused(c))).isLessThanOrEqualTo(cost(unfused(c)));
    assertThat(fused(c).size()).isLessThan(unfused(c).size());
  }

  @Test
  void fuse_hadamardsBesideCnotOnLargeState_stayApart() {
    // a dense 4x4 costs more than a flip and two real 2x2s once the state is large
    Circuit c = Circuit.builder(12).h(0).h(1).cx(0, 1).build();
    assertThat(fused(c)).hasSize(3);
    // on a tiny state the per-op overhead dominates and one 4x4 wins
    assertThat(fused(Circuit.builder(2).h(0).h(1).cx(0, 1).build())).hasSize(1);
  }

  @Test
  void fuse_denseGatesOnSamePairOnLargeState_merge() {
    Circuit c = Circuit.builder(12).rxx(3, 7, 0.3).ryy(7, 3, 0.2).rxx(3, 7, 0.1).build();
    assertThat(fused(c)).hasSize(1).first().isInstanceOf(Mat2Op.class);
  }

  @Test
  void classify_phasedPermutation_isMonomial() {
    Circuit c = Circuit.builder(2).rz(0, 0.3).cx(0, 1).rz(1, 0.2).build();
    List<Op> ops = fused(c);
    assertThat(ops).hasSize(1).first().isInstanceOf(MonomialOp.class);
    double[] psi = Oracle.randomState(2, new SplittableRandom(4));
    try (StateVector s = StateVector.of(psi)) {
      new StateVectorSimulator(SimOptions.defaults()).apply(s, c);
      assertThat(s.amplitudes()).containsExactly(Oracle.run(c, psi), within(EPS_STATE));
    }
  }

  // ---------------------------------------------------------------- cache blocks

  @Test
  void block_layeredCircuit_groupsOpsAndKeepsLowQubitsInEveryBlock() {
    int n = 10;
    Circuit c = RandomCircuits.layered(n, 6, new SplittableRandom(4));
    List<Op> flat = fused(c);
    List<Op> blocked = CircuitCompiler.block(flat, n, 6);
    assertThat(blocked.size()).isLessThan(flat.size());
    int inner = 0;
    for (Op op : blocked) {
      if (op instanceof BlockOp b) {
        assertThat(b.qubits()).hasSize(6).contains(0, 1, 2);
        inner += b.localOps().size();
      } else {
        inner++;
      }
    }
    assertThat(inner).isEqualTo(flat.size());
  }

  @Test
  void block_lonePairingOpOnLongStrideQubit_isGatheredButDiagonalIsNot() {
    int n = 8;
    assertThat(CircuitCompiler.block(unfused(Circuit.builder(n).rz(7, 0.3).build()), n, 5, 6))
        .singleElement()
        .isInstanceOf(DiagOp.class);
    assertThat(CircuitCompiler.block(unfused(Circuit.builder(n).h(5).build()), n, 5, 6))
        .singleElement()
        .isInstanceOf(PairOp.class);
    Circuit c = Circuit.builder(n).h(7).build();
    List<Op> ops = CircuitCompiler.block(unfused(c), n, 5, 6);
    assertThat(ops).singleElement().isInstanceOf(BlockOp.class);
    double[] psi = Oracle.randomState(n, new SplittableRandom(8));
    try (StateVector s = StateVector.of(psi)) {
      new StateVectorSimulator(new SimOptions(1, false)).execute(s, ops);
      assertThat(s.amplitudes()).containsExactly(Oracle.run(c, psi), within(EPS_STATE));
    }
  }

  @Test
  void block_opWiderThanBlock_isLeftOutside() {
    SplittableRandom rng = new SplittableRandom(2);
    Gate wide = Gate.unitary("w", Oracle.randomUnitary(4, rng), 3, 4, 5, 6);
    Circuit c = Circuit.builder(8).h(0).h(1).gate(wide).cx(0, 1).build();
    List<Op> ops = CircuitCompiler.block(unfused(c), 8, 5);
    assertThat(ops).anyMatch(op -> op instanceof MatKOp);
  }
}
