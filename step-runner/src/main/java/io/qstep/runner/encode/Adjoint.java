package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.List;
import java.util.Map;

/** The adjoint {@code U†} of a bound circuit: gates reversed, each replaced by its inverse. */
public final class Adjoint {
  private Adjoint() {}

  /**
   * {@code U†} for a bound, measurement-free circuit {@code U}.
   *
   * @throws IllegalArgumentException when the circuit has symbolic parameters or measurements
   */
  public static Circuit of(Circuit u) {
    if (u.isParameterized()) {
      throw new IllegalArgumentException("bind the circuit first: " + u.parameters());
    }
    if (!u.measurements().isEmpty()) {
      throw new IllegalArgumentException("a circuit with measurements has no adjoint");
    }
    Circuit.Builder b = Circuit.builder(u.numQubits());
    List<Gate> gates = u.gates();
    for (int k = gates.size() - 1; k >= 0; k--) {
      b.gate(inverse(gates.get(k)));
    }
    return b.build();
  }

  /** The inverse of one bound gate (exact, global phase included). */
  public static Gate inverse(Gate g) {
    int[] q = g.qubits();
    double[] a = g.angles(Map.of());
    return switch (g.kind()) {
      case I, X, Y, Z, H, CX, CY, CZ, SWAP, CCX, ECR -> g;
      case S -> Gate.of(GateKind.SDG, q);
      case SDG -> Gate.of(GateKind.S, q);
      case T -> Gate.of(GateKind.TDG, q);
      case TDG -> Gate.of(GateKind.T, q);
      case RX, RY, RZ, P, CP, CRX, CRY, CRZ, RXX, RYY, RZZ -> Gate.of(g.kind(), q, -a[0]);
      // U(θ, φ, λ)† = U(−θ, −λ, −φ)
      case U -> Gate.of(GateKind.U, q, -a[0], -a[2], -a[1]);
      case SX, UNITARY -> Gate.unitary(label(g), daggerOf(g.matrix()), q);
    };
  }

  private static String label(Gate g) {
    String base = g.kind() == GateKind.UNITARY ? g.label() : g.kind().qasmName();
    return (base == null || base.isEmpty() ? "u" : base) + "_dg";
  }

  /** Conjugate transpose of a row-major interleaved (re, im) square matrix. */
  static double[] daggerOf(double[] m) {
    int dim = (int) Math.round(Math.sqrt(m.length / 2.0));
    double[] out = new double[m.length];
    for (int r = 0; r < dim; r++) {
      for (int c = 0; c < dim; c++) {
        int src = 2 * (r * dim + c);
        int dst = 2 * (c * dim + r);
        out[dst] = m[src];
        out[dst + 1] = -m[src + 1];
      }
    }
    return out;
  }
}
