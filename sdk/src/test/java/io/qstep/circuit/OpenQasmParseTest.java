package io.qstep.circuit;

import static io.qstep.circuit.TestMatrices.X;
import static io.qstep.circuit.TestMatrices.Z;
import static io.qstep.circuit.TestMatrices.controlled;
import static io.qstep.circuit.TestMatrices.kron;
import static io.qstep.circuit.TestMatrices.rotation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qstep.error.ErrorReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenQasmParseTest {
  private static final double PI = Math.PI;

  private static String resource(String name) throws IOException {
    try (InputStream in = OpenQasmParseTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------- what parses

  @Test
  void parse_qiskitStyleQasm2_matchesReferenceCircuit() throws IOException {
    Circuit c = OpenQasm.parse(resource("qiskit_qasm2.qasm"));

    double r = Math.sqrt(0.5);
    double[] h = {r, 0, r, 0, r, 0, -r, 0};
    Circuit expected =
        Circuit.builder(4)
            .u(0, PI / 2, 0, PI)
            .u(1, PI / 2, 0, PI)
            .p(2, PI / 4)
            .cp(0, 1, PI / 8)
            .cx(1, 2)
            .i(0)
            .unitary("rzx", rotation(kron(Z, X), 0.3), 0, 3)
            .u(2, 0.1, 0.2, 0.3)
            .p(1, -PI / 4)
            .sx(0)
            .unitary("cu3", controlled(GateKind.U.matrix(0.5, 0.2, 0.1)), 0, 2)
            .unitary("ch", controlled(h), 1, 3)
            .swap(2, 3)
            .measure(0, 0)
            .measure(1, 1)
            .measure(2, 2)
            .measure(3, 3)
            .build();
    assertThat(c.numQubits()).isEqualTo(4);
    assertThat(c.numClbits()).isEqualTo(4);
    assertThat(c.measurements()).isEqualTo(expected.measurements());
    assertThat(c.gates().subList(0, 6)).isEqualTo(expected.gates().subList(0, 6));
    assertThat(TestMatrices.closeUpToPhase(TestMatrices.unitary(c), TestMatrices.unitary(expected)))
        .isTrue();
  }

  @Test
  void parse_qasm3WithRegistersInputsBroadcastAndDefinitions_flattensInDeclarationOrder() {
    String text =
        """
        // most of the supported OpenQASM 3 surface
        OPENQASM 3;
        include "stdgates.inc";
        input float[64] theta;
        input angle phi;
        const float half = 0.5;
        qubit[2] a;
        qubit b;
        qubit[2] d;
        bit[2] ca;
        bit cb;
        /* broadcast
           over registers */
        h a;
        cx a, d;
        rx(2*theta + pi/2) b;
        ry(-(phi)/4) a[1];
        rz(theta*2 - tau) d[0];
        p(π/2) d[1];
        U(1e-3, euler, sqrt(2)) b;
        cp(half*theta) a[0], b;
        gate g(t, s) x, y {
          rx(t) x;
          cx x, y;
          rz(2*s + pi) y;
          gphase(t);
        }
        g(theta, 0.25) a[0], d[1];
        barrier a, b;
        gphase(pi);
        ca = measure a;
        cb = measure b;
        measure d[0];
        """;
    Circuit expected =
        Circuit.builder(5)
            .parameter("theta")
            .parameter("phi")
            .h(0)
            .h(1)
            .cx(0, 3)
            .cx(1, 4)
            .rx(2, new Param.Symbol("theta", 2, PI / 2))
            .ry(1, new Param.Symbol("phi", -0.25, 0))
            .rz(3, new Param.Symbol("theta", 2, -2 * PI))
            .p(4, PI / 2)
            .u(2, 1e-3, Math.E, Math.sqrt(2))
            .gate(GateKind.CP, new int[] {0, 2}, new Param.Symbol("theta", 0.5, 0))
            .rx(0, Param.symbol("theta"))
            .cx(0, 4)
            .rz(4, 0.5 + PI)
            .measure(0, 0)
            .measure(1, 1)
            .measure(2, 2)
            .build();
    assertThat(OpenQasm.parse(text)).isEqualTo(expected);
  }

  @Test
  void parse_qasm2BuiltinsAndRegisterMeasure_withoutInclude() {
    Circuit c =
        OpenQasm.parse(
            """
            OPENQASM 2.0;
            qreg q[2];
            creg c[2];
            U(0.5, 0, 2^3) q[0];
            CX q[0], q[1];
            measure q -> c;
            """);
    assertThat(c)
        .isEqualTo(Circuit.builder(2).u(0, 0.5, 0, 8).cx(0, 1).measure(0, 0).measure(1, 1).build());
  }

  @Test
  void parse_physicalQubits_sizeTheCircuitByTheLargestIndex() {
    Circuit c = OpenQasm.parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nh $0;\ncx $0, $2;\n");
    assertThat(c).isEqualTo(Circuit.builder(3).h(0).cx(0, 2).build());
  }

  @Test
  void parse_withoutVersionStatement_readsOpenQasm3() {
    assertThat(OpenQasm.parse("include \"stdgates.inc\"; qubit q; x q;"))
        .isEqualTo(Circuit.builder(1).x(0).build());
  }

  @Test
  void parse_withByteOrderMarkAndCrLf_readsTheProgramAndCountsLines() {
    String text = "\uFEFFOPENQASM 2.0;\r\ninclude \"qelib1.inc\";\r\nqreg q[1];\r\nx q[0];\r\n";
    assertThat(OpenQasm.parse(text)).isEqualTo(Circuit.builder(1).x(0).build());
    QasmException e = failure(text + "  y q[1];\r\n");
    assertThat(List.of(e.line(), e.column())).containsExactly(5, 7);
  }

  @Test
  void parse_broadcastOfSingleQubitWithRegister_repeatsTheSingleQubit() {
    Circuit c =
        OpenQasm.parse(
            "OPENQASM 3; include \"stdgates.inc\"; qubit[3] q; qubit t; cx q, t; crz(0.5) t, q;");
    Circuit.Builder b = Circuit.builder(4);
    b.cx(0, 3).cx(1, 3).cx(2, 3).crz(3, 0, 0.5).crz(3, 1, 0.5).crz(3, 2, 0.5);
    assertThat(c).isEqualTo(b.build());
  }

  @Test
  void parse_definitionMatchingStandardGateUpToPhase_mapsToIrKind() {
    // Qiskit writes rzz with u1, which differs from ours by a global phase
    Circuit c =
        OpenQasm.parse(
            """
            OPENQASM 2.0;
            include "qelib1.inc";
            gate rzz(param0) q0,q1 { cx q0,q1; u1(param0) q1; cx q0,q1; }
            qreg q[2];
            rzz(0.7) q[0],q[1];
            """);
    assertThat(c).isEqualTo(Circuit.builder(2).rzz(0, 1, 0.7).build());
  }

  @Test
  void parse_definitionReusingStandardNameWithOtherMeaning_isExpandedInline() {
    Circuit c =
        OpenQasm.parse(
            """
            OPENQASM 3;
            include "stdgates.inc";
            gate rzz(t) a, b { rz(t) a; }
            qubit[2] q;
            rzz(0.7) q[0], q[1];
            """);
    assertThat(c).isEqualTo(Circuit.builder(2).rz(0, 0.7).build());
  }

  @Test
  void parse_symbolicArgumentThroughNestedDefinitions_staysAffine() {
    Circuit c =
        OpenQasm.parse(
            """
            OPENQASM 3;
            include "stdgates.inc";
            input float theta;
            gate inner(a) x { ry(a/2 - pi) x; }
            gate outer(b) x, y { inner(-3*b) y; cx x, y; }
            qubit[2] q;
            outer(theta + 1) q[1], q[0];
            """);
    assertThat(c)
        .isEqualTo(
            Circuit.builder(2).ry(0, new Param.Symbol("theta", -1.5, -1.5 - PI)).cx(1, 0).build());
  }

  static Stream<Arguments> libraryExpansions() {
    double r = Math.sqrt(0.5);
    double[] h = {r, 0, r, 0, r, 0, -r, 0};
    double[] sx = GateKind.SX.matrix();
    double[] swap = GateKind.SWAP.matrix();
    double[] u = GateKind.U.matrix(0.5, -1.2, 2.3);
    double g = 0.9;
    return Stream.of(
        Arguments.of("u2(-1.2, 2.3) q[0];", 1, GateKind.U.matrix(PI / 2, -1.2, 2.3)),
        Arguments.of("u0(5) q[0];", 1, TestMatrices.I2),
        Arguments.of("sxdg q[0];", 1, TestMatrices.dagger(sx)),
        Arguments.of("phase(0.4) q[0];", 1, GateKind.P.matrix(0.4)),
        Arguments.of("csx q[1], q[0];", 2, controlled(sx)),
        Arguments.of("ch q[1], q[0];", 2, controlled(h)),
        Arguments.of("cphase(0.4) q[1], q[0];", 2, GateKind.CP.matrix(0.4)),
        Arguments.of("cu1(0.4) q[1], q[0];", 2, GateKind.CP.matrix(0.4)),
        Arguments.of("cu3(0.5, -1.2, 2.3) q[1], q[0];", 2, controlled(u)),
        Arguments.of(
            "cu(0.5, -1.2, 2.3, 0.9) q[1], q[0];",
            2,
            controlled(TestMatrices.scale(Math.cos(g), Math.sin(g), u))),
        Arguments.of(
            "cswap q[2], q[1], q[0];",
            3,
            TestMatrices.add(
                kron(TestMatrices.P0, TestMatrices.identity(4)), kron(TestMatrices.P1, swap))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraryExpansions")
  void parse_standardGateWithoutIrKind_expandsToItsMatrix(String call, int n, double[] matrix) {
    // arguments are listed high qubit first, so the gate's first argument is the high index bit
    Circuit c =
        OpenQasm.parse("OPENQASM 3; include \"stdgates.inc\"; qubit[" + n + "] q;\n" + call + "\n");
    assertThat(TestMatrices.closeUpToPhase(TestMatrices.unitary(c), matrix)).isTrue();
  }

  @Test
  void parse_expressionForms_evaluateAsDocumented() {
    Circuit c =
        OpenQasm.parse(
            """
            OPENQASM 3;
            include "stdgates.inc";
            qubit q;
            rx(-pi) q;
            rx(+.5e1) q;
            rx(2 ** 3 ** 0) q;
            rx(-2 ** 2) q;
            rx((1 + 2) * 3 / 4) q;
            rx(τ - tau + ℇ - euler) q;
            rx(cos(0) + ln(1) + exp(0) + arctan(0)) q;
            """);
    assertThat(c.gates())
        .extracting(g -> ((Param.Const) g.params().get(0)).value())
        .containsExactly(-PI, 5.0, 2.0, -4.0, 2.25, 0.0, 2.0);
  }

  @Test
  void version_ofEquivalentSpellings_isEqual() {
    String a = "OPENQASM 3;include \"stdgates.inc\";qubit[2] q;cx q[0],q[1];rx(pi/2) q[1];";
    String b =
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nCX q[0],q[1];\nrx(1.5707963267948966) q[1];";
    assertThat(OpenQasm.parse(a).version()).isEqualTo(OpenQasm.parse(b).version());
  }

  // ---------------------------------------------------------------- what fails, and where

  private static QasmException failure(String program) {
    QasmException e = catchThrowableOfType(QasmException.class, () -> OpenQasm.parse(program));
    assertThat(e).as("no QasmException for:\n%s", program).isNotNull();
    assertThat(e.field()).isEqualTo("qasm");
    assertThat(e.getMessage()).startsWith("line " + e.line() + ", column " + e.column() + ": ");
    return e;
  }

  private static final String HEAD = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\n";

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("missing semicolon", HEAD + "h q[0]\ncx q[0], q[1];\n", 5, 1, "expected ';'"),
        Arguments.of("index out of range", HEAD + "h q[2];\n", 4, 5, "out of range for q[2]"),
        Arguments.of(
            "non-affine product",
            "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit q;\n"
                + "rx(theta*theta) q;\n",
            5,
            9,
            "not affine"),
        Arguments.of(
            "two parameters in one angle",
            "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float theta;\ninput float phi;\n"
                + "qubit q;\nrx(theta + phi) q;\n",
            6,
            10,
            "two parameters"),
        Arguments.of(
            "function of a parameter",
            "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float t;\nqubit q;\nrx(sin(t)) q;\n",
            5,
            4,
            "not affine"),
        Arguments.of("reset", HEAD + "reset q[0];\n", 4, 1, "reset is not supported"),
        Arguments.of(
            "gate after measurement",
            HEAD + "bit c;\nc = measure q[0];\n  x q[0];\n",
            6,
            3,
            "after it was measured"),
        Arguments.of("unterminated comment", HEAD + "x q[0]; /* open\n x q[1];\n", 4, 9, "'*/'"),
        Arguments.of("bad version", "OPENQASM 4.0;\nqubit q;\n", 1, 10, "expected 2.0 or 3"),
        Arguments.of(
            "broadcast size mismatch",
            HEAD + "qubit[3] r;\ncx q, r;\n",
            5,
            7,
            "broadcasting needs equal sizes"),
        Arguments.of("repeated qubit", HEAD + "cx q[0], q[0];\n", 4, 10, "used twice"),
        Arguments.of("no qubits", "OPENQASM 3;\n", 2, 1, "declares no qubits"),
        Arguments.of("modifier", HEAD + "ctrl @ x q[0], q[1];\n", 4, 1, "modifiers"),
        Arguments.of("xor caret in v3", HEAD + "rx(2^2) q[0];\n", 4, 5, "'**'"),
        Arguments.of("stray character", HEAD + "x q[0]; ¤\n", 4, 9, "unexpected character"),
        Arguments.of("qubit keyword in v2", "OPENQASM 2.0;\nqubit q;\n", 2, 1, "need OPENQASM 3"),
        Arguments.of(
            "body reads an input",
            "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float t;\ngate g a { rx(t) a; }\n",
            4,
            15,
            "cannot read the input 't'"),
        Arguments.of(
            "wrong parameter count", HEAD + "rx(1, 2) q[0];\n", 4, 1, "takes 1 parameter(s)"),
        Arguments.of("wrong qubit count", HEAD + "cx q[0];\n", 4, 1, "acts on 2 qubit(s), got 1"),
        Arguments.of("unknown register", HEAD + "x r[0];\n", 4, 3, "unknown qubit register 'r'"),
        Arguments.of(
            "measure size mismatch",
            HEAD + "bit[3] c;\nc = measure q;\n",
            5,
            1,
            "has 2 qubit(s) but 'c' has 3 bit(s)"),
        Arguments.of("division by zero", HEAD + "rx(1/0) q[0];\n", 4, 5, "division by zero"),
        Arguments.of("overflowing literal", HEAD + "rx(1e999) q[0];\n", 4, 4, "is too large"),
        Arguments.of(
            "other include", "OPENQASM 3;\ninclude \"mygates.inc\";\n", 2, 9, "only qelib1.inc"),
        Arguments.of(
            "reserved input name", "OPENQASM 3;\ninput float pi;\n", 2, 13, "'pi' is reserved"),
        Arguments.of("redeclared register", HEAD + "bit[2] q;\n", 4, 8, "'q' is already declared"),
        Arguments.of(
            "nesting of gate definitions",
            nestedDefinitions(102),
            106,
            1,
            "nest more than 100 deep"),
        Arguments.of(
            "parentheses nested too deep",
            HEAD + "rx(" + "(".repeat(100) + "1" + ")".repeat(100) + ") q[0];\n",
            4,
            68,
            "nested more than 64 deep"),
        Arguments.of(
            "expression too long",
            HEAD + "rx(" + "1+".repeat(1000) + "1) q[0];\n",
            4,
            1003,
            "longer than 1000 terms"),
        Arguments.of(
            "exponential expansion", doublingDefinitions(21), 26, 1, "more than 1048576 gates"));
  }

  /** g0 .. g(n-1), each calling the previous one once, then a call of the outermost. */
  private static String nestedDefinitions(int n) {
    StringBuilder s = new StringBuilder("OPENQASM 3;\ninclude \"stdgates.inc\";\n");
    s.append("gate g0 a { x a; }\n");
    for (int i = 1; i < n; i++) {
      s.append("gate g").append(i).append(" a { g").append(i - 1).append(" a; }\n");
    }
    return s.append("qubit q;\n").append("g").append(n - 1).append(" q;\n").toString();
  }

  /** d0 = x; d(i) = d(i-1) twice: a call of d(n) expands to 2^n gates. */
  private static String doublingDefinitions(int n) {
    StringBuilder s = new StringBuilder("OPENQASM 3;\ninclude \"stdgates.inc\";\n");
    s.append("gate d0 a { x a; }\n");
    for (int i = 1; i <= n; i++) {
      s.append("gate d").append(i).append(" a { d").append(i - 1).append(" a; d");
      s.append(i - 1).append(" a; }\n");
    }
    return s.append("qubit q;\n").append("d").append(n).append(" q;\n").toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void parse_badProgram_isInvalidQasmAtExactPosition(
      String scenario, String program, int line, int column, String expected) {
    QasmException e = failure(program);
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_QASM);
    assertThat(List.of(e.line(), e.column())).as(e.getMessage()).containsExactly(line, column);
    assertThat(e.getMessage()).contains(expected);
  }

  @Test
  void parse_unknownGate_isUnknownGateAtItsName() {
    QasmException e = failure(HEAD + "h q[0];\n  foo q[1];\n");
    assertThat(e.reason()).isEqualTo(ErrorReason.UNKNOWN_GATE);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).contains("unknown gate 'foo'");
    assertThat(e.detail()).isEqualTo("unknown gate 'foo'");
  }

  @Test
  void parse_standardGateWithoutInclude_isUnknownGateWithHint() {
    QasmException e = failure("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n");
    assertThat(e.reason()).isEqualTo(ErrorReason.UNKNOWN_GATE);
    assertThat(e.getMessage()).contains("include \"qelib1.inc\"");
  }

  @Test
  void parse_errorInsideDefinition_pointsAtTheCallAndNamesTheBodyPosition() {
    QasmException e =
        failure(
            """
            OPENQASM 3;
            include "stdgates.inc";
            input float theta;
            gate sq(a) x { rx(a*a) x; }
            qubit q;
            sq(theta) q;
            """);
    assertThat(List.of(e.line(), e.column())).containsExactly(6, 1);
    assertThat(e.getMessage()).contains("in gate 'sq'", "line 4, column 20", "not affine");
  }
}
