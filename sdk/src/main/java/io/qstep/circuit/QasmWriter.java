package io.qstep.circuit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a {@link Circuit} as canonical OpenQASM 2 or 3 text; see {@link OpenQasm}. */
final class QasmWriter {
  private QasmWriter() {}

  /** A custom unitary as a definition: label and matrix (the qubits it acts on do not matter). */
  private static final class UnitaryKey {
    final String label;
    final double[] matrix;

    UnitaryKey(Gate g) {
      this.label = g.label();
      this.matrix = g.matrix();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UnitaryKey k && label.equals(k.label) && Arrays.equals(matrix, k.matrix);
    }

    @Override
    public int hashCode() {
      return label.hashCode() * 31 + Arrays.hashCode(matrix);
    }
  }

  private record Definition(String name, int arity, List<Gate> body) {}

  static String write(Circuit c, boolean v3) {
    if (!v3 && c.isParameterized()) {
      throw new IllegalArgumentException(
          "OpenQASM 2 cannot express symbolic parameters "
              + c.parameters()
              + "; bind the circuit first");
    }
    Set<String> taken = new HashSet<>(c.parameters());
    String qreg = fresh("q", taken);
    taken.add(qreg);
    String creg = fresh("c", taken);
    taken.add(creg);
    taken.addAll(QasmLibrary.names());
    taken.addAll(QasmNames.RESERVED);

    Map<UnitaryKey, Definition> unitaries = new LinkedHashMap<>();
    Set<GateKind> used = EnumSet.noneOf(GateKind.class);
    for (Gate g : c.gates()) {
      used.add(g.kind());
      if (g.kind() == GateKind.UNITARY) {
        UnitaryKey key = new UnitaryKey(g);
        if (!unitaries.containsKey(key)) {
          if (g.arity() > Unitaries.MAX_DECOMPOSED_QUBITS) {
            throw new IllegalArgumentException(
                "custom unitary '"
                    + g.label()
                    + "' acts on "
                    + g.arity()
                    + " qubits; OpenQASM export decomposes unitaries of at most "
                    + Unitaries.MAX_DECOMPOSED_QUBITS
                    + " qubits");
          }
          String name = fresh(g.label(), taken);
          taken.add(name);
          List<Gate> body = Unitaries.decompose(key.matrix, g.arity());
          for (Gate b : body) {
            used.add(b.kind());
          }
          unitaries.put(key, new Definition(name, g.arity(), body));
        }
      }
    }

    StringBuilder out = new StringBuilder();
    out.append(
        v3
            ? "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"
            : "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
    for (String p : c.parameters()) {
      out.append("input float[64] ").append(p).append(";\n");
    }
    for (GateKind k : used) {
      String def = v3 ? definition3(k) : definition2(k);
      if (def != null) {
        out.append(def);
      }
    }
    for (Definition d : unitaries.values()) {
      List<String> formals = new ArrayList<>();
      for (int i = 0; i < d.arity(); i++) {
        formals.add("q" + i);
      }
      out.append("gate ")
          .append(d.name())
          .append(' ')
          .append(String.join(v3 ? ", " : ",", formals));
      out.append(v3 ? " {\n" : " {");
      for (Gate b : d.body()) {
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < b.arity(); i++) {
          qs.add(formals.get(b.qubit(i)));
        }
        out.append(v3 ? "  " : " ");
        appendGate(out, v3, name(b, v3, null), b.params(), qs);
        out.append(v3 ? "\n" : "");
      }
      out.append(v3 ? "}\n" : " }\n");
    }
    out.append(v3 ? "qubit[" : "qreg " + qreg + "[")
        .append(c.numQubits())
        .append(v3 ? "] " + qreg + ";\n" : "];\n");
    if (c.numClbits() > 0) {
      out.append(v3 ? "bit[" : "creg " + creg + "[")
          .append(c.numClbits())
          .append(v3 ? "] " + creg + ";\n" : "];\n");
    }
    for (Gate g : c.gates()) {
      List<String> qs = new ArrayList<>();
      for (int i = 0; i < g.arity(); i++) {
        qs.add(qreg + "[" + g.qubit(i) + "]");
      }
      String name =
          g.kind() == GateKind.UNITARY
              ? unitaries.get(new UnitaryKey(g)).name()
              : name(g, v3, null);
      appendGate(out, v3, name, g.params(), qs);
      out.append('\n');
    }
    for (Measurement m : c.measurements()) {
      String q = qreg + "[" + m.qubit() + "]";
      String b = creg + "[" + m.clbit() + "]";
      out.append(v3 ? b + " = measure " + q + ";\n" : "measure " + q + " -> " + b + ";\n");
    }
    return out.toString();
  }

  private static void appendGate(
      StringBuilder out, boolean v3, String name, List<Param> params, List<String> qubits) {
    out.append(name);
    if (!params.isEmpty()) {
      out.append('(');
      for (int i = 0; i < params.size(); i++) {
        if (i > 0) {
          out.append(v3 ? ", " : ",");
        }
        out.append(angle(params.get(i)));
      }
      out.append(')');
    }
    out.append(' ').append(String.join(v3 ? ", " : ",", qubits)).append(';');
  }

  /** The gate name in the dialect; {@code unitaryName} for custom unitaries. */
  private static String name(Gate g, boolean v3, String unitaryName) {
    GateKind k = g.kind();
    if (v3) {
      return k == GateKind.UNITARY ? unitaryName : k.qasmName();
    }
    return switch (k) {
      case I -> "id";
      case P -> "u1";
      case U -> "u3";
      case CP -> "cu1";
      case UNITARY -> unitaryName;
      case X,
          Y,
          Z,
          H,
          S,
          SDG,
          T,
          TDG,
          SX,
          RX,
          RY,
          RZ,
          CX,
          CY,
          CZ,
          SWAP,
          CRX,
          CRY,
          CRZ,
          RXX,
          RYY,
          RZZ,
          CCX,
          ECR ->
          k.qasmName();
    };
  }

  /** Definitions of the IR gates that stdgates.inc lacks; exact, including global phase. */
  private static String definition3(GateKind k) {
    return switch (k) {
      case RXX ->
          "gate rxx(theta) a, b {\n  h a;\n  h b;\n  cx a, b;\n  rz(theta) b;\n  cx a, b;\n"
              + "  h a;\n  h b;\n}\n";
      case RYY ->
          "gate ryy(theta) a, b {\n  rx(pi/2) a;\n  rx(pi/2) b;\n  cx a, b;\n  rz(theta) b;\n"
              + "  cx a, b;\n  rx(-pi/2) a;\n  rx(-pi/2) b;\n}\n";
      case RZZ -> "gate rzz(theta) a, b {\n  cx a, b;\n  rz(theta) b;\n  cx a, b;\n}\n";
      case ECR ->
          "gate ecr a, b {\n  x a;\n  cx a, b;\n  rz(-pi/2) a;\n  h b;\n  sdg b;\n  h b;\n}\n";
      case I,
          X,
          Y,
          Z,
          H,
          S,
          SDG,
          T,
          TDG,
          SX,
          RX,
          RY,
          RZ,
          P,
          U,
          CX,
          CY,
          CZ,
          SWAP,
          CP,
          CRX,
          CRY,
          CRZ,
          CCX,
          UNITARY ->
          null;
    };
  }

  /**
   * Definitions of the IR gates that the original qelib1.inc (Cross et al. 2017) lacks, in terms of
   * its gates; exact up to global phase, which OpenQASM 2 does not define.
   */
  private static String definition2(GateKind k) {
    return switch (k) {
      case SX -> "gate sx a { sdg a; h a; sdg a; }\n";
      case SWAP -> "gate swap a,b { cx a,b; cx b,a; cx a,b; }\n";
      case CRX -> "gate crx(theta) a,b { h b; crz(theta) a,b; h b; }\n";
      case CRY -> "gate cry(theta) a,b { ry(theta/2) b; cx a,b; ry(-theta/2) b; cx a,b; }\n";
      case RXX -> "gate rxx(theta) a,b { h a; h b; cx a,b; rz(theta) b; cx a,b; h a; h b; }\n";
      case RYY ->
          "gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b;"
              + " rx(-pi/2) a; rx(-pi/2) b; }\n";
      case RZZ -> "gate rzz(theta) a,b { cx a,b; rz(theta) b; cx a,b; }\n";
      case ECR -> "gate ecr a,b { x a; cx a,b; sdg a; h b; sdg b; h b; }\n";
      case I, X, Y, Z, H, S, SDG, T, TDG, RX, RY, RZ, P, U, CX, CY, CZ, CP, CRZ, CCX, UNITARY ->
          null;
    };
  }

  private static String fresh(String base, Set<String> taken) {
    if (!taken.contains(base)) {
      return base;
    }
    for (int i = 1; ; i++) {
      String n = base + "_" + i;
      if (!taken.contains(n)) {
        return n;
      }
    }
  }

  /** An angle in canonical form: a number, {@code name}, {@code -2.0*name + 0.5}, ... */
  static String angle(Param p) {
    return switch (p.kind()) {
      case CONST -> number(((Param.Const) p).value());
      case SYMBOL -> {
        Param.Symbol s = (Param.Symbol) p;
        String core;
        if (Double.compare(s.scale(), 1.0) == 0) {
          core = s.name();
        } else if (Double.compare(s.scale(), -1.0) == 0) {
          core = "-" + s.name();
        } else {
          core = number(s.scale()) + "*" + s.name();
        }
        int sign = Double.compare(s.offset(), 0.0);
        yield sign == 0
            ? core
            : sign > 0 ? core + " + " + number(s.offset()) : core + " - " + number(-s.offset());
      }
    };
  }

  private static boolean readsBack(BigDecimal exact, int digits, double d) {
    BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
    return Double.compare(Double.parseDouble(candidate.toString()), d) == 0;
  }

  /**
   * The shortest decimal that reads back as exactly {@code d}, laid out as {@link
   * Double#toString(double)} lays it out ({@code 0.5}, {@code 2.0}, {@code 1.0E-5}); {@code -0.0}
   * prints as {@code 0.0}. Computed with {@link BigDecimal} rather than {@code Double.toString}
   * because the latter's digits changed in JDK 19 (JDK-4511638), and this text is hashed.
   */
  static String number(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + d);
    }
    if (Double.compare(Math.abs(d), 0.0) == 0) {
      return "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    // Bisect on the number of significant digits: 17 always reads back, and a digit count that
    // reads back is (outside pathological binade edges) followed only by counts that do too.
    int lo = 1;
    int hi = 17;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (readsBack(exact, mid, d)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    BigDecimal r = exact.round(new MathContext(lo, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    String digits = r.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - r.scale(); // decimal exponent of the leading digit
    StringBuilder s = new StringBuilder(d < 0 ? "-" : "");
    if (exp >= -3 && exp < 7) {
      if (exp >= 0) {
        if (digits.length() <= exp + 1) {
          s.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
        } else {
          s.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
      } else {
        s.append("0.").append("0".repeat(-exp - 1)).append(digits);
      }
    } else {
      s.append(digits.charAt(0))
          .append('.')
          .append(digits.length() > 1 ? digits.substring(1) : "0")
          .append('E')
          .append(exp);
    }
    return s.toString();
  }
}
