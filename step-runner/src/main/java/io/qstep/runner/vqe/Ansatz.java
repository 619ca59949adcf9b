package io.qstep.runner.vqe;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A parameterised trial state: a circuit over symbolic angles {@code t0..t(P−1)} (radians) run from
 * |0…0⟩.
 *
 * <ul>
 *   <li>{@link Kind#HEA}, hardware-efficient (Kandala et al., Nature 549, 242 (2017)): RY and RZ on
 *       every qubit, then L times a CX chain {@code q → q+1} and another RY/RZ layer; {@code P =
 *       2n(L + 1)}. Starts from seeded angles in ±{@link #HEA_INIT_SPREAD}.
 *   <li>{@link Kind#UCC}, chemistry-style and particle-number conserving: X gates prepare the basis
 *       state of lowest diagonal energy {@code <r|H|r>} (a Hartree–Fock-like reference), then L
 *       layers of Givens rotations {@code G(θ)} on each neighbour pair {@code (q, q+1)}: a real
 *       rotation by θ/2 in span{|01⟩, |10⟩} (|ab⟩: qubit q in a, qubit q+1 in b), {@code G(θ)|01⟩ =
 *       cos(θ/2)|01⟩ + sin(θ/2)|10⟩}, with |00⟩ and |11⟩ kept — the unitary coupled-cluster single
 *       excitation between two spin orbitals. {@code P = L(n − 1)}, starting at 0 (the reference).
 *       For two-qubit H2 in the parity-reduced form the ground state is {@code a|01⟩ + b|10⟩} with
 *       a, b real, which one Givens rotation from the reference reaches exactly. Circuit: {@code
 *       CX(q, q+1) · CRY(θ; q+1 → q) · CX(q, q+1)}.
 * </ul>
 *
 * Immutable.
 */
public record Ansatz(Kind kind, int numQubits, int depth, int reference) {
  /** Half-width of the HEA's seeded starting angles (radians): near |0…0⟩, off its saddle. */
  public static final double HEA_INIT_SPREAD = 0.1;

  /** The ansätze a request can name. */
  public enum Kind {
    HEA,
    UCC;

    /**
     * Parses "hea" (or "hardware-efficient") and "ucc" (or "givens").
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Kind parse(String name) {
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "", "hea", "hardware-efficient", "hardware_efficient" -> HEA;
        case "ucc", "uccsd", "givens" -> UCC;
        default ->
            throw new IllegalArgumentException("unknown ansatz '" + name + "'; known: hea, ucc");
      };
    }
  }

  public Ansatz {
    if (numQubits < 1 || depth < 1) {
      throw new IllegalArgumentException("need numQubits >= 1 and depth >= 1");
    }
    if (kind == Kind.UCC && numQubits < 2) {
      throw new IllegalArgumentException("the ucc ansatz needs at least two qubits");
    }
  }

  /** Number of angles P. */
  public int numParameters() {
    return switch (kind) {
      case HEA -> 2 * numQubits * (depth + 1);
      case UCC -> depth * (numQubits - 1);
    };
  }

  /** The circuit with symbolic angles {@code t0..t(P−1)}; its version is the ansatz's identity. */
  public Circuit circuit() {
    Circuit.Builder b = Circuit.builder(numQubits);
    int[] next = {0};
    switch (kind) {
      case HEA -> {
        rotations(b, next);
        for (int l = 0; l < depth; l++) {
          for (int q = 0; q + 1 < numQubits; q++) {
            b.cx(q, q + 1);
          }
          rotations(b, next);
        }
      }
      case UCC -> {
        for (int q = 0; q < numQubits; q++) {
          if ((reference >>> q & 1) != 0) {
            b.x(q);
          }
        }
        for (int l = 0; l < depth; l++) {
          for (int q = 0; q + 1 < numQubits; q++) {
            b.cx(q, q + 1);
            b.gate(GateKind.CRY, new int[] {q + 1, q}, symbol(next));
            b.cx(q, q + 1);
          }
        }
      }
    }
    return b.build();
  }

  private void rotations(Circuit.Builder b, int[] next) {
    for (int q = 0; q < numQubits; q++) {
      b.ry(q, symbol(next));
      b.rz(q, symbol(next));
    }
  }

  private static Param symbol(int[] next) {
    return Param.symbol(name(next[0]++));
  }

  static String name(int i) {
    return "t" + i;
  }

  /** The binding {@code t_i = x[i]}. */
  public static Map<String, Double> binding(double[] x) {
    Map<String, Double> m = new HashMap<>(2 * x.length);
    for (int i = 0; i < x.length; i++) {
      m.put(name(i), x[i]);
    }
    return m;
  }

  /** The starting angles: 0 for UCC (the reference state), seeded small angles for HEA. */
  public double[] initialPoint(long seed) {
    double[] x = new double[numParameters()];
    if (kind == Kind.HEA) {
      SplittableRandom rng = new SplittableRandom(seed);
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextDouble(-HEA_INIT_SPREAD, HEA_INIT_SPREAD);
      }
    }
    return x;
  }
}
