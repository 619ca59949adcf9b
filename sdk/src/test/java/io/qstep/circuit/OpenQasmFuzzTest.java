package io.qstep.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.error.ErrorReason;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random mutations of valid programs: the parser either accepts the text or throws a {@link
 * QasmException} with a sane position; nothing else may escape. What it accepts must survive export
 * and re-import unchanged.
 */
class OpenQasmFuzzTest {

  private static final String QASM3 =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      input float[64] theta;
      const float k = 0.5;
      gate g(a, b) x, y { rx(a) x; cx x, y; rz(2*b + pi) y; gphase(a); }
      qubit[3] q;
      qubit r;
      bit[3] c;
      /* comment */ h q;
      cx q[0], r; // trailing
      rx(2*theta + pi/2) q[1];
      U(1e-3, -tau, k*euler) r;
      g(theta, 0.25) q[0], q[2];
      rzz(theta) q[1], q[2];
      barrier q, r;
      c = measure q;
      measure r;
      """;

  private static final String QASM2 =
      """
      OPENQASM 2.0;
      include "qelib1.inc";
      gate rzx(param0) q0,q1 { h q1; cx q0,q1; rz(param0) q1; cx q0,q1; h q1; }
      qreg q[3];
      creg c[3];
      u3(pi/2,0,pi) q[0];
      u2(0,pi) q[1];
      cu1(pi/8) q[0],q[1];
      rzx(0.3) q[0],q[2];
      cu3(0.5,0.2,0.1) q[0],q[2];
      barrier q;
      measure q -> c;
      """;

  private static final String[] SNIPPETS = {
    ";",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    "+",
    "*",
    "/",
    "**",
    "^",
    "=",
    "->",
    "@",
    "$",
    "$7",
    "\"",
    "'",
    "/*",
    "*/",
    "//",
    "\n",
    " ",
    "0",
    "1",
    "3.5",
    "1e999",
    "1e",
    ".",
    "99999999999",
    "-1",
    "q",
    "r",
    "c",
    "theta",
    "pi",
    "π",
    "x",
    "cx",
    "gate",
    "measure",
    "qubit",
    "bit",
    "input",
    "reset",
    "ctrl @",
    "OPENQASM 2.0;",
    "OPENQASM 3;",
    "include \"stdgates.inc\";",
    "g",
    "U",
    "sin(",
    "\t",
    "\r",
    "\r\n",
    "\u00a4",
    "\ud83d\ude00",
    "q[0]",
    "q[",
    "[0]"
  };

  static LongStream seeds() {
    return LongStream.range(0, 12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parse_mutatedPrograms_onlyEverThrowQasmException(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int accepted = 0;
    for (int i = 0; i < 400; i++) {
      String text = mutate(rnd.nextBoolean() ? QASM3 : QASM2, rnd);
      Circuit c;
      try {
        c = OpenQasm.parse(text);
      } catch (QasmException e) {
        assertThat(e.reason()).isIn(ErrorReason.INVALID_QASM, ErrorReason.UNKNOWN_GATE);
        assertThat(e.field()).isEqualTo("qasm");
        assertThat(e.line()).isBetween(1, text.split("\n", -1).length + text.length());
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).startsWith("line " + e.line() + ", column " + e.column());
        continue;
      }
      accepted++;
      String canonical = OpenQasm.toQasm3(c);
      assertThat(OpenQasm.parse(canonical))
          .as("%s%n--- canonical ---%n%s", text, canonical)
          .isEqualTo(c);
    }
    assertThat(accepted).as("some mutants should still parse").isPositive();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parse_withWhitespaceAndCommentsAroundPunctuation_givesTheSameCircuit(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] fillers = {" ", "\n", "\t", "\r\n", "/* x */", "// x\n", "/**/"};
    for (String program : new String[] {QASM3, QASM2}) {
      Circuit expected = OpenQasm.parse(program);
      for (int i = 0; i < 50; i++) {
        StringBuilder s = new StringBuilder();
        for (char ch : program.toCharArray()) {
          boolean punct = ";,()[]{}=".indexOf(ch) >= 0;
          if (punct && rnd.nextInt(3) == 0) {
            s.append(fillers[rnd.nextInt(fillers.length)]);
          }
          s.append(ch);
          if (punct && rnd.nextInt(3) == 0) {
            s.append(fillers[rnd.nextInt(fillers.length)]);
          }
        }
        assertThat(OpenQasm.parse(s.toString())).as(s.toString()).isEqualTo(expected);
      }
    }
  }

  private static String mutate(String program, SplittableRandom rnd) {
    StringBuilder s = new StringBuilder(program);
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = rnd.nextInt(s.length() + 1);
      switch (rnd.nextInt(5)) {
        case 0 -> { // delete a short span
          int end = Math.min(s.length(), at + 1 + rnd.nextInt(6));
          s.delete(at, end);
        }
        case 1 -> s.insert(at, SNIPPETS[rnd.nextInt(SNIPPETS.length)]);
        case 2 -> { // replace one character
          if (at < s.length()) {
            s.setCharAt(at, (char) (32 + rnd.nextInt(95)));
          }
        }
        case 3 -> { // duplicate a span
          int end = Math.min(s.length(), at + 1 + rnd.nextInt(20));
          s.insert(at, s.substring(at, end));
        }
        default -> s.setLength(at); // truncate
      }
    }
    return s.toString();
  }
}
