package io.qstep.circuit;

import io.qstep.circuit.QasmExpr.Affine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gates of {@code qelib1.inc} (as Qiskit ships it) and {@code stdgates.inc}, as one table: each
 * name maps to IR gates, directly or by an expansion that is exact up to global phase (which no
 * qstep construct can observe: the parser does not support {@code ctrl @}).
 */
final class QasmLibrary {
  private QasmLibrary() {}

  /** Receives the IR gates of an expansion. */
  interface Sink {
    void emit(GateKind kind, int[] qubits, Affine... params);
  }

  /** A gate a program can call. */
  interface Def {
    int numParams();

    int numQubits();

    /**
     * Emits the gate's IR on {@code qubits} (distinct, already resolved).
     *
     * @throws QasmFault when an angle combination is not affine in one parameter
     */
    void expand(Affine[] params, int[] qubits, Sink out);
  }

  private interface Body {
    void expand(Affine[] p, int[] q, Sink out);
  }

  private record Std(int numParams, int numQubits, Body body) implements Def {
    @Override
    public void expand(Affine[] params, int[] qubits, Sink out) {
      body.expand(params, qubits, out);
    }
  }

  /** Names callable without any include: OpenQASM 2's built-ins (3 keeps {@code U}). */
  static final Set<String> BUILTIN = Set.of("U", "CX");

  private static final Map<String, Def> GATES = build();

  /** The definition of {@code name}, or null. */
  static Def lookup(String name) {
    return GATES.get(name);
  }

  static Set<String> names() {
    return GATES.keySet();
  }

  private static Map<String, Def> build() {
    Map<String, Def> m = new LinkedHashMap<>();
    direct(m, GateKind.I, "id");
    direct(m, GateKind.X, "x");
    direct(m, GateKind.Y, "y");
    direct(m, GateKind.Z, "z");
    direct(m, GateKind.H, "h");
    direct(m, GateKind.S, "s");
    direct(m, GateKind.SDG, "sdg");
    direct(m, GateKind.T, "t");
    direct(m, GateKind.TDG, "tdg");
    direct(m, GateKind.SX, "sx");
    direct(m, GateKind.RX, "rx");
    direct(m, GateKind.RY, "ry");
    direct(m, GateKind.RZ, "rz");
    direct(m, GateKind.P, "p", "phase", "u1");
    direct(m, GateKind.U, "U", "u", "u3");
    direct(m, GateKind.CX, "cx", "CX");
    direct(m, GateKind.CY, "cy");
    direct(m, GateKind.CZ, "cz");
    direct(m, GateKind.SWAP, "swap");
    direct(m, GateKind.CP, "cp", "cphase", "cu1");
    direct(m, GateKind.CRX, "crx");
    direct(m, GateKind.CRY, "cry");
    direct(m, GateKind.CRZ, "crz");
    direct(m, GateKind.RXX, "rxx");
    direct(m, GateKind.RYY, "ryy");
    direct(m, GateKind.RZZ, "rzz");
    direct(m, GateKind.CCX, "ccx");
    direct(m, GateKind.ECR, "ecr");

    Affine halfPi = Affine.of(Math.PI / 2);
    // u2(φ, λ) = U(π/2, φ, λ)
    m.put("u2", new Std(2, 1, (p, q, out) -> out.emit(GateKind.U, q, halfPi, p[0], p[1])));
    // u0 is an idle of some duration: identity
    m.put("u0", new Std(1, 1, (p, q, out) -> out.emit(GateKind.I, q)));
    // sxdg = e^{-iπ/4} RX(-π/2)
    m.put("sxdg", new Std(0, 1, (p, q, out) -> out.emit(GateKind.RX, q, Affine.of(-Math.PI / 2))));
    // csx = P(π/4) on the control, CRX(π/2): SX = e^{iπ/4} RX(π/2)
    m.put(
        "csx",
        new Std(
            0,
            2,
            (p, q, out) -> {
              out.emit(GateKind.P, new int[] {q[0]}, Affine.of(Math.PI / 4));
              out.emit(GateKind.CRX, q, halfPi);
            }));
    // qelib1.inc's ch
    m.put(
        "ch",
        new Std(
            0,
            2,
            (p, q, out) -> {
              int[] a = {q[0]};
              int[] b = {q[1]};
              out.emit(GateKind.H, b);
              out.emit(GateKind.SDG, b);
              out.emit(GateKind.CX, q);
              out.emit(GateKind.H, b);
              out.emit(GateKind.T, b);
              out.emit(GateKind.CX, q);
              out.emit(GateKind.T, b);
              out.emit(GateKind.H, b);
              out.emit(GateKind.S, b);
              out.emit(GateKind.X, b);
              out.emit(GateKind.S, a);
            }));
    m.put(
        "cswap",
        new Std(
            0,
            3,
            (p, q, out) -> {
              int[] cb = {q[2], q[1]};
              out.emit(GateKind.CX, cb);
              out.emit(GateKind.CCX, q);
              out.emit(GateKind.CX, cb);
            }));
    m.put("cu3", new Std(3, 2, (p, q, out) -> controlledU(p[0], p[1], p[2], q, out)));
    // stdgates.inc: cu(θ, φ, λ, γ) c, t { p(γ) c; ctrl @ U(θ, φ, λ) t; }
    m.put(
        "cu",
        new Std(
            4,
            2,
            (p, q, out) -> {
              out.emit(GateKind.P, new int[] {q[0]}, p[3]);
              controlledU(p[0], p[1], p[2], q, out);
            }));
    return Collections.unmodifiableMap(m);
  }

  private static void direct(Map<String, Def> m, GateKind kind, String... names) {
    Def d = new Std(kind.numParams(), kind.numQubits(), (p, q, out) -> out.emit(kind, q, p));
    for (String n : names) {
      m.put(n, d);
    }
  }

  /** qelib1.inc's cu3: exactly |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ U(θ, φ, λ). */
  private static void controlledU(Affine theta, Affine phi, Affine lambda, int[] q, Sink out) {
    int[] c = {q[0]};
    int[] t = {q[1]};
    Affine two = Affine.of(2);
    Affine sum = lambda.plus(phi);
    out.emit(GateKind.P, c, sum.dividedBy(two));
    out.emit(GateKind.P, t, lambda.plus(phi.negate()).dividedBy(two));
    out.emit(GateKind.CX, q);
    out.emit(
        GateKind.U, t, theta.negate().dividedBy(two), Affine.of(0), sum.negate().dividedBy(two));
    out.emit(GateKind.CX, q);
    out.emit(GateKind.U, t, theta.dividedBy(two), phi, Affine.of(0));
  }
}
