package io.qstep.runner.transpile;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Physical gates to the target's instruction set: SWAP to three CX, CX to the entangler in an
 * allowed direction, then one-qubit runs merged into the Euler form and adjacent inverse pairs of
 * entanglers cancelled. Stateless.
 */
final class Native {
  private static final int MAX_ROUNDS = 6;

  private Native() {}

  /** SWAPs and CXs (physical) to the target's entangler; one-qubit gates pass through. */
  static List<Gate> entanglers(List<Gate> routed, Target t) {
    List<Gate> out = new ArrayList<>(routed.size() * 2);
    for (Gate g : routed) {
      switch (g.kind()) {
        case SWAP -> {
          int a = g.qubit(0);
          int b = g.qubit(1);
          if (!t.allows(a, b)) {
            int x = a;
            a = b;
            b = x;
          }
          cx(out, a, b, t);
          cx(out, b, a, t);
          cx(out, a, b, t);
        }
        case CX -> cx(out, g.qubit(0), g.qubit(1), t);
        default -> {
          if (g.arity() != 1) {
            throw new IllegalStateException("unexpected routed gate " + g);
          }
          out.add(g);
        }
      }
    }
    return out;
  }

  private static void cx(List<Gate> out, int c, int tq, Target t) {
    if (!t.coupled(c, tq)) {
      throw new IllegalStateException("router left CX on uncoupled " + c + ", " + tq);
    }
    GateKind e = t.entangler();
    if (e == GateKind.CZ) {
      one(out, GateKind.H, tq);
      out.add(Gate.of(GateKind.CZ, new int[] {c, tq}));
      one(out, GateKind.H, tq);
      return;
    }
    if (!t.allows(c, tq)) {
      // CX(c, t) = (H ⊗ H) · CX(t, c) · (H ⊗ H)
      one(out, GateKind.H, c);
      one(out, GateKind.H, tq);
      forward(out, tq, c, e);
      one(out, GateKind.H, c);
      one(out, GateKind.H, tq);
    } else {
      forward(out, c, tq, e);
    }
  }

  private static void forward(List<Gate> out, int c, int t, GateKind e) {
    if (e == GateKind.CX) {
      out.add(Gate.of(GateKind.CX, new int[] {c, t}));
    } else {
      // CX(c, t) = (RZ(π/2) ⊗ RX(π/2)) · ECR(c, t) · (X ⊗ I) up to phase
      one(out, GateKind.X, c);
      out.add(Gate.of(GateKind.ECR, new int[] {c, t}));
      out.add(OneQubit.g(GateKind.RZ, c, Math.PI / 2));
      out.add(OneQubit.g(GateKind.RX, t, Math.PI / 2));
    }
  }

  private static void one(List<Gate> out, GateKind k, int q) {
    out.add(Gate.of(k, new int[] {q}));
  }

  /** Every one-qubit gate translated on its own (no merging). */
  static List<Gate> translateEach(List<Gate> gates, Target t) {
    List<Gate> out = new ArrayList<>(gates.size() * 2);
    for (Gate g : gates) {
      if (g.arity() > 1) {
        out.add(g);
      } else {
        out.addAll(single(g, t));
      }
    }
    return out;
  }

  /** One one-qubit gate in native form. */
  static List<Gate> single(Gate g, Target t) {
    if (!g.isBound()) {
      return List.of(OneQubit.symbolicRz(symbolicAngle(g), g.qubit(0), t));
    }
    if (g.kind() != GateKind.UNITARY && OneQubit.isNative(g, t)) {
      return List.of(g);
    }
    return OneQubit.synthesize(g.matrix(), g.qubit(0), t);
  }

  /**
   * The angle of a symbolic Z rotation: RZ(p), or U(0, 0, p) as {@link OneQubit#symbolicRz} writes
   * it.
   */
  static Param symbolicAngle(Gate g) {
    if (g.kind() == GateKind.RZ) {
      return g.params().get(0);
    }
    if (g.kind() == GateKind.U
        && g.params().get(0).equals(Param.of(0))
        && g.params().get(1).equals(Param.of(0))) {
      return g.params().get(2);
    }
    throw new IllegalStateException("symbolic angle outside a Z rotation: " + g);
  }

  /** Merge one-qubit runs and cancel inverse pairs until nothing changes. */
  static List<Gate> optimize(List<Gate> gates, int numQubits, Target t) {
    List<Gate> cur = gates;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Gate> merged = mergeRuns(cur, numQubits, t);
      List<Gate> cancelled = cancelPairs(merged, numQubits);
      boolean same = cancelled.equals(cur);
      cur = cancelled;
      if (same) {
        break;
      }
    }
    return cur;
  }

  static List<Gate> mergeRuns(List<Gate> gates, int numQubits, Target t) {
    List<List<Gate>> runs = new ArrayList<>(numQubits);
    for (int q = 0; q < numQubits; q++) {
      runs.add(new ArrayList<>());
    }
    List<Gate> out = new ArrayList<>(gates.size());
    for (Gate g : gates) {
      if (g.arity() == 1) {
        runs.get(g.qubit(0)).add(g);
        continue;
      }
      for (int i = 0; i < g.arity(); i++) {
        flush(runs.get(g.qubit(i)), g.qubit(i), t, out);
      }
      out.add(g);
    }
    for (int q = 0; q < numQubits; q++) {
      flush(runs.get(q), q, t, out);
    }
    return out;
  }

  private static void flush(List<Gate> run, int q, Target t, List<Gate> out) {
    if (run.isEmpty()) {
      return;
    }
    List<Gate> each = new ArrayList<>();
    for (Gate g : run) {
      each.addAll(single(g, t));
    }
    List<Gate> merged = mergeRun(run, q, t);
    out.addAll(merged.size() <= each.size() ? merged : each);
    run.clear();
  }

  /** A run on one qubit: constant stretches multiplied out and re-synthesised. */
  static List<Gate> mergeRun(List<Gate> run, int q, Target t) {
    List<Gate> seq = new ArrayList<>();
    double[] acc = null;
    for (Gate g : run) {
      if (g.isBound()) {
        double[] m = g.matrix();
        acc = acc == null ? m : OneQubit.mul(m, acc);
      } else {
        if (acc != null) {
          seq.addAll(OneQubit.synthesize(acc, q, t));
          acc = null;
        }
        seq.add(Gate.of(GateKind.RZ, new int[] {q}, List.of(symbolicAngle(g))));
      }
    }
    if (acc != null) {
      seq.addAll(OneQubit.synthesize(acc, q, t));
    }
    if (seq.stream().allMatch(Gate::isBound)) {
      return seq;
    }
    // fold neighbouring Z rotations into the symbolic ones
    List<Gate> folded = new ArrayList<>();
    for (Gate g : seq) {
      Gate prev = folded.isEmpty() ? null : folded.get(folded.size() - 1);
      Param merged = prev == null ? null : addRz(prev, g);
      if (merged != null) {
        folded.remove(folded.size() - 1);
        if (!(merged instanceof Param.Const c && Math.abs(OneQubit.wrap(c.value())) < 1e-12)) {
          folded.add(Gate.of(GateKind.RZ, new int[] {q}, List.of(merged)));
        }
      } else {
        folded.add(g);
      }
    }
    List<Gate> out = new ArrayList<>();
    for (Gate g : folded) {
      out.add(g.isBound() ? g : OneQubit.symbolicRz(g.params().get(0), q, t));
    }
    return out;
  }

  /** The angle of RZ(a)·RZ(b) when both are RZ and at most one symbol is involved; else null. */
  private static Param addRz(Gate a, Gate b) {
    if (a.kind() != GateKind.RZ || b.kind() != GateKind.RZ) {
      return null;
    }
    Param pa = a.params().get(0);
    Param pb = b.params().get(0);
    if (pa instanceof Param.Const ca) {
      return Lowering.shift(pb, ca.value());
    }
    if (pb instanceof Param.Const cb) {
      return Lowering.shift(pa, cb.value());
    }
    Param.Symbol sa = (Param.Symbol) pa;
    Param.Symbol sb = (Param.Symbol) pb;
    if (!sa.name().equals(sb.name())) {
      return null;
    }
    double scale = sa.scale() + sb.scale();
    double offset = sa.offset() + sb.offset();
    return Math.abs(scale) < 1e-15 ? Param.of(offset) : new Param.Symbol(sa.name(), scale, offset);
  }

  /** Removes adjacent pairs CX·CX, ECR·ECR (same orientation) and CZ·CZ (either). */
  static List<Gate> cancelPairs(List<Gate> gates, int numQubits) {
    int n = gates.size();
    int[][] next = new int[n][];
    int[] last = new int[numQubits];
    Arrays.fill(last, -1);
    for (int i = n - 1; i >= 0; i--) {
      Gate g = gates.get(i);
      next[i] = new int[g.arity()];
      for (int k = 0; k < g.arity(); k++) {
        next[i][k] = last[g.qubit(k)];
        last[g.qubit(k)] = i;
      }
    }
    boolean[] removed = new boolean[n];
    for (int i = 0; i < n; i++) {
      Gate g = gates.get(i);
      if (removed[i] || g.arity() != 2 || !selfInverse(g.kind())) {
        continue;
      }
      int j = next[i][0];
      if (j < 0 || j != next[i][1] || removed[j]) {
        continue;
      }
      Gate h = gates.get(j);
      if (h.kind() != g.kind()) {
        continue;
      }
      boolean sameOrder = h.qubit(0) == g.qubit(0);
      if (sameOrder || g.kind() == GateKind.CZ) {
        removed[i] = true;
        removed[j] = true;
      }
    }
    List<Gate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!removed[i]) {
        out.add(gates.get(i));
      }
    }
    return out;
  }

  private static boolean selfInverse(GateKind k) {
    return k == GateKind.CX || k == GateKind.CZ || k == GateKind.ECR || k == GateKind.SWAP;
  }

  /** Whether every gate is native and every two-qubit gate allowed; for checks. */
  static String firstViolation(List<Gate> gates, Target t) {
    for (int i = 0; i < gates.size(); i++) {
      Gate g = gates.get(i);
      if (!t.basis().contains(g.kind())) {
        return "gates[" + i + "] " + g + " is not native";
      }
      if (g.arity() == 2 && !t.allows(g.qubit(0), g.qubit(1))) {
        return "gates[" + i + "] " + g + " is not on an allowed edge";
      }
      if (g.kind() == GateKind.RX && t.restrictedRx() && g.isBound()) {
        double a = g.angles(Map.of())[0];
        if (!OneQubit.isNative(g, t)) {
          return "gates[" + i + "] rx(" + a + ") is not a native angle";
        }
      }
    }
    return null;
  }
}
