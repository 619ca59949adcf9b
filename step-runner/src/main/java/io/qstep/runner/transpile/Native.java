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
    return cxToNative(swapsToCx(routed, t), t);
  }

  /**
   * Each SWAP as three CX. The orientation is chosen so that the swap's first CX cancels a CX on
   * the same pair right before it, or its last CX one right after it; otherwise so that two of the
   * three run in an allowed direction.
   */
  static List<Gate> swapsToCx(List<Gate> routed, Target t) {
    int n = routed.size();
    int[][] next = nextOnQubits(routed, t.numQubits());
    int[] lastOut = new int[t.numQubits()];
    Arrays.fill(lastOut, -1);
    List<Gate> out = new ArrayList<>(n * 2);
    for (int i = 0; i < n; i++) {
      Gate g = routed.get(i);
      if (g.kind() == GateKind.SWAP) {
        int a = g.qubit(0);
        int b = g.qubit(1);
        Gate pair = null;
        if (lastOut[a] >= 0 && lastOut[a] == lastOut[b]) {
          pair = out.get(lastOut[a]);
        } else if (next[i][0] >= 0 && next[i][0] == next[i][1]) {
          pair = routed.get(next[i][0]);
        }
        if (pair != null && pair.kind() == GateKind.CX) {
          a = pair.qubit(0);
          b = pair.qubit(1);
        } else if (!t.allows(a, b)) {
          int x = a;
          a = b;
          b = x;
        }
        for (int k = 0; k < 3; k++) {
          out.add(Gate.of(GateKind.CX, k == 1 ? new int[] {b, a} : new int[] {a, b}));
        }
        lastOut[a] = out.size() - 1;
        lastOut[b] = out.size() - 1;
      } else {
        out.add(g);
        for (int k = 0; k < g.arity(); k++) {
          lastOut[g.qubit(k)] = out.size() - 1;
        }
      }
    }
    return out;
  }

  /** next[i][k]: index of the next gate after i on gate i's k-th qubit, or -1. */
  private static int[][] nextOnQubits(List<Gate> gates, int numQubits) {
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
    return next;
  }

  /** CX (physical, on coupled pairs) to the target's entangler in an allowed direction. */
  static List<Gate> cxToNative(List<Gate> gates, Target t) {
    List<Gate> out = new ArrayList<>(gates.size() * 2);
    for (Gate g : gates) {
      if (g.kind() == GateKind.CX) {
        cx(out, g.qubit(0), g.qubit(1), t);
      } else if (g.arity() == 1) {
        out.add(g);
      } else {
        throw new IllegalStateException("unexpected routed gate " + g);
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
      cur = cancelPairs(merged, numQubits);
      if (cur.size() == merged.size()) {
        break; // nothing cancelled: merging again would change nothing
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

  /**
   * Removes pairs CX·CX, ECR·ECR (same orientation) and CZ·CZ (either) that are adjacent or
   * separated only by gates that commute with them: diagonal gates on a CX's control or a CZ,
   * X-axis rotations on a CX's target, CXs sharing only the control or only the target, CZs away
   * from a CX's target.
   */
  static List<Gate> cancelPairs(List<Gate> gates, int numQubits) {
    int n = gates.size();
    int[][] next = nextOnQubits(gates, numQubits);
    boolean[] removed = new boolean[n];
    for (int i = 0; i < n; i++) {
      Gate g = gates.get(i);
      if (removed[i] || g.arity() != 2 || !selfInverse(g.kind())) {
        continue;
      }
      int ja = partner(gates, next, removed, i, 0);
      if (ja < 0 || ja != partner(gates, next, removed, i, 1)) {
        continue;
      }
      removed[i] = true;
      removed[ja] = true;
    }
    List<Gate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!removed[i]) {
        out.add(gates.get(i));
      }
    }
    return out;
  }

  /** Along gate i's k-th qubit, past commuting gates, the first gate that cancels it; or -1. */
  private static int partner(List<Gate> gates, int[][] next, boolean[] removed, int i, int k) {
    Gate g = gates.get(i);
    int q = g.qubit(k);
    int j = next[i][k];
    while (j >= 0) {
      Gate h = gates.get(j);
      if (!removed[j]) {
        if (cancels(g, h)) {
          return j;
        }
        if (!commute(g, h)) {
          return -1;
        }
      }
      j = next[j][h.qubit(0) == q ? 0 : h.arity() > 1 && h.qubit(1) == q ? 1 : 2];
    }
    return -1;
  }

  private static boolean cancels(Gate g, Gate h) {
    if (h.kind() != g.kind() || h.arity() != 2) {
      return false;
    }
    boolean same = h.qubit(0) == g.qubit(0) && h.qubit(1) == g.qubit(1);
    boolean swapped = h.qubit(0) == g.qubit(1) && h.qubit(1) == g.qubit(0);
    return same || (swapped && g.kind() == GateKind.CZ);
  }

  /** Whether two-qubit gate g (CX, CZ or ECR) commutes with h, which shares a qubit with it. */
  static boolean commute(Gate g, Gate h) {
    if (g.kind() == GateKind.ECR || h.arity() > 2 || h.kind() == GateKind.UNITARY) {
      return false;
    }
    if (g.kind() == GateKind.CZ) {
      return h.isDiagonal() || (h.kind() == GateKind.CX && !touches(g, h.qubit(1)));
    }
    if (g.kind() != GateKind.CX) {
      return false;
    }
    int a = g.qubit(0);
    int b = g.qubit(1);
    if (h.arity() == 1) {
      return h.qubit(0) == a
          ? h.isDiagonal()
          : switch (h.kind()) {
            case I, X, SX, RX -> true;
            default -> false;
          };
    }
    return switch (h.kind()) {
      case CX -> (h.qubit(0) == a) != (h.qubit(1) == b) && h.qubit(1) != a && h.qubit(0) != b;
      case CZ -> !touches(h, b);
      default -> false;
    };
  }

  private static boolean touches(Gate g, int q) {
    for (int i = 0; i < g.arity(); i++) {
      if (g.qubit(i) == q) {
        return true;
      }
    }
    return false;
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
