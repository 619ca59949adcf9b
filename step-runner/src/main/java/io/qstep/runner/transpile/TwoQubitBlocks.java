package io.qstep.runner.transpile;

import io.qstep.circuit.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * Two-qubit block resynthesis on routed physical gates (one-qubit gates and CX): maximal runs of
 * gates acting only on the same pair of qubits, one-qubit gates on either included (as Qiskit's
 * Collect2qBlocks and ConsolidateBlocks collect them), are multiplied out and replaced by their
 * {@link Kak} synthesis when that needs strictly fewer CX. Symbolic gates end a block on their
 * qubit and pass through untouched. Every replacement is checked against the block's unitary.
 * Stateless.
 */
final class TwoQubitBlocks {
  /** A replacement must equal the block entrywise to this, up to a phase, else it is not used. */
  static final double EPS_CHECK = 1e-9;

  private static final int MAX_ROUNDS = 4;

  private TwoQubitBlocks() {}

  /**
   * Resynthesis and {@link Native#optimize} alternately while the CX count drops. The input and the
   * output hold one-qubit gates and CX on coupled pairs only.
   */
  static List<Gate> optimize(List<Gate> gates, int numQubits, Target t) {
    List<Gate> cur = gates;
    int count = cxCount(cur);
    for (int round = 0; round < MAX_ROUNDS && count > 1; round++) {
      List<Gate> next = Native.optimize(resynthesize(cur, numQubits, t), numQubits, t);
      int c = cxCount(next);
      if (c >= count) {
        break;
      }
      cur = next;
      count = c;
    }
    return cur;
  }

  static int cxCount(List<Gate> gates) {
    int n = 0;
    for (Gate g : gates) {
      if (g.arity() == 2) {
        n++;
      }
    }
    return n;
  }

  /** One pass: every block with two or more CX replaced when its synthesis needs fewer. */
  static List<Gate> resynthesize(List<Gate> gates, int numQubits, Target t) {
    return new Collector(numQubits, t).run(gates);
  }

  private static final class Block {
    final int q0;
    final int q1;
    final List<Gate> gates = new ArrayList<>();
    int twoQubit;

    Block(int q0, int q1) {
      this.q0 = q0;
      this.q1 = q1;
    }
  }

  private static final class Collector {
    private final Target target;
    private final Block[] open;
    private final List<List<Gate>> pending;
    private final List<Gate> out;

    Collector(int numQubits, Target target) {
      this.target = target;
      this.open = new Block[numQubits];
      this.pending = new ArrayList<>(numQubits);
      for (int q = 0; q < numQubits; q++) {
        pending.add(new ArrayList<>());
      }
      this.out = new ArrayList<>();
    }

    List<Gate> run(List<Gate> gates) {
      for (Gate g : gates) {
        if (g.arity() == 1 && g.isBound()) {
          int q = g.qubit(0);
          if (open[q] != null) {
            open[q].gates.add(g);
          } else {
            pending.get(q).add(g);
          }
        } else if (g.arity() == 2 && g.isBound()) {
          int a = g.qubit(0);
          int b = g.qubit(1);
          Block blk = open[a];
          if (blk == null || blk != open[b]) {
            close(open[a]);
            close(open[b]);
            blk = new Block(a, b);
            blk.gates.addAll(pending.get(a));
            blk.gates.addAll(pending.get(b));
            pending.get(a).clear();
            pending.get(b).clear();
            open[a] = blk;
            open[b] = blk;
          }
          blk.gates.add(g);
          blk.twoQubit++;
        } else {
          for (int q : g.qubits()) {
            close(open[q]);
            out.addAll(pending.get(q));
            pending.get(q).clear();
          }
          out.add(g);
        }
      }
      for (int q = 0; q < open.length; q++) {
        close(open[q]);
        out.addAll(pending.get(q));
        pending.get(q).clear();
      }
      return out;
    }

    private void close(Block blk) {
      if (blk == null) {
        return;
      }
      open[blk.q0] = null;
      open[blk.q1] = null;
      if (blk.twoQubit >= 2) {
        double[] u = unitary(blk.gates, blk.q0, blk.q1);
        if (!mayShrink(u, blk.twoQubit)) {
          out.addAll(blk.gates);
          return;
        }
        Kak.Decomposition dec = Kak.decompose(u);
        // most blocks are already minimal: synthesise only when it saves a CX
        if (dec != null && dec.cxCount() < blk.twoQubit) {
          List<Gate> syn = Kak.synthesize(dec, blk.q0, blk.q1, target::allows);
          if (distance(u, unitary(syn, blk.q0, blk.q1)) < EPS_CHECK) {
            out.addAll(syn);
            return;
          }
        }
      }
      out.addAll(blk.gates);
    }
  }

  /** Loose tolerance of the invariant filter: the decomposition decides. */
  private static final double EPS_FILTER = 1e-6;

  /**
   * False when u surely needs {@code twoQubit} CX or more: 3 CX unless tr γ is real, 2 unless it is
   * also 0 or ±4.
   */
  static boolean mayShrink(double[] u, int twoQubit) {
    if (twoQubit >= 4) {
      return true;
    }
    double[] t = Kak.gammaTrace(u);
    if (Math.abs(t[1]) > EPS_FILTER) {
      return false;
    }
    double mod = Math.abs(t[0]);
    return twoQubit >= 3 || mod < EPS_FILTER || Math.abs(mod - 4) < EPS_FILTER;
  }

  /** The 4×4 unitary of bound gates on (q0, q1), q0 the high bit of the index. */
  static double[] unitary(List<Gate> gates, int q0, int q1) {
    double[] u = Kak.kron(OneQubit.identity(), OneQubit.identity());
    for (Gate g : gates) {
      if (g.arity() == 1) {
        applyOne(u, g.matrix(), g.qubit(0) == q0 ? 2 : 1);
      } else {
        u = Kak.mul(g.qubit(0) == q0 ? g.matrix() : swapped(g.matrix()), u, 4);
      }
    }
    return u;
  }

  /** u ← (m on the index bit {@code bit}) · u, in place. */
  private static void applyOne(double[] u, double[] m, int bit) {
    for (int col = 0; col < 4; col++) {
      for (int r0 = 0; r0 < 4; r0++) {
        if ((r0 & bit) != 0) {
          continue;
        }
        int r1 = r0 | bit;
        int i0 = 2 * (4 * r0 + col);
        int i1 = 2 * (4 * r1 + col);
        double ar = u[i0];
        double ai = u[i0 + 1];
        double br = u[i1];
        double bi = u[i1 + 1];
        u[i0] = m[0] * ar - m[1] * ai + m[2] * br - m[3] * bi;
        u[i0 + 1] = m[0] * ai + m[1] * ar + m[2] * bi + m[3] * br;
        u[i1] = m[4] * ar - m[5] * ai + m[6] * br - m[7] * bi;
        u[i1 + 1] = m[4] * ai + m[5] * ar + m[6] * bi + m[7] * br;
      }
    }
  }

  /** SWAP · m · SWAP: the same gate with its qubits listed the other way round. */
  private static double[] swapped(double[] m) {
    int[] p = {0, 2, 1, 3};
    double[] out = new double[32];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        out[2 * (4 * p[r] + p[c])] = m[2 * (4 * r + c)];
        out[2 * (4 * p[r] + p[c]) + 1] = m[2 * (4 * r + c) + 1];
      }
    }
    return out;
  }

  /** max |v − e^{iφ} u| entrywise (any equal sizes), with e^{iφ} the phase of tr(u† v). */
  static double distance(double[] u, double[] v) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < u.length; i += 2) {
      re += u[i] * v[i] + u[i + 1] * v[i + 1];
      im += u[i] * v[i + 1] - u[i + 1] * v[i];
    }
    double norm = Math.hypot(re, im);
    if (norm == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double pr = re / norm;
    double pi = im / norm;
    double max = 0;
    for (int i = 0; i < u.length; i += 2) {
      double dr = v[i] - (pr * u[i] - pi * u[i + 1]);
      double di = v[i + 1] - (pr * u[i + 1] + pi * u[i]);
      max = Math.max(max, Math.hypot(dr, di));
    }
    return max;
  }
}
