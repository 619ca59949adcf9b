package io.qstep.runner.transpile;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Measurement;
import io.qstep.circuit.Param;
import java.util.Locale;

/**
 * OpenQASM 3 text of a transpiled circuit on physical qubits ({@code $k}), the form QPU clouds take
 * for circuits that are already native ("ISA circuits"). Stateless.
 *
 * <ul>
 *   <li>{@link Dialect#OPENQASM3} (IBM Quantum): {@code include "stdgates.inc";} and gate names as
 *       in the IR ({@code rz}, {@code sx}, {@code x}, {@code ecr}, {@code cz}, ...); {@code ecr} is
 *       not in stdgates.inc but is a basis gate of IBM's Eagle devices, whose runtime resolves it
 *       against the backend's target.
 *   <li>{@link Dialect#BRAKET} (Amazon Braket): Braket's gate names ({@code cnot}, {@code si},
 *       {@code v}, {@code phaseshift}, ...) inside a {@code #pragma braket verbatim} box, so the
 *       device runs the gates as given instead of recompiling them.
 * </ul>
 *
 * Symbolic angles become {@code input float[64]} declarations and affine expressions.
 */
public final class PhysicalQasm {
  /** The flavour of OpenQASM 3 to write. */
  public enum Dialect {
    OPENQASM3,
    BRAKET
  }

  private PhysicalQasm() {}

  /** The program text. */
  public static String write(TranspiledCircuit tc, Dialect dialect) {
    Circuit c = tc.circuit();
    StringBuilder s = new StringBuilder("OPENQASM 3.0;\n");
    if (dialect == Dialect.OPENQASM3) {
      s.append("include \"stdgates.inc\";\n");
    }
    for (String p : c.parameters()) {
      s.append("input float[64] ").append(p).append(";\n");
    }
    if (c.numClbits() > 0) {
      s.append("bit[").append(c.numClbits()).append("] c;\n");
    }
    String indent = "";
    if (dialect == Dialect.BRAKET) {
      s.append("#pragma braket verbatim\nbox {\n");
      indent = "  ";
    }
    for (Gate g : c.gates()) {
      s.append(indent).append(name(g.kind(), dialect));
      if (!g.params().isEmpty()) {
        s.append('(');
        for (int i = 0; i < g.params().size(); i++) {
          s.append(i > 0 ? ", " : "").append(angle(g.params().get(i)));
        }
        s.append(')');
      }
      s.append(' ');
      for (int i = 0; i < g.arity(); i++) {
        s.append(i > 0 ? ", " : "").append('$').append(g.qubit(i));
      }
      s.append(";\n");
    }
    if (dialect == Dialect.BRAKET) {
      s.append("}\n");
    }
    for (Measurement m : c.measurements()) {
      s.append("c[").append(m.clbit()).append("] = measure $").append(m.qubit()).append(";\n");
    }
    return s.toString();
  }

  static String name(GateKind k, Dialect d) {
    if (d == Dialect.OPENQASM3) {
      return k.qasmName();
    }
    return switch (k) {
      case I -> "i";
      case CX -> "cnot";
      case SDG -> "si";
      case TDG -> "ti";
      case SX -> "v";
      case P -> "phaseshift";
      case CP -> "cphaseshift";
      case RXX -> "xx";
      case RYY -> "yy";
      case RZZ -> "zz";
      case CCX -> "ccnot";
      case U -> "U";
      case X, Y, Z, H, S, T, RX, RY, RZ, CY, CZ, SWAP, CRX, CRY, CRZ, ECR, UNITARY ->
          k.qasmName().toLowerCase(Locale.ROOT);
    };
  }

  static String angle(Param p) {
    return switch (p.kind()) {
      case CONST -> Double.toString(((Param.Const) p).value());
      case SYMBOL -> {
        Param.Symbol s = (Param.Symbol) p;
        String core = Double.compare(s.scale(), 1.0) == 0 ? s.name() : s.scale() + "*" + s.name();
        yield Double.compare(s.offset(), 0.0) == 0
            ? core
            : s.offset() > 0 ? core + " + " + s.offset() : core + " - " + (-s.offset());
      }
    };
  }
}
