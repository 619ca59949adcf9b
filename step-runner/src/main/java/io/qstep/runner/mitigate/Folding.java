package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Measurement;
import io.qstep.runner.encode.Adjoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Unitary folding for zero-noise extrapolation (Giurgica-Tiron et al., arXiv:2005.10921): a scale
 * factor λ ≥ 1 is met by inserting {@code G† G} pairs, which leave the ideal unitary unchanged and
 * multiply the gate count (and so, to first order, the noise) by λ. With d gates, {@code round(d
 * (λ-1)/2)} gate folds are made; the achieved scale {@code (d + 2 folds) / d} is returned beside
 * the requested one. Measurements stay at the end. Stateless and thread-safe.
 */
public final class Folding {
  private Folding() {}

  /** Where the folds go. */
  public enum Method {
    /** {@code U (U† U)^k} then {@code L† L} for the last gates L that make up the remainder. */
    GLOBAL,
    /** Every gate {@code G (G† G)^k}, the remainder folded once more from the left. */
    LOCAL,
    /** Every gate {@code G (G† G)^k}, the remainder on gates drawn at random (seeded). */
    RANDOM,
    /**
     * No folding: a simulator that can amplify its noise model does it ({@link
     * io.qstep.runner.noise.NoiseScalable}); {@link Folding#fold} treats it as {@link #GLOBAL}.
     */
    NATIVE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code global|local|random}. */
    public static Method parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * A folded circuit.
   *
   * @param circuit the folded circuit
   * @param requestedScale λ asked for
   * @param achievedScale gate count of the folded circuit over that of the original
   * @param folds number of {@code G† G} pairs inserted
   */
  public record Folded(Circuit circuit, double requestedScale, double achievedScale, int folds) {}

  /**
   * Folds a bound circuit to scale {@code scale}.
   *
   * @param seed used by {@link Method#RANDOM} only
   * @throws IllegalArgumentException when {@code scale < 1}, the circuit is parameterised or has no
   *     gates
   */
  public static Folded fold(Circuit bound, double scale, Method method, long seed) {
    if (!(scale >= 1) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale factor must be >= 1, got " + scale);
    }
    if (bound.isParameterized()) {
      throw new IllegalArgumentException("fold a bound circuit; unbound " + bound.parameters());
    }
    List<Gate> gates = bound.gates();
    int d = gates.size();
    if (d == 0) {
      return new Folded(bound, scale, 1, 0);
    }
    int folds = (int) Math.round(d * (scale - 1) / 2);
    int k = folds / d;
    int r = folds % d;
    List<Gate> out = new ArrayList<>(d + 2 * folds);
    switch (method) {
      case GLOBAL, NATIVE -> {
        out.addAll(gates);
        for (int i = 0; i < k; i++) {
          appendInverse(out, gates, 0);
          out.addAll(gates);
        }
        appendInverse(out, gates, d - r);
        out.addAll(gates.subList(d - r, d));
      }
      case LOCAL, RANDOM -> {
        boolean[] extra = new boolean[d];
        if (method == Method.LOCAL) {
          for (int i = 0; i < r; i++) {
            extra[i] = true;
          }
        } else {
          int[] idx = new int[d];
          for (int i = 0; i < d; i++) {
            idx[i] = i;
          }
          SplittableRandom rng = new SplittableRandom(seed);
          for (int i = 0; i < r; i++) { // partial Fisher-Yates: r distinct gates
            int j = i + rng.nextInt(d - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            extra[idx[i]] = true;
          }
        }
        for (int i = 0; i < d; i++) {
          Gate g = gates.get(i);
          out.add(g);
          int m = k + (extra[i] ? 1 : 0);
          if (m > 0) {
            Gate inv = inverse(g);
            for (int j = 0; j < m; j++) {
              out.add(inv);
              out.add(g);
            }
          }
        }
      }
    }
    Circuit.Builder b = Circuit.builder(bound.numQubits()).clbits(bound.numClbits());
    out.forEach(b::gate);
    for (Measurement m : bound.measurements()) {
      b.measure(m.qubit(), m.clbit());
    }
    return new Folded(b.build(), scale, (double) out.size() / d, folds);
  }

  /** Appends the inverses of {@code gates[from..]} in reverse order. */
  private static void appendInverse(List<Gate> out, List<Gate> gates, int from) {
    for (int i = gates.size() - 1; i >= from; i--) {
      out.add(inverse(gates.get(i)));
    }
  }

  /**
   * The inverse of a bound gate, up to a global phase: SX† is RX(−π/2), a named rotation that a
   * noise model treats like SX, not a custom unitary; every other gate as {@link Adjoint#inverse}.
   *
   * @throws IllegalArgumentException for a gate with symbolic angles
   */
  public static Gate inverse(Gate g) {
    if (!g.isBound()) {
      throw new IllegalArgumentException("cannot invert unbound gate " + g);
    }
    if (g.kind() == GateKind.SX) {
      return Gate.of(GateKind.RX, g.qubits(), -Math.PI / 2);
    }
    return Adjoint.inverse(g);
  }
}
