package io.qstep.runner.vqe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hermitian operator {@code H = Σ_k c_k P_k} on {@code n} qubits: real coefficients on Pauli
 * strings over IXYZ (character {@code j} acts on qubit {@code j}, qubit 0 leftmost; amplitude index
 * bit {@code q} is qubit {@code q}). Immutable and thread-safe.
 *
 * <p>{@code P|i> = i^{nY} (−1)^{|i & z|} |i ^ x>} with {@code x} the X/Y positions and {@code z}
 * the Y/Z positions. Terms are grouped by their {@code x} mask: the terms of one group move
 * amplitude {@code i} to the same {@code i ^ x}, so one pass over the vector serves the whole
 * group, and the diagonal group (I/Z strings) is one precomputed vector. Equal strings are merged.
 */
public final class PauliSum {
  /** Most qubits this class handles (index arithmetic in {@code int}). */
  public static final int MAX_QUBITS = 30;

  private final int n;
  private final List<String> labels;
  private final double[] coeffs;

  /** Off-diagonal groups: x mask, then per term the z mask and the phase c·i^{nY} as (re, im). */
  private final int[] groupX;

  private final int[][] groupZ;
  private final double[][] groupRe;
  private final double[][] groupIm;

  /** Diagonal terms (x = 0): z masks and coefficients. */
  private final int[] diagZ;

  private final double[] diagC;
  private final boolean real;

  /**
   * @param labels Pauli strings, all of length {@code n} (1..30), characters in IXYZ
   * @param coeffs real coefficients, one per label, finite
   * @throws IllegalArgumentException for mismatched lengths or characters outside IXYZ
   */
  public PauliSum(List<String> labels, double[] coeffs) {
    if (labels.isEmpty() || labels.size() != coeffs.length) {
      throw new IllegalArgumentException(
          "need one coefficient per label, got " + labels.size() + " and " + coeffs.length);
    }
    n = labels.get(0).length();
    if (n < 1 || n > MAX_QUBITS) {
      throw new IllegalArgumentException("strings must have 1.." + MAX_QUBITS + " characters");
    }
    Map<String, Double> merged = new LinkedHashMap<>();
    for (int k = 0; k < coeffs.length; k++) {
      String l = labels.get(k);
      if (l.length() != n) {
        throw new IllegalArgumentException("label " + k + " has length " + l.length());
      }
      for (int c = 0; c < n; c++) {
        if ("IXYZ".indexOf(l.charAt(c)) < 0) {
          throw new IllegalArgumentException("label " + k + ": bad character at " + c);
        }
      }
      if (!Double.isFinite(coeffs[k])) {
        throw new IllegalArgumentException("coefficient " + k + " is not finite");
      }
      merged.merge(l, coeffs[k], Double::sum);
    }
    this.labels = List.copyOf(merged.keySet());
    this.coeffs = merged.values().stream().mapToDouble(Double::doubleValue).toArray();

    Map<Integer, List<double[]>> groups = new LinkedHashMap<>();
    List<int[]> diag = new ArrayList<>();
    List<Double> diagCoeff = new ArrayList<>();
    boolean isReal = true;
    for (int k = 0; k < this.coeffs.length; k++) {
      String l = this.labels.get(k);
      int x = 0;
      int z = 0;
      int ys = 0;
      for (int q = 0; q < n; q++) {
        switch (l.charAt(q)) {
          case 'X' -> x |= 1 << q;
          case 'Y' -> {
            x |= 1 << q;
            z |= 1 << q;
            ys++;
          }
          case 'Z' -> z |= 1 << q;
          default -> {}
        }
      }
      double c = this.coeffs[k];
      if (x == 0) {
        diag.add(new int[] {z});
        diagCoeff.add(c);
        continue;
      }
      isReal &= (ys & 1) == 0;
      // i^{ys} · c as a complex number
      double re =
          switch (ys & 3) {
            case 0 -> c;
            case 2 -> -c;
            default -> 0;
          };
      double im =
          switch (ys & 3) {
            case 1 -> c;
            case 3 -> -c;
            default -> 0;
          };
      groups.computeIfAbsent(x, key -> new ArrayList<>()).add(new double[] {z, re, im});
    }
    real = isReal;
    diagZ = diag.stream().mapToInt(a -> a[0]).toArray();
    diagC = diagCoeff.stream().mapToDouble(Double::doubleValue).toArray();
    int g = groups.size();
    groupX = new int[g];
    groupZ = new int[g][];
    groupRe = new double[g][];
    groupIm = new double[g][];
    int gi = 0;
    for (Map.Entry<Integer, List<double[]>> e : groups.entrySet()) {
      List<double[]> terms = e.getValue();
      groupX[gi] = e.getKey();
      groupZ[gi] = terms.stream().mapToInt(t -> (int) t[0]).toArray();
      groupRe[gi] = terms.stream().mapToDouble(t -> t[1]).toArray();
      groupIm[gi] = terms.stream().mapToDouble(t -> t[2]).toArray();
      gi++;
    }
  }

  public int numQubits() {
    return n;
  }

  /** Number of distinct Pauli strings after merging equal ones. */
  public int numTerms() {
    return coeffs.length;
  }

  /** The distinct strings, in first-seen order. */
  public List<String> labels() {
    return labels;
  }

  /** The merged coefficients, aligned with {@link #labels()}. */
  public double[] coefficients() {
    return coeffs.clone();
  }

  /** Passes over the state per product {@code H|v>}: the diagonal plus one per x mask. */
  public int numGroups() {
    return groupX.length + (diagZ.length > 0 ? 1 : 0);
  }

  /** True when every term has an even number of Y (H is a real symmetric matrix). */
  public boolean isReal() {
    return real;
  }

  /** {@code Σ|c_k|}, a bound on the spectral radius. */
  public double normBound() {
    return Arrays.stream(coeffs).map(Math::abs).sum();
  }

  /** The diagonal of H in the computational basis, length {@code 2^n}. */
  public double[] diagonal() {
    double[] d = new double[1 << n];
    for (int k = 0; k < diagZ.length; k++) {
      int z = diagZ[k];
      double c = diagC[k];
      for (int i = 0; i < d.length; i++) {
        d[i] += (Integer.bitCount(i & z) & 1) == 0 ? c : -c;
      }
    }
    return d;
  }

  /** The basis state with the lowest diagonal energy {@code <i|H|i>} (the lowest index on ties). */
  public int lowestDiagonalState() {
    double[] d = diagonal();
    int best = 0;
    for (int i = 1; i < d.length; i++) {
      if (d[i] < d[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * {@code out = H v} for split complex vectors of length {@code 2^n}. {@code diag} is {@link
   * #diagonal()}, passed in so that repeated products share it.
   */
  public void apply(double[] diag, double[] vRe, double[] vIm, double[] outRe, double[] outIm) {
    int dim = 1 << n;
    for (int i = 0; i < dim; i++) {
      outRe[i] = diag[i] * vRe[i];
      outIm[i] = diag[i] * vIm[i];
    }
    for (int g = 0; g < groupX.length; g++) {
      int x = groupX[g];
      int[] zs = groupZ[g];
      double[] pr = groupRe[g];
      double[] pi = groupIm[g];
      for (int i = 0; i < dim; i++) {
        double fr = 0;
        double fi = 0;
        for (int t = 0; t < zs.length; t++) {
          if ((Integer.bitCount(i & zs[t]) & 1) == 0) {
            fr += pr[t];
            fi += pi[t];
          } else {
            fr -= pr[t];
            fi -= pi[t];
          }
        }
        int j = i ^ x;
        outRe[j] += fr * vRe[i] - fi * vIm[i];
        outIm[j] += fr * vIm[i] + fi * vRe[i];
      }
    }
  }

  /**
   * {@code <v|H|v>} for a split complex vector (not divided by the norm). {@code diag} is {@link
   * #diagonal()}.
   */
  public double expectation(double[] diag, double[] vRe, double[] vIm) {
    int dim = 1 << n;
    double e = 0;
    for (int i = 0; i < dim; i++) {
      e += diag[i] * (vRe[i] * vRe[i] + vIm[i] * vIm[i]);
    }
    for (int g = 0; g < groupX.length; g++) {
      int x = groupX[g];
      int[] zs = groupZ[g];
      double[] pr = groupRe[g];
      double[] pi = groupIm[g];
      double part = 0;
      for (int i = 0; i < dim; i++) {
        double fr = 0;
        double fi = 0;
        for (int t = 0; t < zs.length; t++) {
          if ((Integer.bitCount(i & zs[t]) & 1) == 0) {
            fr += pr[t];
            fi += pi[t];
          } else {
            fr -= pr[t];
            fi -= pi[t];
          }
        }
        // Re(conj(v_j) · f · v_i) with j = i ^ x
        int j = i ^ x;
        double wr = fr * vRe[i] - fi * vIm[i];
        double wi = fr * vIm[i] + fi * vRe[i];
        part += vRe[j] * wr + vIm[j] * wi;
      }
      e += part;
    }
    return e;
  }

  /** The dense matrix of H as row-major (re, im) arrays of {@code 2^n × 2^n}; for small n. */
  double[][] dense() {
    int dim = 1 << n;
    double[] re = new double[dim * dim];
    double[] im = new double[dim * dim];
    double[] d = diagonal();
    for (int i = 0; i < dim; i++) {
      re[i * dim + i] = d[i];
    }
    for (int g = 0; g < groupX.length; g++) {
      int x = groupX[g];
      for (int i = 0; i < dim; i++) {
        double fr = 0;
        double fi = 0;
        for (int t = 0; t < groupZ[g].length; t++) {
          double s = (Integer.bitCount(i & groupZ[g][t]) & 1) == 0 ? 1 : -1;
          fr += s * groupRe[g][t];
          fi += s * groupIm[g][t];
        }
        int j = i ^ x;
        re[j * dim + i] += fr;
        im[j * dim + i] += fi;
      }
    }
    return new double[][] {re, im};
  }
}
