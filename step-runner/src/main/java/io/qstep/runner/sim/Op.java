package io.qstep.runner.sim;

/**
 * One compiled step of a circuit: a kernel with its constants, applied in place to a split (re, im)
 * state vector. The work of an op is a range {@code [0, workItems(n))} of independent items (an
 * amplitude, a pair, a quadruple, ...), so any partition of that range over threads gives
 * bit-identical results.
 */
sealed interface Op permits DiagOp, PairOp, SwapOp, Mat2Op, MatKOp, MonomialOp, BlockOp {

  /** Number of independent work items on a state of {@code n} qubits. */
  int workItems(int n);

  /** Applies the op to work items {@code [from, to)} of the state {@code (re, im)}. */
  void apply(double[] re, double[] im, int from, int to);

  /** States of at least this many qubits make one op worth splitting over threads. */
  int SPLIT_MIN_QUBITS = 16;

  /**
   * Whether applying this op to a state of {@code n} qubits takes long enough (tens of
   * microseconds) to repay handing part of it to another thread.
   */
  default boolean worthSplitting(int n) {
    return n >= SPLIT_MIN_QUBITS;
  }

  /** Work items per parallel chunk boundary: chunks start at multiples of this. */
  default int grain() {
    return Parallel.GRAIN;
  }

  /**
   * Estimated compute time per amplitude of the state in nanoseconds, from measurements of each
   * kernel on a cache-resident state (JDK 17, one Zen 4 core). Fusion compares these to decide
   * whether a fused matrix is cheaper than its parts; only the ratios matter.
   */
  double costPerAmplitude();

  /** Whether the op multiplies each amplitude in place, never pairing two. */
  default boolean isDiagonal() {
    return false;
  }

  /** Every qubit the op reads or writes. */
  int[] qubits();

  /** The same op with qubit {@code q} renamed to {@code map[q]}. */
  Op remap(int[] map);

  /**
   * The amplitude index of work item {@code k} when the bits at the ascending positions {@code
   * fixed} are taken out of the index: inserts a zero bit at each of those positions.
   */
  static int insertZeros(int k, int[] fixed) {
    for (int p : fixed) {
      k = ((k >>> p) << (p + 1)) | (k & ((1 << p) - 1));
    }
    return k;
  }

  /** Bit mask of the given qubits. */
  static int mask(int[] qubits) {
    int m = 0;
    for (int q : qubits) {
      m |= 1 << q;
    }
    return m;
  }

  /** The set bits of {@code mask}, ascending. */
  static int[] bits(int mask) {
    int[] out = new int[Integer.bitCount(mask)];
    for (int i = 0; mask != 0; i++) {
      out[i] = Integer.numberOfTrailingZeros(mask);
      mask &= mask - 1;
    }
    return out;
  }

  /** Each qubit of {@code qubits} renamed through {@code map}. */
  static int[] remapAll(int[] qubits, int[] map) {
    int[] out = new int[qubits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = map[qubits[i]];
    }
    return out;
  }

  /** {@code mask} with each set bit q moved to {@code map[q]}. */
  static int remapMask(int mask, int[] map) {
    return mask(remapAll(bits(mask), map));
  }
}
