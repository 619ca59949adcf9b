package io.qstep.runner.noise;

import java.util.ArrayList;
import java.util.List;

/**
 * Superoperators of gates and channels on k ≤ 2 qubits, for {@link
 * io.qstep.runner.sim.NoiseKernels#superop}: S[(a·d + b), (c·d + e)] = Σ_K K[a][c] · conj(K[b][e])
 * for Kraus operators K (d = 2^k, first listed qubit = most significant bit). A pair {re, im} of
 * row-major (d² × d²) arrays. Package-private helper of the density-matrix simulator.
 */
final class Superoperators {
  private Superoperators() {}

  /** The superoperator of a channel with the given Kraus operators (interleaved d × d). */
  static double[][] ofKraus(List<double[]> kraus, int d) {
    int dd = d * d;
    double[] re = new double[dd * dd];
    double[] im = new double[dd * dd];
    for (double[] kr : kraus) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          for (int c = 0; c < d; c++) {
            for (int e = 0; e < d; e++) {
              double xr = kr[2 * (a * d + c)];
              double xi = kr[2 * (a * d + c) + 1];
              double yr = kr[2 * (b * d + e)];
              double yi = -kr[2 * (b * d + e) + 1];
              int idx = (a * d + b) * dd + (c * d + e);
              re[idx] += xr * yr - xi * yi;
              im[idx] += xr * yi + xi * yr;
            }
          }
        }
      }
    }
    return new double[][] {re, im};
  }

  /** {@code s · t} (apply t first). */
  static double[][] multiply(double[][] s, double[][] t) {
    int dd = (int) Math.round(Math.sqrt(s[0].length));
    double[] re = new double[dd * dd];
    double[] im = new double[dd * dd];
    for (int i = 0; i < dd; i++) {
      for (int k = 0; k < dd; k++) {
        double ar = s[0][i * dd + k];
        double ai = s[1][i * dd + k];
        if (ar == 0 && ai == 0) {
          continue;
        }
        for (int j = 0; j < dd; j++) {
          double br = t[0][k * dd + j];
          double bi = t[1][k * dd + j];
          re[i * dd + j] += ar * br - ai * bi;
          im[i * dd + j] += ar * bi + ai * br;
        }
      }
    }
    return new double[][] {re, im};
  }

  /**
   * The gate (its unitary on {@code qubits}) followed by {@code channels}, all acting within {@code
   * qubits} (1 or 2 of them).
   */
  static double[][] of(double[] unitary, int[] qubits, List<Channel> channels) {
    int k = qubits.length;
    int d = 1 << k;
    double[][] s = ofKraus(List.of(unitary), d);
    for (Channel ch : channels) {
      s = multiply(ofKraus(kraus(ch, qubits), d), s);
    }
    return s;
  }

  /** Kraus operators of {@code ch} embedded in the d-dimensional space of {@code qubits}. */
  static List<double[]> kraus(Channel ch, int[] qubits) {
    int k = qubits.length;
    List<double[]> out = new ArrayList<>();
    switch (ch.kind()) {
      case THERMAL_RELAXATION -> {
        Channel.ThermalRelaxation t = (Channel.ThermalRelaxation) ch;
        int i = indexOf(qubits, t.qubit());
        double g = t.gamma();
        double l = t.lambda();
        double a = Math.sqrt((1 + l) / 2);
        double b = Math.sqrt((1 - l) / 2);
        double s = Math.sqrt(1 - g);
        double sg = Math.sqrt(g);
        // {P_i A_j}: A0 = diag(1, √(1−γ)), A1 = √γ |0⟩⟨1|; P0 = a I, P1 = b Z
        double[][] ops = {
          {a, 0, 0, 0, 0, 0, a * s, 0},
          {b, 0, 0, 0, 0, 0, -b * s, 0},
          {0, 0, a * sg, 0, 0, 0, 0, 0},
          {0, 0, b * sg, 0, 0, 0, 0, 0},
        };
        for (double[] op : ops) {
          out.add(embed(op, i, k));
        }
      }
      case DEPOLARIZING -> {
        Channel.Depolarizing dep = (Channel.Depolarizing) ch;
        int[] on = dep.qubits();
        int m = on.length;
        int terms = 1 << (2 * m);
        double p = dep.p();
        for (int w = 0; w < terms; w++) {
          double weight = (w == 0 ? 1 - p : 0) + p / terms;
          double amp = Math.sqrt(weight);
          double[] op = identity(1 << k);
          for (int j = 0; j < m; j++) {
            double[] pauli = PAULIS[(w >> (2 * j)) & 3];
            op = times(embed(pauli, indexOf(qubits, on[j]), k), op, 1 << k);
          }
          for (int x = 0; x < op.length; x++) {
            op[x] *= amp;
          }
          out.add(op);
        }
      }
    }
    return out;
  }

  private static final double[][] PAULIS = {
    {1, 0, 0, 0, 0, 0, 1, 0},
    {0, 0, 1, 0, 1, 0, 0, 0},
    {0, 0, 0, -1, 0, 1, 0, 0},
    {1, 0, 0, 0, 0, 0, -1, 0},
  };

  private static int indexOf(int[] qubits, int q) {
    for (int i = 0; i < qubits.length; i++) {
      if (qubits[i] == q) {
        return i;
      }
    }
    throw new IllegalArgumentException("qubit " + q + " is not among the gate's qubits");
  }

  /** A 2×2 operator on position i (of k; position 0 = most significant bit) as d × d. */
  static double[] embed(double[] op, int i, int k) {
    int d = 1 << k;
    int shift = k - 1 - i;
    double[] m = new double[2 * d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        if ((r & ~(1 << shift)) != (c & ~(1 << shift))) {
          continue;
        }
        int br = (r >> shift) & 1;
        int bc = (c >> shift) & 1;
        m[2 * (r * d + c)] = op[2 * (br * 2 + bc)];
        m[2 * (r * d + c) + 1] = op[2 * (br * 2 + bc) + 1];
      }
    }
    return m;
  }

  private static double[] identity(int d) {
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      m[2 * (i * d + i)] = 1;
    }
    return m;
  }

  private static double[] times(double[] a, double[] b, int d) {
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double re = 0;
        double im = 0;
        for (int x = 0; x < d; x++) {
          double ar = a[2 * (i * d + x)];
          double ai = a[2 * (i * d + x) + 1];
          double br = b[2 * (x * d + j)];
          double bi = b[2 * (x * d + j) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        m[2 * (i * d + j)] = re;
        m[2 * (i * d + j) + 1] = im;
      }
    }
    return m;
  }
}
