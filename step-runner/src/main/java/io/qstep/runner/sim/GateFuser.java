package io.qstep.runner.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gate fusion on a bound circuit, before kernels are chosen. Rules, in order of application:
 *
 * <ol>
 *   <li>a run of 1-qubit gates on one qubit becomes one 2x2 (kept pending on that qubit);
 *   <li>a 2-qubit gate absorbs the pending 2x2s of both its qubits into its 4x4;
 *   <li>a 2-qubit gate on the same pair as the last op on both its qubits is multiplied into it;
 *   <li>a pending 2x2 with no later 2-qubit gate on its qubit is folded into the last 2-qubit op on
 *       that qubit (nothing after that op touches the qubit, so it may move there), or emitted.
 * </ol>
 *
 * Gates on three or more qubits are not fused: the pending 2x2s of their qubits are flushed first.
 * Products of diagonal matrices stay exactly diagonal, so the classifier still picks the diagonal
 * kernel for them.
 */
final class GateFuser {
  /** A (possibly fused) unitary on {@code qubits}, first listed = most significant bit. */
  static final class Fused {
    final int[] qubits;
    double[] matrix;

    Fused(int[] qubits, double[] matrix) {
      this.qubits = qubits.clone();
      this.matrix = matrix;
    }
  }

  private final double[][] pending;
  private final int[] last;
  private final List<Fused> out = new ArrayList<>();

  private GateFuser(int numQubits) {
    pending = new double[numQubits][];
    last = new int[numQubits];
    Arrays.fill(last, -1);
  }

  /** Fuses {@code gates} (in application order) on a register of {@code numQubits}. */
  static List<Fused> fuse(List<Fused> gates, int numQubits) {
    GateFuser f = new GateFuser(numQubits);
    for (Fused g : gates) {
      f.add(g);
    }
    for (int q = 0; q < numQubits; q++) {
      f.flush(q);
    }
    return f.out;
  }

  private void add(Fused g) {
    int[] qs = g.qubits;
    if (qs.length == 1) {
      int q = qs[0];
      pending[q] = pending[q] == null ? g.matrix : Matrices.multiply(g.matrix, pending[q]);
      return;
    }
    if (qs.length == 2) {
      int a = qs[0];
      int b = qs[1];
      double[] m = g.matrix;
      for (int q : qs) {
        if (pending[q] != null) {
          m = Matrices.multiply(m, Matrices.expand(pending[q], new int[] {q}, qs));
          pending[q] = null;
        }
      }
      int j = last[a];
      if (j >= 0 && last[b] == j && out.get(j).qubits.length == 2) {
        Fused prev = out.get(j);
        prev.matrix = Matrices.multiply(Matrices.expand(m, qs, prev.qubits), prev.matrix);
        return;
      }
      append(new Fused(qs, m));
      return;
    }
    for (int q : qs) {
      flush(q);
    }
    append(new Fused(qs, g.matrix));
  }

  private void flush(int q) {
    double[] p = pending[q];
    if (p == null) {
      return;
    }
    pending[q] = null;
    int j = last[q];
    if (j >= 0 && out.get(j).qubits.length == 2) {
      Fused prev = out.get(j);
      prev.matrix = Matrices.multiply(Matrices.expand(p, new int[] {q}, prev.qubits), prev.matrix);
      return;
    }
    append(new Fused(new int[] {q}, p));
  }

  private void append(Fused f) {
    out.add(f);
    for (int q : f.qubits) {
      last[q] = out.size() - 1;
    }
  }
}
