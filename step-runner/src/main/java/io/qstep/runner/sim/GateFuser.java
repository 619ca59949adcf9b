package io.qstep.runner.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gate fusion on a bound circuit, before kernels are chosen. Rules:
 *
 * <ol>
 *   <li>a run of 1-qubit gates on one qubit becomes one 2x2 (kept pending on that qubit);
 *   <li>a 2-qubit gate may absorb the pending 2x2s of its qubits into its 4x4;
 *   <li>a 2-qubit gate on the same pair as the last op on both its qubits may be multiplied into
 *       it;
 *   <li>a pending 2x2 with no later 2-qubit gate on its qubit may be folded into the last 2-qubit
 *       op on that qubit (nothing after that op touches the qubit, so it may move there), or is
 *       emitted on its own.
 * </ol>
 *
 * <p>Rule 1 always pays: a product of 2x2s is never dearer than its factors. Rules 2 to 4 are
 * decided by {@link Op#costPerAmplitude() kernel cost}: the product's kernel (chosen by {@link
 * CircuitCompiler#plan}) must not cost more than the kernels it replaces plus the per-op overhead
 * saved ({@link #OP_OVERHEAD_NS}, which dominates on small states). So RZ or P into a CZ stays one
 * diagonal and RXX then RYY on a pair becomes one 4x4, but on all but tiny states H or RZ next to a
 * CX stays apart: the dense 4x4 (or phased permutation) costs more flops than a controlled flip and
 * a 2x2, and cache blocking already saves the extra pass over memory.
 *
 * <p>Gates on three or more qubits are not fused: the pending 2x2s of their qubits are flushed.
 */
final class GateFuser {
  /** Fixed cost of one op in ns (dispatch, loop set-up), charged against fusing nothing. */
  static final double OP_OVERHEAD_NS = 50;

  /** How much fusion to do. */
  enum Mode {
    /** None: one op per gate. */
    NONE,
    /**
     * Rule 1 only. Weighing candidates costs about a microsecond per 2-qubit gate, more than an op
     * on a small state costs, so small states get just the cheap, always-winning merges.
     */
    ONE_QUBIT_RUNS,
    /** Rules 1 to 4, decided by the cost model. */
    COST_MODEL
  }

  /** A (possibly fused) unitary on {@code qubits}, first listed = most significant bit. */
  static final class Fused {
    final int[] qubits;
    double[] matrix;
    private CircuitCompiler.Plan plan;

    Fused(int[] qubits, double[] matrix) {
      this.qubits = qubits.clone();
      this.matrix = matrix;
    }

    /** The kernel choice for this matrix, made once. */
    CircuitCompiler.Plan plan() {
      if (plan == null) {
        plan = CircuitCompiler.plan(qubits, matrix);
      }
      return plan;
    }
  }

  private final boolean weigh;
  private final double amplitudes;
  private final Fused[] pending;
  private final int[] last;
  private final List<Fused> out = new ArrayList<>();

  private GateFuser(int numQubits, boolean weigh) {
    this.weigh = weigh;
    amplitudes = Math.pow(2, numQubits);
    pending = new Fused[numQubits];
    last = new int[numQubits];
    Arrays.fill(last, -1);
  }

  /** Fuses {@code gates} (in application order) on a register of {@code numQubits}. */
  static List<Fused> fuse(List<Fused> gates, int numQubits, Mode mode) {
    if (mode == Mode.NONE) {
      return gates;
    }
    GateFuser f = new GateFuser(numQubits, mode == Mode.COST_MODEL);
    for (Fused g : gates) {
      f.add(g);
    }
    for (int q = 0; q < numQubits; q++) {
      f.flush(q);
    }
    return f.out;
  }

  private double cost(Fused f) {
    CircuitCompiler.Plan p = f.plan();
    return p.kernel() == CircuitCompiler.Kernel.IDENTITY
        ? 0
        : p.costPerAmplitude() * amplitudes + OP_OVERHEAD_NS;
  }

  private void add(Fused g) {
    int[] qs = g.qubits;
    if (qs.length == 1) {
      int q = qs[0];
      pending[q] =
          pending[q] == null ? g : new Fused(qs, Matrices.multiply(g.matrix, pending[q].matrix));
      return;
    }
    if (qs.length == 2 && weigh) {
      addPair(g);
      return;
    }
    for (int q : qs) {
      flush(q);
    }
    append(g);
  }

  private void addPair(Fused g) {
    int[] qs = g.qubits;
    // absorb the subset of pending 2x2s that makes the cheapest result; ties absorb more
    Fused best = g;
    int bestMask = 0;
    double bestCost = Double.MAX_VALUE;
    for (int mask = 0; mask < 4; mask++) {
      double[] m = g.matrix;
      double c = 0;
      boolean useful = true;
      for (int i = 0; i < 2; i++) {
        Fused p = pending[qs[i]];
        if ((mask & (1 << i)) != 0) {
          useful &= p != null;
          if (p != null) {
            m = Matrices.multiply(m, Matrices.expand(p.matrix, p.qubits, qs));
          }
        } else if (p != null) {
          c += cost(p);
        }
      }
      if (!useful) {
        continue;
      }
      Fused candidate = mask == 0 ? g : new Fused(qs, m);
      c += cost(candidate);
      if (c <= bestCost) {
        best = candidate;
        bestMask = mask;
        bestCost = c;
      }
    }
    for (int i = 0; i < 2; i++) {
      if ((bestMask & (1 << i)) != 0) {
        pending[qs[i]] = null;
      } else {
        flush(qs[i]);
      }
    }
    int j = last[qs[0]];
    if (j >= 0 && last[qs[1]] == j && out.get(j).qubits.length == 2) {
      Fused prev = out.get(j);
      Fused merged =
          new Fused(
              prev.qubits,
              Matrices.multiply(Matrices.expand(best.matrix, qs, prev.qubits), prev.matrix));
      if (cost(merged) <= cost(prev) + cost(best)) {
        out.set(j, merged);
        return;
      }
    }
    append(best);
  }

  private void flush(int q) {
    Fused p = pending[q];
    if (p == null) {
      return;
    }
    pending[q] = null;
    int j = last[q];
    if (weigh && j >= 0 && out.get(j).qubits.length == 2) {
      Fused prev = out.get(j);
      Fused folded =
          new Fused(
              prev.qubits,
              Matrices.multiply(Matrices.expand(p.matrix, p.qubits, prev.qubits), prev.matrix));
      if (cost(folded) <= cost(prev) + cost(p)) {
        out.set(j, folded);
        return;
      }
    }
    append(p);
  }

  private void append(Fused f) {
    out.add(f);
    for (int q : f.qubits) {
      last[q] = out.size() - 1;
    }
  }
}
