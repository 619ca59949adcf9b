package io.qstep.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OpenQasmExportTest {

  private static Circuit bellWithParameter() {
    return Circuit.builder(2)
        .h(0)
        .cx(0, 1)
        .rzz(0, 1, new Param.Symbol("theta", 2.0, 0.5))
        .rx(1, -0.0)
        .measureAll()
        .build();
  }

  @Test
  void toQasm3_ofParameterisedBell_isCanonicalText() {
    assertThat(OpenQasm.toQasm3(bellWithParameter()))
        .isEqualTo(
            """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            gate rzz(theta) a, b {
              cx a, b;
              rz(theta) b;
              cx a, b;
            }
            qubit[2] q;
            bit[2] c;
            h q[0];
            cx q[0], q[1];
            rzz(2.0*theta + 0.5) q[0], q[1];
            rx(0.0) q[1];
            c[0] = measure q[0];
            c[1] = measure q[1];
            """);
  }

  @Test
  void toQasm2_ofBoundCircuit_usesQelib1NamesAndDefinesTheRest() {
    Circuit c =
        Circuit.builder(3)
            .i(0)
            .u(0, 0.1, 0.2, 0.3)
            .p(1, 0.5)
            .cp(1, 2, 0.25)
            .sx(2)
            .swap(0, 2)
            .crx(0, 1, 1.5)
            .cry(1, 0, 1e-7)
            .rxx(0, 1, 1)
            .ryy(1, 2, 2)
            .rzz(0, 2, 3)
            .ccx(0, 1, 2)
            .measure(2, 0)
            .build();
    assertThat(OpenQasm.toQasm2(c))
        .isEqualTo(
            """
            OPENQASM 2.0;
            include "qelib1.inc";
            gate sx a { sdg a; h a; sdg a; }
            gate swap a,b { cx a,b; cx b,a; cx a,b; }
            gate crx(theta) a,b { h b; crz(theta) a,b; h b; }
            gate cry(theta) a,b { ry(theta/2) b; cx a,b; ry(-theta/2) b; cx a,b; }
            gate rxx(theta) a,b { h a; h b; cx a,b; rz(theta) b; cx a,b; h a; h b; }
            gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b; \
            rx(-pi/2) a; rx(-pi/2) b; }
            gate rzz(theta) a,b { cx a,b; rz(theta) b; cx a,b; }
            qreg q[3];
            creg c[1];
            id q[0];
            u3(0.1,0.2,0.3) q[0];
            u1(0.5) q[1];
            cu1(0.25) q[1],q[2];
            sx q[2];
            swap q[0],q[2];
            crx(1.5) q[0],q[1];
            cry(1.0E-7) q[1],q[0];
            rxx(1.0) q[0],q[1];
            ryy(2.0) q[1],q[2];
            rzz(3.0) q[0],q[2];
            ccx q[0],q[1],q[2];
            measure q[2] -> c[0];
            """);
  }

  @Test
  void toQasm2_ofParameterisedCircuit_isIllegalArgumentNamingParameters() {
    assertThatThrownBy(() -> OpenQasm.toQasm2(bellWithParameter()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[theta]")
        .hasMessageContaining("bind");
  }

  @ParameterizedTest(name = "scale {0}, offset {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0 | 0.0 | theta",
        "-1.0 | 0.0 | -theta",
        "2.0 | 0.0 | 2.0*theta",
        "2.0 | 0.5 | 2.0*theta + 0.5",
        "-1.0 | -1.5 | -theta - 1.5",
        "0.5 | -0.0 | 0.5*theta",
        "-0.0 | 1.0E-5 | 0.0*theta + 1.0E-5",
        "1.0 | 3.141592653589793 | theta + 3.141592653589793",
      })
  void angle_ofSymbol_isCanonical(double scale, double offset, String expected) {
    assertThat(QasmWriter.angle(new Param.Symbol("theta", scale, offset))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0.5, 0.5",
    "2.0, 2.0",
    "-0.0, 0.0",
    "100.0, 100.0",
    "1.0E7, 1.0E7",
    "9999999.0, 9999999.0",
    "0.001, 0.001",
    "1.0E-4, 1.0E-4",
    "-123.456, -123.456",
    "1.5707963267948966, 1.5707963267948966",
    "2.0E23, 2.0E23",
    "4.9E-324, 5.0E-324",
    "1.7976931348623157E308, 1.7976931348623157E308",
  })
  void number_isShortestRoundTripInDoubleToStringLayout(double value, String expected) {
    assertThat(QasmWriter.number(value)).isEqualTo(expected);
  }

  static LongStream seeds() {
    return LongStream.range(0, 5);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void number_ofRandomDoubles_readsBackExactlyAndIsNoLongerThanDoubleToString(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      double d =
          switch (i % 3) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong());
            case 1 -> rnd.nextDouble(-10, 10);
            default -> rnd.nextInt(-1000, 1000) / 64.0;
          };
      if (!Double.isFinite(d)) {
        continue;
      }
      String s = QasmWriter.number(d);
      assertThat(Double.parseDouble(s)).as(s).isEqualTo(d + 0.0);
      assertThat(s).contains(".");
      assertThat(s.length()).as(s).isLessThanOrEqualTo(Double.toString(d + 0.0).length());
    }
  }

  @Test
  void toQasm3_parameterNamedLikeRegister_renamesRegister() {
    Circuit c =
        Circuit.builder(1).rx(0, Param.symbol("q")).rz(0, Param.symbol("c")).measureAll().build();
    String text = OpenQasm.toQasm3(c);
    assertThat(text).contains("qubit[1] q_1;", "bit[1] c_1;", "rx(q) q_1[0];", "rz(c) q_1[0];");
    assertThat(OpenQasm.parse(text)).isEqualTo(c);
  }

  @Test
  void toQasm3_unitaryLabelledLikeStandardGate_getsSuffix() {
    double r = Math.sqrt(0.5);
    Circuit c = Circuit.builder(1).unitary("h", new double[] {r, 0, r, 0, r, 0, -r, 0}, 0).build();
    assertThat(OpenQasm.toQasm3(c)).contains("gate h_1 q0 {", "h_1 q[0];");
  }

  @Test
  void toQasm3_twoUnitariesWithOneLabel_getOneDefinitionEach() {
    double[] x = GateKind.X.matrix();
    double[] z = GateKind.Z.matrix();
    Circuit c = Circuit.builder(2).unitary("u", x, 0).unitary("u", z, 1).unitary("u", x, 1).build();
    String text = OpenQasm.toQasm3(c);
    assertThat(text).contains("gate u_1 q0 {", "gate u_2 q0 {");
    assertThat(text).contains("u_1 q[0];\nu_2 q[1];\nu_1 q[1];\n");
  }

  @Test
  void toQasm3_unitaryOnSixQubits_isIllegalArgumentNamingLabel() {
    Circuit c =
        Circuit.builder(6).unitary("big", TestMatrices.identity(64), 0, 1, 2, 3, 4, 5).build();
    assertThatThrownBy(() -> OpenQasm.toQasm3(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'big'")
        .hasMessageContaining("6 qubits");
  }

  @Test
  void toQasm3_circuitWithClbitsButNoMeasurement_declaresBits() {
    Circuit c = Circuit.builder(1).x(0).clbits(3).build();
    assertThat(OpenQasm.toQasm3(c)).contains("bit[3] c;\n");
    assertThat(OpenQasm.parse(OpenQasm.toQasm3(c))).isEqualTo(c);
  }
}
