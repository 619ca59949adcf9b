package io.qstep.runner.transpile;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.OpenQasm;
import io.qstep.circuit.Param;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers IR gates to one-qubit gates and CX, exactly up to global phase. Symbolic angles end up
 * only in RZ (affine in one parameter); bound one-qubit gates stay as they are (the optimiser
 * rewrites them in the target's form). Custom unitaries on 2 or 3 qubits go through the SDK's exact
 * decomposition (the body of their exported OpenQASM definition).
 */
final class Lowering {
  /** Largest custom unitary the transpiler decomposes (the CX count grows ~ 4^k). */
  static final int MAX_UNITARY_QUBITS = 3;

  private static final double PI = Math.PI;

  private Lowering() {}

  /** The lowered gates of {@code circuit}, on its own (logical) qubits. */
  static List<Gate> lower(Circuit circuit) {
    List<Gate> out = new ArrayList<>(circuit.gates().size() * 2);
    List<Gate> gates = circuit.gates();
    for (int i = 0; i < gates.size(); i++) {
      Gate g = gates.get(i);
      if (g.kind() == GateKind.UNITARY && g.arity() > MAX_UNITARY_QUBITS) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "circuit.gates[" + i + "]",
            "custom unitary '"
                + g.label()
                + "' acts on "
                + g.arity()
                + " qubits; the transpiler decomposes custom unitaries on at most "
                + MAX_UNITARY_QUBITS);
      }
      lower(g, out);
    }
    return out;
  }

  static void lower(Gate g, List<Gate> out) {
    int[] q = g.qubits();
    List<Param> p = g.params();
    boolean bound = g.isBound();
    switch (g.kind()) {
      case I -> {}
      case X, Y, Z, H, S, SDG, T, TDG, SX -> out.add(g);
      case RZ -> out.add(g);
      case P -> out.add(bound ? g : rz(q[0], p.get(0)));
      case RX -> {
        if (bound) {
          out.add(g);
        } else {
          one(out, GateKind.H, q[0]);
          out.add(rz(q[0], p.get(0)));
          one(out, GateKind.H, q[0]);
        }
      }
      case RY -> {
        if (bound) {
          out.add(g);
        } else {
          // RY(θ) = S · H · RZ(θ) · H · S† up to phase
          one(out, GateKind.SDG, q[0]);
          one(out, GateKind.H, q[0]);
          out.add(rz(q[0], p.get(0)));
          one(out, GateKind.H, q[0]);
          one(out, GateKind.S, q[0]);
        }
      }
      case U -> {
        if (bound) {
          out.add(g);
        } else {
          // U(θ, φ, λ) = RZ(φ + π) · SX · RZ(θ + π) · SX · RZ(λ) up to phase
          out.add(rz(q[0], p.get(2)));
          one(out, GateKind.SX, q[0]);
          out.add(rz(q[0], shift(p.get(0), PI)));
          one(out, GateKind.SX, q[0]);
          out.add(rz(q[0], shift(p.get(1), PI)));
        }
      }
      case CX -> out.add(g);
      case CY -> {
        one(out, GateKind.SDG, q[1]);
        cx(out, q[0], q[1]);
        one(out, GateKind.S, q[1]);
      }
      case CZ -> {
        one(out, GateKind.H, q[1]);
        cx(out, q[0], q[1]);
        one(out, GateKind.H, q[1]);
      }
      case SWAP -> {
        cx(out, q[0], q[1]);
        cx(out, q[1], q[0]);
        cx(out, q[0], q[1]);
      }
      case CP -> {
        Param half = scale(p.get(0), 0.5);
        lower(Gate.of(GateKind.P, new int[] {q[0]}, List.of(half)), out);
        cx(out, q[0], q[1]);
        lower(Gate.of(GateKind.P, new int[] {q[1]}, List.of(scale(p.get(0), -0.5))), out);
        cx(out, q[0], q[1]);
        lower(Gate.of(GateKind.P, new int[] {q[1]}, List.of(half)), out);
      }
      case CRZ -> crz(out, q[0], q[1], p.get(0));
      case CRX -> {
        one(out, GateKind.H, q[1]);
        crz(out, q[0], q[1], p.get(0));
        one(out, GateKind.H, q[1]);
      }
      case CRY -> {
        lower(Gate.of(GateKind.RY, new int[] {q[1]}, List.of(scale(p.get(0), 0.5))), out);
        cx(out, q[0], q[1]);
        lower(Gate.of(GateKind.RY, new int[] {q[1]}, List.of(scale(p.get(0), -0.5))), out);
        cx(out, q[0], q[1]);
      }
      case RZZ -> rzz(out, q[0], q[1], p.get(0));
      case RXX -> {
        one(out, GateKind.H, q[0]);
        one(out, GateKind.H, q[1]);
        rzz(out, q[0], q[1], p.get(0));
        one(out, GateKind.H, q[0]);
        one(out, GateKind.H, q[1]);
      }
      case RYY -> {
        out.add(OneQubit.g(GateKind.RX, q[0], PI / 2));
        out.add(OneQubit.g(GateKind.RX, q[1], PI / 2));
        rzz(out, q[0], q[1], p.get(0));
        out.add(OneQubit.g(GateKind.RX, q[0], -PI / 2));
        out.add(OneQubit.g(GateKind.RX, q[1], -PI / 2));
      }
      case CCX -> ccx(out, q[0], q[1], q[2]);
      case ECR -> {
        // ECR = (RZ(-π/2) ⊗ H·S†·H) · CX · (X ⊗ I), exact
        one(out, GateKind.X, q[0]);
        cx(out, q[0], q[1]);
        out.add(OneQubit.g(GateKind.RZ, q[0], -PI / 2));
        one(out, GateKind.H, q[1]);
        one(out, GateKind.SDG, q[1]);
        one(out, GateKind.H, q[1]);
      }
      case UNITARY -> unitary(g, out);
    }
  }

  private static void unitary(Gate g, List<Gate> out) {
    int[] q = g.qubits();
    if (q.length == 1) {
      out.add(g);
      return;
    }
    int k = q.length;
    int[] args = new int[k];
    for (int i = 0; i < k; i++) {
      args[i] = i;
    }
    Circuit single = Circuit.builder(k).gate(Gate.unitary(g.label(), g.matrix(), args)).build();
    // The exporter writes an exact (up to phase) definition in U, p, cx, ccx, x; reading it back
    // expands the definition inline.
    Circuit expanded = OpenQasm.parse(OpenQasm.toQasm3(single));
    for (Gate e : expanded.gates()) {
      int[] eq = e.qubits();
      int[] mapped = new int[eq.length];
      for (int i = 0; i < eq.length; i++) {
        mapped[i] = q[eq[i]];
      }
      Gate m =
          e.kind() == GateKind.UNITARY
              ? Gate.unitary(e.label(), e.matrix(), mapped)
              : Gate.of(e.kind(), mapped, e.params());
      if (m.kind() == GateKind.UNITARY && m.arity() > 1) {
        throw new IllegalStateException("decomposition left a multi-qubit unitary: " + m);
      }
      lower(m, out);
    }
  }

  private static void crz(List<Gate> out, int c, int t, Param theta) {
    out.add(rz(t, scale(theta, 0.5)));
    cx(out, c, t);
    out.add(rz(t, scale(theta, -0.5)));
    cx(out, c, t);
  }

  private static void rzz(List<Gate> out, int a, int b, Param theta) {
    cx(out, a, b);
    out.add(rz(b, theta));
    cx(out, a, b);
  }

  /** Nielsen & Chuang fig. 4.9: Toffoli from 6 CX, H, T, T†. */
  private static void ccx(List<Gate> out, int a, int b, int c) {
    one(out, GateKind.H, c);
    cx(out, b, c);
    one(out, GateKind.TDG, c);
    cx(out, a, c);
    one(out, GateKind.T, c);
    cx(out, b, c);
    one(out, GateKind.TDG, c);
    cx(out, a, c);
    one(out, GateKind.T, b);
    one(out, GateKind.T, c);
    one(out, GateKind.H, c);
    cx(out, a, b);
    one(out, GateKind.T, a);
    one(out, GateKind.TDG, b);
    cx(out, a, b);
  }

  private static void one(List<Gate> out, GateKind k, int q) {
    out.add(Gate.of(k, new int[] {q}));
  }

  static void cx(List<Gate> out, int c, int t) {
    out.add(Gate.of(GateKind.CX, new int[] {c, t}));
  }

  private static Gate rz(int q, Param p) {
    return Gate.of(GateKind.RZ, new int[] {q}, List.of(p));
  }

  /** p + d. */
  static Param shift(Param p, double d) {
    return switch (p.kind()) {
      case CONST -> Param.of(((Param.Const) p).value() + d);
      case SYMBOL -> {
        Param.Symbol s = (Param.Symbol) p;
        yield new Param.Symbol(s.name(), s.scale(), s.offset() + d);
      }
    };
  }

  /** f · p. */
  static Param scale(Param p, double f) {
    return switch (p.kind()) {
      case CONST -> Param.of(((Param.Const) p).value() * f);
      case SYMBOL -> {
        Param.Symbol s = (Param.Symbol) p;
        yield new Param.Symbol(s.name(), s.scale() * f, s.offset() * f);
      }
    };
  }
}
