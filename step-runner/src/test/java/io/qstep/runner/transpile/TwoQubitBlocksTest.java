package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Block collection and replacement on physical CX-level gate lists, checked against the dense
 * unitary of the whole list (an oracle independent of the block bookkeeping).
 */
class TwoQubitBlocksTest {
  private static final EnumSet<GateKind> IBM_CX =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX);
  private static final Target ALL4 = Target.allToAll(4, IBM_CX);

  private static Gate cx(int c, int t) {
    return Gate.of(GateKind.CX, new int[] {c, t});
  }

  private static Gate one(GateKind k, int q, double... a) {
    return Gate.of(k, new int[] {q}, a);
  }

  private static Gate randomOne(SplittableRandom r, int q) {
    return one(
        GateKind.U,
        q,
        r.nextDouble(Math.PI),
        r.nextDouble(-Math.PI, Math.PI),
        r.nextDouble(-Math.PI, Math.PI));
  }

  private static double distance(int n, List<Gate> a, List<Gate> b) {
    return TwoQubitBlocks.distance(Equivalence.unitary(n, a), Equivalence.unitary(n, b));
  }

  @Test
  void resynthesize_fiveCxOnOnePair_becomesAtMostThreeAndEquivalent() {
    SplittableRandom r = new SplittableRandom(1);
    List<Gate> in = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      in.add(randomOne(r, 0));
      in.add(randomOne(r, 1));
      in.add(k % 2 == 0 ? cx(0, 1) : cx(1, 0));
    }
    List<Gate> out = TwoQubitBlocks.resynthesize(in, 2, ALL4);
    assertThat(TwoQubitBlocks.cxCount(out)).isEqualTo(3);
    assertThat(distance(2, in, out)).isLessThan(1e-9);
  }

  @Test
  void resynthesize_swapThenCz_isTwoCx() {
    // SWAP (3 CX) then CZ (H CX H) on the same pair: iSWAP-like class, 2 CX
    List<Gate> in =
        List.of(cx(0, 1), cx(1, 0), cx(0, 1), one(GateKind.H, 1), cx(0, 1), one(GateKind.H, 1));
    List<Gate> out = TwoQubitBlocks.resynthesize(in, 2, ALL4);
    assertThat(TwoQubitBlocks.cxCount(out)).isEqualTo(2);
    assertThat(distance(2, in, out)).isLessThan(1e-9);
  }

  @Test
  void resynthesize_minimalBlock_isKeptAsIs() {
    // CX · (RY ⊗ RY) · CX needs its 2 CX: no replacement, the gates pass through unchanged
    List<Gate> in = List.of(cx(0, 1), one(GateKind.RY, 0, 0.3), one(GateKind.RY, 1, 0.9), cx(0, 1));
    assertThat(TwoQubitBlocks.resynthesize(in, 2, ALL4)).isEqualTo(in);
  }

  @Test
  void resynthesize_gateOnAnotherPairInBetween_splitsTheBlock() {
    // CX(0,1) CX(0,1) would cancel, but CX(1,2) between them breaks the run on qubit 1
    List<Gate> in = List.of(cx(0, 1), cx(1, 2), cx(0, 1));
    assertThat(TwoQubitBlocks.resynthesize(in, 3, ALL4)).isEqualTo(in);
    // with the gate on qubits 2, 3 instead the run is unbroken: both CX go
    List<Gate> in2 = List.of(cx(0, 1), cx(2, 3), cx(0, 1));
    List<Gate> out2 = TwoQubitBlocks.resynthesize(in2, 4, ALL4);
    assertThat(TwoQubitBlocks.cxCount(out2)).isEqualTo(1);
    assertThat(out2).contains(cx(2, 3));
    assertThat(distance(4, in2, out2)).isLessThan(1e-9);
  }

  @Test
  void resynthesize_symbolicGate_endsTheBlockAndPassesThrough() {
    Gate sym = Gate.of(GateKind.RZ, new int[] {1}, List.of(Param.symbol("theta")));
    List<Gate> in = List.of(cx(0, 1), cx(0, 1), sym, cx(0, 1), cx(0, 1));
    List<Gate> out = TwoQubitBlocks.resynthesize(in, 2, ALL4);
    assertThat(out).containsExactly(sym);
  }

  @Test
  void resynthesize_directedTarget_keepsEveryCxInAnAllowedDirection() {
    Target directed =
        new Target("directed-line-3", 3, IBM_CX, Target.line(3, IBM_CX).edges(), true, false);
    SplittableRandom r = new SplittableRandom(7);
    List<Gate> in = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      in.add(randomOne(r, 1));
      in.add(randomOne(r, 2));
      in.add(cx(1, 2));
    }
    List<Gate> out = TwoQubitBlocks.resynthesize(in, 3, directed);
    assertThat(TwoQubitBlocks.cxCount(out)).isLessThanOrEqualTo(3);
    for (Gate g : out) {
      if (g.arity() == 2) {
        assertThat(directed.allows(g.qubit(0), g.qubit(1))).as(g.toString()).isTrue();
      }
    }
    assertThat(distance(3, in, out)).isLessThan(1e-9);
  }

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  /** Random CX-level lists on 4 all-to-all qubits, biased to repeat pairs so blocks form. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void resynthesize_randomLists_isEquivalentAndNeverAddsCx(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Gate> in = new ArrayList<>();
    int a = 0;
    int b = 1;
    for (int k = 0; k < 60; k++) {
      if (r.nextInt(4) == 0) {
        a = r.nextInt(4);
        do {
          b = r.nextInt(4);
        } while (b == a);
      }
      switch (r.nextInt(4)) {
        case 0 -> in.add(cx(a, b));
        case 1 -> in.add(cx(b, a));
        case 2 -> in.add(randomOne(r, r.nextBoolean() ? a : b));
        default -> in.add(one(GateKind.values()[r.nextInt(10)], r.nextInt(4)));
      }
    }
    List<Gate> out = TwoQubitBlocks.resynthesize(in, 4, ALL4);
    assertThat(TwoQubitBlocks.cxCount(out)).isLessThanOrEqualTo(TwoQubitBlocks.cxCount(in));
    assertThat(distance(4, in, out)).isLessThan(1e-9);
    List<Gate> opt = TwoQubitBlocks.optimize(in, 4, ALL4);
    assertThat(TwoQubitBlocks.cxCount(opt)).isLessThanOrEqualTo(TwoQubitBlocks.cxCount(out));
    assertThat(distance(4, in, opt)).isLessThan(1e-9);
  }
}
