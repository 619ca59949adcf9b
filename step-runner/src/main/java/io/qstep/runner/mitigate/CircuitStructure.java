package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Measurement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The structure of a circuit (gates and qubits with angles left out) and the near-Clifford training
 * circuits of Clifford data regression, which share it. Stateless and thread-safe.
 */
public final class CircuitStructure {
  private CircuitStructure() {}

  /**
   * sha256 (hex) of the circuit's structure: qubit and clbit counts, each gate's kind (custom
   * unitaries by label) and qubits, the measurements. Two circuits that differ only in angle values
   * or parameter bindings have the same hash.
   */
  public static String hash(Circuit c) {
    StringBuilder sb = new StringBuilder();
    sb.append("qubits ")
        .append(c.numQubits())
        .append(";clbits ")
        .append(c.numClbits())
        .append('\n');
    for (Gate g : c.gates()) {
      sb.append(g.kind() == GateKind.UNITARY ? "unitary:" + g.label() : g.kind().qasmName());
      for (int q : g.qubits()) {
        sb.append(' ').append(q);
      }
      sb.append('\n');
    }
    for (Measurement m : c.measurements()) {
      sb.append("measure ").append(m.qubit()).append(' ').append(m.clbit()).append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** Whether a gate kind has angles that can be snapped to Clifford values (multiples of π/2). */
  static boolean snappable(GateKind k) {
    return switch (k) {
      case RX, RY, RZ, P, U, CP, CRX, CRY, CRZ, RXX, RYY, RZZ -> true;
      case I, X, Y, Z, H, S, SDG, T, TDG, SX, CX, CY, CZ, SWAP, CCX, ECR, UNITARY -> false;
    };
  }

  /**
   * A near-Clifford copy of a bound circuit, as in Czarnik et al. 2021 (CDR): a fraction {@code
   * keep} of the snappable gates keep their original angles; every other snappable angle is
   * replaced by a multiple of π/2 (the nearest one, or a neighbour with probability falling off
   * with the distance), so the training circuit resembles the target. When the target has a
   * non-Clifford snappable gate, at least one such gate is snapped, so the copy is never the target
   * itself. Fixed gates (T included) stay, so the structure ({@link #hash}) is unchanged.
   */
  public static Circuit nearClifford(Circuit bound, double keep, SplittableRandom rng) {
    List<Gate> gates = bound.gates();
    boolean[] kept = new boolean[gates.size()];
    int forced = -1;
    int nonClifford = 0;
    for (int gi = 0; gi < gates.size(); gi++) {
      Gate g = gates.get(gi);
      if (!snappable(g.kind())) {
        continue;
      }
      kept[gi] = rng.nextDouble() < keep;
      if (!clifford(g.angles(java.util.Map.of()))) {
        // Reservoir-sample one non-Clifford gate that is always snapped.
        nonClifford++;
        if (rng.nextInt(nonClifford) == 0) {
          forced = gi;
        }
      }
    }
    if (forced >= 0) {
      kept[forced] = false;
    }
    Circuit.Builder b = Circuit.builder(bound.numQubits()).clbits(bound.numClbits());
    for (int gi = 0; gi < gates.size(); gi++) {
      Gate g = gates.get(gi);
      if (!snappable(g.kind()) || kept[gi]) {
        b.gate(g);
        continue;
      }
      double[] a = g.angles(java.util.Map.of());
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = snap(a[i], rng);
      }
      b.gate(Gate.of(g.kind(), g.qubits(), out));
    }
    for (Measurement m : bound.measurements()) {
      b.measure(m.qubit(), m.clbit());
    }
    return b.build();
  }

  /** Whether every angle is a multiple of π/2 (to 1e-9). */
  static boolean clifford(double[] angles) {
    for (double a : angles) {
      double r = a / (Math.PI / 2);
      if (Math.abs(r - Math.rint(r)) > 1e-9) {
        return false;
      }
    }
    return true;
  }

  /**
   * A multiple of π/2 near {@code angle}: the two nearest, chosen with weights exp(-d²/σ²) as in
   * CDR's sampling of Clifford replacements (σ = 0.5).
   */
  static double snap(double angle, SplittableRandom rng) {
    double unit = Math.PI / 2;
    double lo = Math.floor(angle / unit) * unit;
    double hi = lo + unit;
    double wl = Math.exp(-Math.pow(angle - lo, 2) / 0.25);
    double wh = Math.exp(-Math.pow(hi - angle, 2) / 0.25);
    return rng.nextDouble() * (wl + wh) < wl ? lo : hi;
  }

  /** {@code count} near-Clifford training circuits built from the given bound circuits in turn. */
  public static List<Circuit> trainingSet(List<Circuit> bases, int count, double keep, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Circuit> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(nearClifford(bases.get(rng.nextInt(bases.size())), keep, rng));
    }
    return out;
  }
}
