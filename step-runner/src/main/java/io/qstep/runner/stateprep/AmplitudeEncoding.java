package io.qstep.runner.stateprep;

import io.qstep.circuit.Circuit;

/**
 * Exact amplitude encoding of a real vector (Möttönen, Vartiainen, Bergholm and Salomaa 2004):
 * qubit {@code n−1} is rotated first, then each lower qubit {@code t} by an RY uniformly controlled
 * by the qubits above it, whose angles are the ratios of the block norms below; the last level
 * takes signed angles so negative amplitudes come out exactly. A uniformly controlled RY with k
 * controls compiles to {@code 2^k} RY and {@code 2^k} CX in Gray-code order, so the circuit has
 * {@code 2^n − 2} CX. No angle is pruned, so the CX count is the textbook one.
 */
public final class AmplitudeEncoding {
  private AmplitudeEncoding() {}

  /**
   * The circuit that maps |0…0⟩ to x̂.
   *
   * @param x real amplitudes, length 2^n (n ≥ 1), finite, not all zero; normalised here
   * @param field request field for errors
   */
  public static Encoding encode(double[] x, String field) {
    long t0 = System.nanoTime();
    double[] v = Vectors.normalized(x, field, false);
    int n = Integer.numberOfTrailingZeros(v.length);
    Circuit.Builder b = Circuit.builder(n);
    // norms[level] holds the norms of the blocks of size 2^level (level 0 = |x_i|, signed)
    double[][] norms = new double[n + 1][];
    norms[0] = v;
    for (int level = 1; level <= n; level++) {
      double[] prev = norms[level - 1];
      double[] cur = new double[prev.length / 2];
      for (int i = 0; i < cur.length; i++) {
        cur[i] = Math.hypot(prev[2 * i], prev[2 * i + 1]);
      }
      norms[level] = cur;
    }
    for (int t = n - 1; t >= 0; t--) {
      // block (c, bit t) of size 2^t has norm norms[t][2c + bit]; c = bits above t
      double[] child = norms[t];
      int k = n - 1 - t;
      double[] alpha = new double[1 << k];
      for (int c = 0; c < alpha.length; c++) {
        alpha[c] = 2 * Math.atan2(child[2 * c + 1], child[2 * c]);
      }
      uniformlyControlledRy(b, t, alpha);
    }
    Circuit c = b.build();
    return new Encoding(c, 1.0, 0, (System.nanoTime() - t0) / 1e6);
  }

  /**
   * RY(alpha[c]) on {@code target} when the qubits {@code target+1 ..} hold c (bit j of c = qubit
   * target+1+j). Angles θ = 2^−k Mᵀ α with M[c][i] = (−1)^{c·gray(i)}; after RY(θ_i) comes a CX
   * from the control whose bit flips between gray(i) and gray(i+1).
   */
  static void uniformlyControlledRy(Circuit.Builder b, int target, double[] alpha) {
    int size = alpha.length;
    if (size == 1) {
      b.ry(target, alpha[0]);
      return;
    }
    int k = Integer.numberOfTrailingZeros(size);
    for (int i = 0; i < size; i++) {
      int g = i ^ (i >> 1);
      double theta = 0;
      for (int c = 0; c < size; c++) {
        theta += (Integer.bitCount(c & g) % 2 == 0 ? 1 : -1) * alpha[c];
      }
      b.ry(target, theta / size);
      int next = (i + 1) % size;
      int changed = g ^ (next ^ (next >> 1));
      int bit = Integer.numberOfTrailingZeros(changed);
      if (bit >= k) {
        throw new IllegalStateException("gray code step out of range");
      }
      b.cx(target + 1 + bit, target);
    }
  }
}
