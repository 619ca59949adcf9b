package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TranspilerTest {
  private static final EnumSet<GateKind> IBM_CX =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX);

  private static QStepException error(Runnable r) {
    try {
      r.run();
    } catch (QStepException e) {
      return e;
    }
    throw new AssertionError("no QStepException");
  }

  @Test
  void transpile_circuitWiderThanTarget_isCapabilityMismatchOnNumQubits() {
    Circuit c = Circuit.builder(7).h(0).cx(0, 6).build();
    QStepException e = error(() -> Transpiler.transpile(c, Target.line(5, IBM_CX), 1));
    assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
    assertThat(e.field()).isEqualTo("circuit.numQubits");
    assertThat(e.getMessage()).contains("7 qubits").contains("line-5").contains("5");
  }

  @Test
  void transpile_disconnectedMapTooSmallForInteractingQubits_namesCouplingMap() {
    // two islands of 3 qubits; a 4-qubit GHZ chain needs one island of 4
    Target t =
        new Target(
            "islands",
            6,
            IBM_CX,
            List.of(
                new Target.Edge(0, 1),
                new Target.Edge(1, 2),
                new Target.Edge(3, 4),
                new Target.Edge(4, 5)),
            false,
            false);
    Circuit ghz = Circuit.builder(4).h(0).cx(0, 1).cx(1, 2).cx(2, 3).build();
    QStepException e = error(() -> Transpiler.transpile(ghz, t, 1));
    assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
    assertThat(e.field()).isEqualTo("target.couplingMap");
    assertThat(e.getMessage()).contains("disconnected").contains("[3, 3]");
  }

  @Test
  void transpile_disconnectedMapThatFits_placesEachGroupOnAnIsland() {
    Target t =
        new Target(
            "islands",
            6,
            IBM_CX,
            List.of(
                new Target.Edge(0, 1),
                new Target.Edge(1, 2),
                new Target.Edge(3, 4),
                new Target.Edge(4, 5)),
            false,
            false);
    // two independent 3-qubit groups: {0,1,2} and {3,4,5}
    Circuit c = Circuit.builder(6).h(0).cx(0, 2).cx(2, 1).h(3).cx(3, 5).cx(5, 4).cx(4, 3).build();
    for (TranspileOptions.Layout l : TranspileOptions.Layout.values()) {
      if (l == TranspileOptions.Layout.TRIVIAL) {
        continue;
      }
      TranspiledCircuit tc = Transpiler.transpile(c, t, TranspileOptions.defaults(3).withLayout(l));
      assertThat(Native.firstViolation(tc.circuit().gates(), t)).isNull();
      assertThat(Equivalence.layoutFidelity(c, tc, 3)).isCloseTo(1.0, Offset.offset(1e-9));
    }
  }

  @Test
  void transpile_trivialLayoutAcrossIslands_namesCouplingMap() {
    Target t =
        new Target(
            "islands",
            4,
            IBM_CX,
            List.of(new Target.Edge(0, 1), new Target.Edge(2, 3)),
            false,
            false);
    Circuit c = Circuit.builder(4).cx(0, 2).cx(1, 3).build();
    QStepException e =
        error(
            () ->
                Transpiler.transpile(
                    c,
                    t,
                    TranspileOptions.defaults(1).withLayout(TranspileOptions.Layout.TRIVIAL)));
    assertThat(e.field()).isEqualTo("target.couplingMap");
    // SABRE finds the layout that pairs them up
    TranspiledCircuit tc = Transpiler.transpile(c, t, 1);
    assertThat(tc.swapCount()).isZero();
  }

  @Test
  void transpile_customUnitaryOnFourQubits_isCapabilityMismatchNamingTheGate() {
    SplittableRandom r = new SplittableRandom(4);
    Circuit c =
        Circuit.builder(4)
            .h(0)
            .unitary("big", Equivalence.randomUnitary(16, r), 0, 1, 2, 3)
            .build();
    QStepException e = error(() -> Transpiler.transpile(c, Target.line(4, IBM_CX), 1));
    assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
    assertThat(e.field()).isEqualTo("circuit.gates[1]");
    assertThat(e.getMessage()).contains("'big'").contains("4 qubits").contains("at most 3");
  }

  @Test
  void named_unknownTarget_isInvalidValueOnTargetListingKnownNames() {
    QStepException e = error(() -> Target.named("ibm-osprey-433"));
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("target");
    assertThat(e.getMessage()).contains("ibm-osprey-433").contains("ibm-eagle-127");
    assertThat(error(() -> Target.named("line-0")).field()).isEqualTo("target");
    assertThat(error(() -> Target.named(null)).reason()).isEqualTo(ErrorReason.MISSING_FIELD);
  }

  @Test
  void target_badBasisOrEdges_namesTheField() {
    assertThat(error(() -> Target.line(3, EnumSet.of(GateKind.RZ, GateKind.SX))).field())
        .isEqualTo("target.basis");
    assertThat(error(() -> Target.line(3, EnumSet.of(GateKind.H, GateKind.CX))).field())
        .isEqualTo("target.basis");
    assertThat(
            error(() -> new Target("t", 2, IBM_CX, List.of(new Target.Edge(0, 5)), false, false))
                .field())
        .isEqualTo("target.couplingMap");
    QStepException e =
        error(() -> Target.fromNames("dev", 2, List.of("rz", "sx", "gpi2"), List.of(), false));
    assertThat(e.field()).isEqualTo("target.basis");
    assertThat(e.getMessage()).contains("gpi2");
  }

  @Test
  void transpile_symbolicParameters_stayInRzAndBindToTheOriginal() {
    Circuit c =
        Circuit.builder(3)
            .parameter("a")
            .ry(0, Param.symbol("a"))
            .rx(1, new Param.Symbol("b", 2.0, 0.5))
            .gate(GateKind.CRZ, new int[] {0, 2}, Param.symbol("a"))
            .rzz(1, 2, Param.symbol("b"))
            .gate(GateKind.U, new int[] {2}, Param.symbol("a"), Param.of(0.2), Param.symbol("b"))
            .cx(2, 0)
            .build();
    Target t = Target.ibmEagle127();
    TranspiledCircuit tc = Transpiler.transpile(c, t, 5);
    assertThat(tc.circuit().parameters()).containsExactly("a", "b");
    assertThat(tc.circuit().gates()).allMatch(g -> g.isBound() || g.kind() == GateKind.RZ);
    assertThat(tc.circuit().gates()).anyMatch(g -> !g.isBound());
    assertThat(Native.firstViolation(tc.circuit().gates(), t)).isNull();
    for (double[] v : new double[][] {{0.3, -1.2}, {2.0, 0.7}}) {
      Map<String, Double> b = Map.of("a", v[0], "b", v[1]);
      Circuit boundIn = c.bind(b);
      TranspiledCircuit boundOut =
          new TranspiledCircuit(
              tc.circuit().bind(b),
              t,
              tc.initialLayout(),
              tc.finalLayout(),
              tc.swapCount(),
              tc.depth(),
              tc.twoQubitCount());
      assertThat(Equivalence.layoutFidelity(boundIn, boundOut, 9))
          .isCloseTo(1.0, Offset.offset(1e-9));
    }
  }

  @Test
  void transpile_symbolicOnUTarget_usesUWithSymbolicLambda() {
    Circuit c = Circuit.builder(2).rz(0, Param.symbol("t")).cx(0, 1).build();
    Target t = Target.line(2, EnumSet.of(GateKind.U, GateKind.CX));
    TranspiledCircuit tc = Transpiler.transpile(c, t, 1);
    Gate sym = tc.circuit().gates().stream().filter(g -> !g.isBound()).findFirst().orElseThrow();
    assertThat(sym.kind()).isEqualTo(GateKind.U);
    assertThat(sym.params().get(2)).isEqualTo(Param.symbol("t"));
  }

  @Test
  void transpile_measurements_followTheirQubitToItsFinalPlace() {
    Circuit c = Circuit.builder(3).h(0).cx(0, 2).cx(1, 2).cx(0, 1).measureAll().build();
    TranspiledCircuit tc = Transpiler.transpile(c, Target.line(3, IBM_CX), 2);
    int[] fin = tc.finalLayout();
    assertThat(tc.circuit().measurements())
        .extracting(m -> m.qubit())
        .containsExactly(fin[0], fin[1], fin[2]);
    assertThat(tc.circuit().numClbits()).isEqualTo(3);
  }

  @Test
  void transpile_cancelsInversePairsAndMergesRuns() {
    Circuit c = Circuit.builder(2).h(0).h(0).cx(0, 1).cx(0, 1).t(1).tdg(1).s(0).build();
    TranspiledCircuit tc = Transpiler.transpile(c, Target.line(2, IBM_CX), 1);
    // H·H, CX·CX and T·T† vanish; S becomes one rz
    assertThat(tc.circuit().gates()).hasSize(1);
    assertThat(tc.circuit().gates().get(0).kind()).isEqualTo(GateKind.RZ);
    assertThat(tc.swapCount()).isZero();
  }

  @Test
  void transpile_ghzOnLineWithTrivialLayout_needsNoSwaps() {
    Circuit.Builder b = Circuit.builder(5).h(0);
    for (int i = 0; i < 4; i++) {
      b.cx(i, i + 1);
    }
    TranspiledCircuit tc =
        Transpiler.transpile(
            b.build(),
            Target.line(5, IBM_CX),
            TranspileOptions.defaults(1).withLayout(TranspileOptions.Layout.TRIVIAL));
    assertThat(tc.swapCount()).isZero();
    assertThat(tc.twoQubitCount()).isEqualTo(4);
  }

  @Test
  void transpile_starOnLine_insertsSwapsAndStaysEquivalent() {
    Circuit.Builder b = Circuit.builder(6).h(0);
    for (int i = 1; i < 6; i++) {
      b.cx(0, i);
    }
    Circuit c = b.build();
    TranspiledCircuit tc = Transpiler.transpile(c, Target.line(6, IBM_CX), 3);
    assertThat(tc.swapCount()).isPositive();
    assertThat(Equivalence.layoutFidelity(c, tc, 3)).isCloseTo(1.0, Offset.offset(1e-9));
  }
}
