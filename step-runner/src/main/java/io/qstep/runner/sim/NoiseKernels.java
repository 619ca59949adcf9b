package io.qstep.runner.sim;

/**
 * Non-unitary kernels for the noisy simulators of {@code io.qstep.runner.noise}: quantum channels
 * on a density matrix stored as a {@link StateVector} of {@code 2n} qubits (element ρ[i][j] at
 * index {@code i | j << n}: unitary gates act on qubits {@code q} (rows) and, conjugated, on {@code
 * q + n} (columns), so the state-vector engine applies them), and quantum-jump steps on a pure
 * state for Monte-Carlo trajectories.
 *
 * <p>Stateless; each call mutates the given state in place and is not thread-safe for that state.
 * Density-matrix kernels split the work over the engine's pool from {@link
 * StateVectorSimulator#PARALLEL_MIN_QUBITS} (doubled) qubits.
 */
public final class NoiseKernels {
  private NoiseKernels() {}

  // ---- density matrix (vectorised, 2n qubits) ----

  /**
   * Depolarising channel on {@code qubits} (1 or 2 of the {@code n} system qubits): ρ → (1 − p) ρ +
   * p · Tr_Q(ρ) ⊗ I/d with d = 2^k.
   */
  public static void depolarize(StateVector rho, int n, int[] qubits, double p, int threads) {
    int k = qubits.length;
    int d = 1 << k;
    int[] pos = new int[2 * k];
    for (int i = 0; i < k; i++) {
      pos[i] = qubits[i];
      pos[k + i] = qubits[i] + n;
    }
    int[] sorted = pos.clone();
    java.util.Arrays.sort(sorted);
    // offset[a * d + b]: bits of row-sub-index a on the Q rows and b on the Q columns
    int[] offset = new int[d * d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        int off = 0;
        for (int i = 0; i < k; i++) {
          // sub-index bit (k-1-i) belongs to qubits[i] (first listed = most significant)
          off |= ((a >> (k - 1 - i)) & 1) << pos[i];
          off |= ((b >> (k - 1 - i)) & 1) << pos[k + i];
        }
        offset[a * d + b] = off;
      }
    }
    double[] re = rho.re();
    double[] im = rho.im();
    double keep = 1 - p;
    double mix = p / d;
    int groups = 1 << (2 * n - 2 * k);
    Parallel.RangeAction body =
        (from, to) -> {
          for (int g = from; g < to; g++) {
            int base = insertZeros(g, sorted);
            double sRe = 0;
            double sIm = 0;
            for (int x = 0; x < d; x++) {
              sRe += re[base | offset[x * d + x]];
              sIm += im[base | offset[x * d + x]];
            }
            for (int e = 0; e < d * d; e++) {
              int idx = base | offset[e];
              re[idx] *= keep;
              im[idx] *= keep;
            }
            for (int x = 0; x < d; x++) {
              re[base | offset[x * d + x]] += mix * sRe;
              im[base | offset[x * d + x]] += mix * sIm;
            }
          }
        };
    run(threads, 2 * n, groups, body);
  }

  /**
   * A superoperator on {@code qubits} (1 or 2 of the {@code n} system qubits): ρ' = S ρ with S a
   * (4^k × 4^k) complex matrix over the sub-index {@code a · 2^k + b} of ρ[a][b] restricted to the
   * qubits (first listed qubit = most significant bit of a and b), row-major in {@code sRe}, {@code
   * sIm}. One pass over ρ applies a gate together with its noise.
   */
  public static void superop(
      StateVector rho, int n, int[] qubits, double[] sRe, double[] sIm, int threads) {
    int k = qubits.length;
    int d = 1 << k;
    int dd = d * d;
    if (sRe.length != dd * dd || sIm.length != dd * dd) {
      throw new IllegalArgumentException("superoperator must be " + dd + " x " + dd);
    }
    int[] pos = new int[2 * k];
    for (int i = 0; i < k; i++) {
      pos[i] = qubits[i];
      pos[k + i] = qubits[i] + n;
    }
    int[] sorted = pos.clone();
    java.util.Arrays.sort(sorted);
    int[] offset = new int[dd];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        int off = 0;
        for (int i = 0; i < k; i++) {
          off |= ((a >> (k - 1 - i)) & 1) << pos[i];
          off |= ((b >> (k - 1 - i)) & 1) << pos[k + i];
        }
        offset[a * d + b] = off;
      }
    }
    // compressed rows: superoperators of noisy gates are mostly zeros (a CX's is a permutation
    // until noise mixes a few entries in), so skip the zeros
    int[] rowStart = new int[dd + 1];
    int nnz = 0;
    for (int i = 0; i < sRe.length; i++) {
      if (sRe[i] != 0 || sIm[i] != 0) {
        nnz++;
      }
    }
    int[] col = new int[nnz];
    double[] vr = new double[nnz];
    double[] vi = new double[nnz];
    int t = 0;
    for (int r = 0; r < dd; r++) {
      rowStart[r] = t;
      for (int e = 0; e < dd; e++) {
        double a = sRe[r * dd + e];
        double b = sIm[r * dd + e];
        if (a != 0 || b != 0) {
          col[t] = e;
          vr[t] = a;
          vi[t] = b;
          t++;
        }
      }
    }
    rowStart[dd] = t;
    double[] re = rho.re();
    double[] im = rho.im();
    int groups = 1 << (2 * n - 2 * k);
    Parallel.RangeAction body =
        (from, to) -> {
          double[] xr = new double[dd];
          double[] xi = new double[dd];
          for (int g = from; g < to; g++) {
            int base = insertZeros(g, sorted);
            for (int e = 0; e < dd; e++) {
              xr[e] = re[base | offset[e]];
              xi[e] = im[base | offset[e]];
            }
            for (int r = 0; r < dd; r++) {
              double yr = 0;
              double yi = 0;
              for (int x = rowStart[r]; x < rowStart[r + 1]; x++) {
                int e = col[x];
                yr += vr[x] * xr[e] - vi[x] * xi[e];
                yi += vr[x] * xi[e] + vi[x] * xr[e];
              }
              re[base | offset[r]] = yr;
              im[base | offset[r]] = yi;
            }
          }
        };
    run(threads, 2 * n, groups, body);
  }

  /**
   * Thermal relaxation of qubit {@code q}: amplitude damping with probability {@code gamma}
   * followed by pure dephasing that multiplies coherences by {@code lambda}. ρ00 += γ ρ11, ρ11 *= 1
   * − γ, coherences *= λ √(1 − γ).
   */
  public static void relax(
      StateVector rho, int n, int q, double gamma, double lambda, int threads) {
    double[] re = rho.re();
    double[] im = rho.im();
    int rowBit = 1 << q;
    int colBit = 1 << (q + n);
    int[] sorted = {q, q + n};
    double coh = lambda * Math.sqrt(1 - gamma);
    double stay = 1 - gamma;
    int groups = 1 << (2 * n - 2);
    Parallel.RangeAction body =
        (from, to) -> {
          for (int g = from; g < to; g++) {
            int i00 = insertZeros(g, sorted);
            int i11 = i00 | rowBit | colBit;
            int i01 = i00 | colBit;
            int i10 = i00 | rowBit;
            re[i00] += gamma * re[i11];
            im[i00] += gamma * im[i11];
            re[i11] *= stay;
            im[i11] *= stay;
            re[i01] *= coh;
            im[i01] *= coh;
            re[i10] *= coh;
            im[i10] *= coh;
          }
        };
    run(threads, 2 * n, groups, body);
  }

  private static void run(int threads, int stateQubits, int work, Parallel.RangeAction body) {
    if (threads <= 1 || stateQubits < StateVectorSimulator.PARALLEL_MIN_QUBITS) {
      body.run(0, work);
    } else {
      Parallel.forRange(threads, work, Parallel.GRAIN, body);
    }
  }

  /** Spreads the bits of {@code g} around zero bits at the ascending {@code positions}. */
  static int insertZeros(int g, int[] positions) {
    int v = g;
    for (int p : positions) {
      int low = v & ((1 << p) - 1);
      v = ((v >>> p) << (p + 1)) | low;
    }
    return v;
  }

  // ---- pure state (trajectories) ----

  /** Applies Pauli {@code p} ('X', 'Y' or 'Z'; 'I' does nothing) to qubit {@code q}. */
  public static void pauli(StateVector psi, int q, char p) {
    double[] re = psi.re();
    double[] im = psi.im();
    int bit = 1 << q;
    int dim = re.length;
    switch (p) {
      case 'I' -> {}
      case 'X' -> {
        for (int i = 0; i < dim; i++) {
          if ((i & bit) == 0) {
            int j = i | bit;
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
          }
        }
      }
      case 'Y' -> {
        // Y|0> = i|1>, Y|1> = -i|0>
        for (int i = 0; i < dim; i++) {
          if ((i & bit) == 0) {
            int j = i | bit;
            double r0 = re[i];
            double i0 = im[i];
            re[i] = im[j];
            im[i] = -re[j];
            re[j] = -i0;
            im[j] = r0;
          }
        }
      }
      case 'Z' -> {
        for (int i = 0; i < dim; i++) {
          if ((i & bit) != 0) {
            re[i] = -re[i];
            im[i] = -im[i];
          }
        }
      }
      default -> throw new IllegalArgumentException("not a Pauli: " + p);
    }
  }

  /** Probability that qubit {@code q} reads 1. */
  public static double probabilityOne(StateVector psi, int q) {
    double[] re = psi.re();
    double[] im = psi.im();
    int bit = 1 << q;
    double s = 0;
    for (int i = 0; i < re.length; i++) {
      if ((i & bit) != 0) {
        s += re[i] * re[i] + im[i] * im[i];
      }
    }
    return s;
  }

  /**
   * The amplitude-damping jump |1⟩ → |0⟩ on qubit {@code q}, renormalised: K1 ψ / ‖K1 ψ‖ with K1 =
   * √γ |0⟩⟨1|. {@code p1} is the probability that {@code q} reads 1 (&gt; 0).
   */
  public static void decay(StateVector psi, int q, double p1) {
    double[] re = psi.re();
    double[] im = psi.im();
    int bit = 1 << q;
    double s = 1 / Math.sqrt(p1);
    for (int i = 0; i < re.length; i++) {
      if ((i & bit) == 0) {
        int j = i | bit;
        re[i] = re[j] * s;
        im[i] = im[j] * s;
        re[j] = 0;
        im[j] = 0;
      }
    }
  }

  /**
   * The amplitude-damping no-jump step on qubit {@code q}, renormalised: K0 ψ / ‖K0 ψ‖ with K0 =
   * |0⟩⟨0| + √(1 − γ) |1⟩⟨1|. {@code p1} is the probability that {@code q} reads 1.
   */
  public static void damp(StateVector psi, int q, double gamma, double p1) {
    double[] re = psi.re();
    double[] im = psi.im();
    int bit = 1 << q;
    double norm = 1 / Math.sqrt(1 - gamma * p1);
    double one = Math.sqrt(1 - gamma) * norm;
    for (int i = 0; i < re.length; i++) {
      double f = (i & bit) == 0 ? norm : one;
      re[i] *= f;
      im[i] *= f;
    }
  }
}
