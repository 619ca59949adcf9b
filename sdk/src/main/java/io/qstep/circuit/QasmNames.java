package io.qstep.circuit;

import java.util.Set;

/** Names that OpenQASM 2 and 3 reserve, so that no parameter or exported gate may take them. */
final class QasmNames {
  private QasmNames() {}

  /** Keywords of OpenQASM 3 (a superset of OpenQASM 2's) and the built-in constants. */
  static final Set<String> RESERVED =
      Set.of(
          "OPENQASM",
          "include",
          "defcalgrammar",
          "def",
          "cal",
          "defcal",
          "gate",
          "extern",
          "box",
          "let",
          "break",
          "continue",
          "if",
          "else",
          "end",
          "return",
          "for",
          "while",
          "in",
          "switch",
          "case",
          "default",
          "nop",
          "pragma",
          "input",
          "output",
          "const",
          "readonly",
          "mutable",
          "qreg",
          "qubit",
          "creg",
          "bool",
          "bit",
          "int",
          "uint",
          "float",
          "angle",
          "complex",
          "array",
          "void",
          "duration",
          "stretch",
          "gphase",
          "inv",
          "pow",
          "ctrl",
          "negctrl",
          "dim",
          "durationof",
          "delay",
          "reset",
          "measure",
          "barrier",
          "true",
          "false",
          "sizeof",
          "opaque",
          "pi",
          "tau",
          "euler");

  static boolean isReserved(String name) {
    return RESERVED.contains(name);
  }
}
