package io.qstep.runner.backend;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.SplittableRandom;

/**
 * A deliberately naive reference simulator for backend tests: every gate becomes a dense 2^n × 2^n
 * operator built from {@link Gate#matrix()} by Kronecker products, then a basis permutation, and
 * Pauli observables become dense Kronecker products too. It shares no code with any backend.
 *
 * <p>Conventions, as documented on {@link io.qstep.circuit.GateKind}: the state stores qubit q at
 * bit q of the index (qubit 0 least significant); a gate's first listed qubit is the most
 * significant bit of its matrix index; a Pauli string has qubit 0 leftmost. Matrices and vectors
 * are interleaved (re, im) doubles, matrices row-major.
 *
 * <p>Meant for n ≤ 8 (a 256 × 256 operator per gate).
 */
public final class DenseOracle {
  private DenseOracle() {}

  /** The final state of {@code circuit} from |0…0⟩. */
  public static double[] state(Circuit circuit) {
    int n = circuit.numQubits();
    double[] psi = new double[2 << n];
    psi[0] = 1;
    for (Gate g : circuit.gates()) {
      psi = apply(embed(g.matrix(), g.qubits(), n), psi);
    }
    return psi;
  }

  /**
   * The full operator of a k-qubit gate {@code u} on {@code qubits} of an n-qubit register.
   *
   * <p>In a "gate-first" basis whose index is (gate index: qubits[0] … qubits[k−1], high to low)
   * followed by the other qubits in descending order, the operator is u ⊗ I. The map from that
   * basis to the state's own index is a permutation, applied to rows and columns alike.
   */
  public static double[] embed(double[] u, int[] qubits, int n) {
    int k = qubits.length;
    int dim = 1 << n;
    double[] local = kron(u, identity(1 << (n - k)));
    int[] rest = new int[n - k];
    int r = 0;
    for (int q = n - 1; q >= 0; q--) {
      if (!contains(qubits, q)) {
        rest[r++] = q;
      }
    }
    // toLocal[i]: the gate-first index of state index i.
    int[] toLocal = new int[dim];
    for (int i = 0; i < dim; i++) {
      int l = 0;
      for (int q : qubits) {
        l = (l << 1) | ((i >> q) & 1);
      }
      for (int q : rest) {
        l = (l << 1) | ((i >> q) & 1);
      }
      toLocal[i] = l;
    }
    double[] full = new double[2 * dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        int src = 2 * (toLocal[i] * dim + toLocal[j]);
        full[2 * (i * dim + j)] = local[src];
        full[2 * (i * dim + j) + 1] = local[src + 1];
      }
    }
    return full;
  }

  /** The Kronecker product a ⊗ b (a's index is the high part). */
  public static double[] kron(double[] a, double[] b) {
    int da = dim(a);
    int db = dim(b);
    int d = da * db;
    double[] m = new double[2 * d * d];
    for (int i1 = 0; i1 < da; i1++) {
      for (int j1 = 0; j1 < da; j1++) {
        double ar = a[2 * (i1 * da + j1)];
        double ai = a[2 * (i1 * da + j1) + 1];
        for (int i2 = 0; i2 < db; i2++) {
          for (int j2 = 0; j2 < db; j2++) {
            double br = b[2 * (i2 * db + j2)];
            double bi = b[2 * (i2 * db + j2) + 1];
            int at = 2 * ((i1 * db + i2) * d + (j1 * db + j2));
            m[at] = ar * br - ai * bi;
            m[at + 1] = ar * bi + ai * br;
          }
        }
      }
    }
    return m;
  }

  /** The identity of dimension {@code dim}. */
  public static double[] identity(int dim) {
    double[] m = new double[2 * dim * dim];
    for (int i = 0; i < dim; i++) {
      m[2 * (i * dim + i)] = 1;
    }
    return m;
  }

  /** m · v. */
  public static double[] apply(double[] m, double[] v) {
    int d = v.length / 2;
    double[] out = new double[2 * d];
    for (int i = 0; i < d; i++) {
      double re = 0;
      double im = 0;
      for (int j = 0; j < d; j++) {
        double mr = m[2 * (i * d + j)];
        double mi = m[2 * (i * d + j) + 1];
        re += mr * v[2 * j] - mi * v[2 * j + 1];
        im += mr * v[2 * j + 1] + mi * v[2 * j];
      }
      out[2 * i] = re;
      out[2 * i + 1] = im;
    }
    return out;
  }

  /** The dense operator of a Pauli string (qubit 0 leftmost): σ_{n−1} ⊗ … ⊗ σ_0. */
  public static double[] pauli(String p) {
    double[] m = identity(1);
    for (int q = p.length() - 1; q >= 0; q--) {
      m = kron(m, pauli1(p.charAt(q)));
    }
    return m;
  }

  private static double[] pauli1(char c) {
    return switch (c) {
      case 'I' -> new double[] {1, 0, 0, 0, 0, 0, 1, 0};
      case 'X' -> new double[] {0, 0, 1, 0, 1, 0, 0, 0};
      case 'Y' -> new double[] {0, 0, 0, -1, 0, 1, 0, 0};
      case 'Z' -> new double[] {1, 0, 0, 0, 0, 0, -1, 0};
      default -> throw new IllegalArgumentException("not a Pauli: " + c);
    };
  }

  /** ⟨ψ|P|ψ⟩ for a Pauli string P. */
  public static double expectation(double[] psi, String pauli) {
    double[] pPsi = apply(pauli(pauli), psi);
    double re = 0;
    for (int i = 0; i < psi.length / 2; i++) {
      re += psi[2 * i] * pPsi[2 * i] + psi[2 * i + 1] * pPsi[2 * i + 1];
    }
    return re;
  }

  /** Every Pauli string on n qubits (4^n of them), in base-4 order over IXYZ. */
  public static String[] allPaulis(int n) {
    String[] out = new String[1 << (2 * n)];
    for (int code = 0; code < out.length; code++) {
      StringBuilder sb = new StringBuilder(n);
      for (int q = 0; q < n; q++) {
        sb.append("IXYZ".charAt((code >> (2 * q)) & 3));
      }
      out[code] = sb.toString();
    }
    return out;
  }

  /** |ψ_i|² for every basis index. */
  public static double[] probabilities(double[] psi) {
    double[] p = new double[psi.length / 2];
    for (int i = 0; i < p.length; i++) {
      p[i] = psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
    }
    return p;
  }

  /** A Haar-ish random unitary of dimension {@code dim}: Gram–Schmidt on complex Gaussian rows. */
  public static double[] randomUnitary(int dim, SplittableRandom rng) {
    double[] m = new double[2 * dim * dim];
    for (int i = 0; i < m.length; i++) {
      m[i] = rng.nextGaussian();
    }
    for (int r = 0; r < dim; r++) {
      for (int s = 0; s < r; s++) {
        // <row s, row r> = Σ conj(m_s) m_r; subtract its projection.
        double pr = 0;
        double pi = 0;
        for (int c = 0; c < dim; c++) {
          double sr = m[2 * (s * dim + c)];
          double si = m[2 * (s * dim + c) + 1];
          double rr = m[2 * (r * dim + c)];
          double ri = m[2 * (r * dim + c) + 1];
          pr += sr * rr + si * ri;
          pi += sr * ri - si * rr;
        }
        for (int c = 0; c < dim; c++) {
          double sr = m[2 * (s * dim + c)];
          double si = m[2 * (s * dim + c) + 1];
          m[2 * (r * dim + c)] -= pr * sr - pi * si;
          m[2 * (r * dim + c) + 1] -= pr * si + pi * sr;
        }
      }
      double norm = 0;
      for (int c = 0; c < 2 * dim; c++) {
        norm += m[2 * r * dim + c] * m[2 * r * dim + c];
      }
      norm = Math.sqrt(norm);
      for (int c = 0; c < 2 * dim; c++) {
        m[2 * r * dim + c] /= norm;
      }
    }
    return m;
  }

  private static int dim(double[] m) {
    return (int) Math.round(Math.sqrt(m.length / 2.0));
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }
}
