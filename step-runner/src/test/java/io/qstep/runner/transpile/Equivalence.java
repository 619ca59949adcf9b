package io.qstep.runner.transpile;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Test oracles: dense unitaries for small gate lists, and a state-vector equivalence check. */
final class Equivalence {
  private static final StateVectorSimulator SIM =
      new StateVectorSimulator(SimOptions.defaults().withThreads(1));

  private Equivalence() {}

  /** The unitary of bound {@code gates} on n qubits; qubit q is bit q of the index. */
  static double[] unitary(int n, List<Gate> gates) {
    int dim = 1 << n;
    double[] u = new double[2 * dim * dim];
    for (int c = 0; c < dim; c++) {
      double[] v = new double[2 * dim];
      v[2 * c] = 1;
      for (Gate g : gates) {
        apply(v, g, n);
      }
      for (int r = 0; r < dim; r++) {
        u[2 * (r * dim + c)] = v[2 * r];
        u[2 * (r * dim + c) + 1] = v[2 * r + 1];
      }
    }
    return u;
  }

  static void apply(double[] v, Gate g, int n) {
    double[] m = g.matrix();
    int k = g.arity();
    int gd = 1 << k;
    int dim = v.length / 2;
    double[] inRe = new double[gd];
    double[] inIm = new double[gd];
    int mask = 0;
    for (int t = 0; t < k; t++) {
      mask |= 1 << g.qubit(t);
    }
    for (int base = 0; base < dim; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      int[] idx = new int[gd];
      for (int s = 0; s < gd; s++) {
        int i = base;
        for (int t = 0; t < k; t++) {
          if (((s >> (k - 1 - t)) & 1) == 1) {
            i |= 1 << g.qubit(t);
          }
        }
        idx[s] = i;
        inRe[s] = v[2 * i];
        inIm[s] = v[2 * i + 1];
      }
      for (int r = 0; r < gd; r++) {
        double re = 0;
        double im = 0;
        for (int s = 0; s < gd; s++) {
          double a = m[2 * (r * gd + s)];
          double b = m[2 * (r * gd + s) + 1];
          re += a * inRe[s] - b * inIm[s];
          im += a * inIm[s] + b * inRe[s];
        }
        v[2 * idx[r]] = re;
        v[2 * idx[r] + 1] = im;
      }
    }
  }

  /** |⟨a|b⟩| / (|a||b|) for two matrices or vectors: 1 iff equal up to global phase. */
  static double phaseFidelity(double[] a, double[] b) {
    double re = 0;
    double im = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i += 2) {
      re += a[i] * b[i] + a[i + 1] * b[i + 1];
      im += a[i] * b[i + 1] - a[i + 1] * b[i];
      na += a[i] * a[i] + a[i + 1] * a[i + 1];
      nb += b[i] * b[i] + b[i + 1] * b[i + 1];
    }
    return Math.hypot(re, im) / Math.sqrt(na * nb);
  }

  /**
   * Checks {@code tc} against {@code original} (both bound) from a seeded random entangled input:
   * returns |⟨embedded expected | actual⟩|, 1 when they agree up to the layout and a phase.
   */
  static double layoutFidelity(Circuit original, TranspiledCircuit tc, long seed) {
    int n = original.numQubits();
    int[] init = tc.initialLayout();
    int[] fin = tc.finalLayout();
    TreeSet<Integer> active = new TreeSet<>();
    for (int v = 0; v < n; v++) {
      active.add(init[v]);
      active.add(fin[v]);
    }
    for (Gate g : tc.circuit().gates()) {
      for (int q : g.qubits()) {
        active.add(q);
      }
    }
    int k = active.size();
    if (k > 22) {
      throw new IllegalStateException("too many active qubits to simulate: " + k);
    }
    int[] compact = new int[tc.target().numQubits()];
    int idx = 0;
    for (int p : active) {
      compact[p] = idx++;
    }
    Circuit prep = randomPrep(n, seed);
    Circuit.Builder lb = Circuit.builder(n).append(prep).append(original);
    double[] expected;
    try (StateVector s = SIM.run(lb.build())) {
      expected = s.amplitudes();
    }
    Circuit.Builder pb = Circuit.builder(k);
    for (Gate g : prep.gates()) {
      pb.gate(remap(g, q -> compact[init[q]]));
    }
    for (Gate g : tc.circuit().gates()) {
      pb.gate(remap(g, q -> compact[q]));
    }
    double[] actual;
    try (StateVector s = SIM.run(pb.build())) {
      actual = s.amplitudes();
    }
    int[] cf = new int[n];
    int logicalMask = 0;
    for (int v = 0; v < n; v++) {
      cf[v] = compact[fin[v]];
      logicalMask |= 1 << cf[v];
    }
    double re = 0;
    double im = 0;
    double leak = 0;
    for (int p = 0; p < (1 << k); p++) {
      double ar = actual[2 * p];
      double ai = actual[2 * p + 1];
      if ((p & ~logicalMask) != 0) {
        leak += ar * ar + ai * ai;
        continue;
      }
      int x = 0;
      for (int v = 0; v < n; v++) {
        if (((p >> cf[v]) & 1) == 1) {
          x |= 1 << v;
        }
      }
      re += expected[2 * x] * ar + expected[2 * x + 1] * ai;
      im += expected[2 * x] * ai - expected[2 * x + 1] * ar;
    }
    return leak > 1e-9 ? 0 : Math.hypot(re, im);
  }

  interface QubitMap {
    int map(int q);
  }

  static Gate remap(Gate g, QubitMap f) {
    int[] q = g.qubits();
    for (int i = 0; i < q.length; i++) {
      q[i] = f.map(q[i]);
    }
    return g.kind() == GateKind.UNITARY
        ? Gate.unitary(g.label(), g.matrix(), q)
        : Gate.of(g.kind(), q, g.params());
  }

  /** Random U on every qubit, a CX chain, random U again: an entangled seeded input. */
  static Circuit randomPrep(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.u(
          q,
          r.nextDouble(Math.PI),
          r.nextDouble(-Math.PI, Math.PI),
          r.nextDouble(-Math.PI, Math.PI));
    }
    for (int q = 0; q + 1 < n; q++) {
      b.cx(q, q + 1);
    }
    for (int q = 0; q < n; q++) {
      b.u(
          q,
          r.nextDouble(Math.PI),
          r.nextDouble(-Math.PI, Math.PI),
          r.nextDouble(-Math.PI, Math.PI));
    }
    return b.build();
  }

  /** A seeded random circuit over every standard gate kind (and small custom unitaries). */
  static Circuit randomCircuit(int n, int gates, long seed, boolean withUnitaries) {
    SplittableRandom r = new SplittableRandom(seed);
    GateKind[] kinds = GateKind.values();
    Circuit.Builder b = Circuit.builder(n);
    int added = 0;
    while (added < gates) {
      GateKind k = kinds[r.nextInt(kinds.length)];
      if (k == GateKind.UNITARY) {
        if (!withUnitaries) {
          continue;
        }
        int arity = 1 + r.nextInt(Math.min(2, n));
        b.gate(Gate.unitary("u" + added, randomUnitary(1 << arity, r), distinct(n, arity, r)));
      } else {
        if (k.numQubits() > n) {
          continue;
        }
        double[] angles = new double[k.numParams()];
        for (int i = 0; i < angles.length; i++) {
          angles[i] = r.nextDouble(-2 * Math.PI, 2 * Math.PI);
        }
        b.gate(Gate.of(k, distinct(n, k.numQubits(), r), angles));
      }
      added++;
    }
    return b.build();
  }

  static int[] distinct(int n, int k, SplittableRandom r) {
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      boolean again;
      do {
        out[i] = r.nextInt(n);
        again = false;
        for (int j = 0; j < i; j++) {
          again |= out[j] == out[i];
        }
      } while (again);
    }
    return out;
  }

  /** A random unitary by Gram-Schmidt on a complex Gaussian matrix. */
  static double[] randomUnitary(int dim, SplittableRandom r) {
    double[] m = new double[2 * dim * dim];
    for (int i = 0; i < m.length; i++) {
      m[i] = gaussian(r);
    }
    // orthonormalise columns
    for (int c = 0; c < dim; c++) {
      for (int p = 0; p < c; p++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < dim; i++) {
          double ar = m[2 * (i * dim + p)];
          double ai = m[2 * (i * dim + p) + 1];
          double br = m[2 * (i * dim + c)];
          double bi = m[2 * (i * dim + c) + 1];
          re += ar * br + ai * bi;
          im += ar * bi - ai * br;
        }
        for (int i = 0; i < dim; i++) {
          double ar = m[2 * (i * dim + p)];
          double ai = m[2 * (i * dim + p) + 1];
          m[2 * (i * dim + c)] -= re * ar - im * ai;
          m[2 * (i * dim + c) + 1] -= re * ai + im * ar;
        }
      }
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        norm += Math.pow(m[2 * (i * dim + c)], 2) + Math.pow(m[2 * (i * dim + c) + 1], 2);
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < dim; i++) {
        m[2 * (i * dim + c)] /= norm;
        m[2 * (i * dim + c) + 1] /= norm;
      }
    }
    return m;
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  static Map<String, Double> none() {
    return Map.of();
  }
}
