package io.qstep.runner.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A pure state of {@code n} qubits as {@code 2^n} complex128 amplitudes in two flat arrays (real
 * and imaginary parts), mutated in place by {@link StateVectorSimulator}. Amplitude index bit
 * {@code q} is qubit {@code q} (qubit 0 least significant), as in Qiskit.
 *
 * <p>Memory: {@link #bytesFor(int)} bytes, held until {@link #close()}; check it against a limit
 * before {@link #zero(int)}. Split arrays (rather than one interleaved array) allow 30 qubits
 * within Java's array length limit (2^31 interleaved doubles would not fit) and give real-valued
 * kernels (H, X, CX, swaps) one array per loop.
 *
 * <p>Not thread-safe: confine an instance to one thread at a time (the simulator's own worker
 * threads are coordinated by it). After {@link #close()} every method but {@code close} and {@link
 * #numQubits()} throws {@link IllegalStateException}.
 */
public final class StateVector implements AutoCloseable {
  /** Most qubits a state may have (2 x 8 GiB arrays). */
  public static final int MAX_QUBITS = 30;

  /** Amplitudes summed per partial sum in reductions (bounds rounding growth). */
  private static final int SUM_BLOCK = 1 << 12;

  /** Low qubits whose marginals {@link #expectationsZ()} accumulates per index in a table. */
  private static final int Z_TABLE_BITS = 10;

  private final int numQubits;
  private double[] re;
  private double[] im;

  private StateVector(int numQubits, double[] re, double[] im) {
    this.numQubits = numQubits;
    this.re = re;
    this.im = im;
  }

  /** Bytes of amplitude storage for {@code numQubits} qubits: {@code 16 * 2^n}. */
  public static long bytesFor(int numQubits) {
    if (numQubits < 0 || numQubits > 58) {
      throw new IllegalArgumentException("numQubits out of range: " + numQubits);
    }
    return 16L << numQubits;
  }

  /**
   * The state |0...0> on {@code numQubits} qubits.
   *
   * @throws IllegalArgumentException when {@code numQubits < 1} or {@code > 30}
   */
  public static StateVector zero(int numQubits) {
    checkQubits(numQubits);
    int dim = 1 << numQubits;
    double[] re = new double[dim];
    re[0] = 1;
    return new StateVector(numQubits, re, new double[dim]);
  }

  /**
   * A state with the given amplitudes (copied), interleaved (re, im), length {@code 2^(n+1)}. Not
   * normalised for you.
   *
   * @throws IllegalArgumentException when the length is not {@code 2^(n+1)} for 1 <= n <= 29, or an
   *     amplitude is not finite
   */
  public static StateVector of(double[] interleaved) {
    int len = interleaved.length;
    if (len < 4 || Integer.bitCount(len) != 1) {
      throw new IllegalArgumentException("need 2^(n+1) doubles, got " + len);
    }
    int n = Integer.numberOfTrailingZeros(len) - 1;
    int dim = 1 << n;
    double[] re = new double[dim];
    double[] im = new double[dim];
    for (int i = 0; i < dim; i++) {
      re[i] = interleaved[2 * i];
      im[i] = interleaved[2 * i + 1];
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        throw new IllegalArgumentException("amplitude " + i + " is not finite");
      }
    }
    return new StateVector(n, re, im);
  }

  private static void checkQubits(int n) {
    if (n < 1 || n > MAX_QUBITS) {
      throw new IllegalArgumentException("numQubits must be in [1, " + MAX_QUBITS + "], got " + n);
    }
  }

  public int numQubits() {
    return numQubits;
  }

  /** Number of amplitudes, {@code 2^n}. */
  public int dimension() {
    return 1 << numQubits;
  }

  double[] re() {
    checkOpen();
    return re;
  }

  double[] im() {
    checkOpen();
    return im;
  }

  private void checkOpen() {
    if (re == null) {
      throw new IllegalStateException("state vector is closed");
    }
  }

  /**
   * A copy of the amplitudes, interleaved (re, im), length {@code 2^(n+1)}.
   *
   * @throws IllegalStateException for 30 qubits (more than one Java array holds)
   */
  public double[] amplitudes() {
    checkOpen();
    if (numQubits >= MAX_QUBITS) {
      throw new IllegalStateException("2^31 doubles do not fit one array; use amplitude(i)");
    }
    int dim = 1 << numQubits;
    double[] out = new double[2 * dim];
    for (int i = 0; i < dim; i++) {
      out[2 * i] = re[i];
      out[2 * i + 1] = im[i];
    }
    return out;
  }

  /** Real part of amplitude {@code index}. */
  public double amplitudeRe(int index) {
    checkOpen();
    return re[index];
  }

  /** Imaginary part of amplitude {@code index}. */
  public double amplitudeIm(int index) {
    checkOpen();
    return im[index];
  }

  /** {@code |a_i|^2} for every basis state {@code i}, length {@code 2^n}. */
  public double[] probabilities() {
    checkOpen();
    double[] p = new double[re.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = re[i] * re[i] + im[i] * im[i];
    }
    return p;
  }

  /** {@code sum |a_i|^2}; 1 up to rounding for a state produced by unitary gates. */
  public double norm() {
    checkOpen();
    double total = 0;
    for (int b = 0; b < re.length; b += SUM_BLOCK) {
      int end = Math.min(re.length, b + SUM_BLOCK);
      double s = 0;
      for (int i = b; i < end; i++) {
        s += re[i] * re[i] + im[i] * im[i];
      }
      total += s;
    }
    return total;
  }

  /** {@code <psi|Z_q|psi>} (not divided by the norm). */
  public double expectationZ(int qubit) {
    checkOpen();
    checkQubit(qubit);
    int s = 1 << qubit;
    double total = 0;
    if (s >= SUM_BLOCK) {
      for (int b = 0; b < re.length; b += SUM_BLOCK) {
        double sign = (b & s) == 0 ? 1 : -1;
        total += sign * sumSquares(b, b + SUM_BLOCK);
      }
      return total;
    }
    for (int b = 0; b < re.length; b += SUM_BLOCK) {
      double part = 0;
      int end = b + Math.min(SUM_BLOCK, re.length);
      for (int i = b; i < end; i += 2 * s) {
        part += sumSquares(i, i + s) - sumSquares(i + s, i + 2 * s);
      }
      total += part;
    }
    return total;
  }

  private double sumSquares(int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += re[i] * re[i] + im[i] * im[i];
    }
    return s;
  }

  private void checkQubit(int q) {
    if (q < 0 || q >= numQubits) {
      throw new IllegalArgumentException("qubit " + q + " out of range [0, " + numQubits + ")");
    }
  }

  /**
   * {@code <psi|Z_q|psi>} for every qubit, in one pass over the state: probabilities are summed per
   * low-bit pattern into a small table and per block of high bits, and the marginals are read off
   * those sums.
   */
  public double[] expectationsZ() {
    checkOpen();
    int n = numQubits;
    int lowBits = Math.min(n, Z_TABLE_BITS);
    int lowSize = 1 << lowBits;
    double[] lowTable = new double[lowSize];
    double[] ones = new double[n];
    double total = 0;
    for (int b = 0; b < re.length; b += lowSize) {
      double block = 0;
      for (int j = 0; j < lowSize; j++) {
        int i = b + j;
        double p = re[i] * re[i] + im[i] * im[i];
        lowTable[j] += p;
        block += p;
      }
      total += block;
      for (int q = lowBits; q < n; q++) {
        if ((b & (1 << q)) != 0) {
          ones[q] += block;
        }
      }
    }
    for (int j = 0; j < lowSize; j++) {
      for (int q = 0; q < lowBits; q++) {
        if ((j & (1 << q)) != 0) {
          ones[q] += lowTable[j];
        }
      }
    }
    double[] out = new double[n];
    for (int q = 0; q < n; q++) {
      out[q] = total - 2 * ones[q];
    }
    return out;
  }

  /**
   * {@code <psi|P|psi>} for a Pauli string {@code P} over {@code I, X, Y, Z}, exact and without a
   * copy of the state. Character {@code j} acts on qubit {@code j} (qubit 0 leftmost).
   *
   * <p>{@code P|i> = i^{nY} (-1)^{|i & z|} |i ^ x>} with {@code x} the X/Y positions and {@code z}
   * the Y/Z positions, so each amplitude pairs with the one at {@code i ^ x}.
   *
   * @throws IllegalArgumentException when the length is not {@code n} or a character is not IXYZ
   */
  public double expectationPauli(String pauli) {
    checkOpen();
    if (pauli.length() != numQubits) {
      throw new IllegalArgumentException(
          "Pauli string has length " + pauli.length() + ", state has " + numQubits + " qubits");
    }
    int x = 0;
    int z = 0;
    int ys = 0;
    for (int q = 0; q < numQubits; q++) {
      switch (pauli.charAt(q)) {
        case 'I', 'i' -> {}
        case 'X', 'x' -> x |= 1 << q;
        case 'Y', 'y' -> {
          x |= 1 << q;
          z |= 1 << q;
          ys++;
        }
        case 'Z', 'z' -> z |= 1 << q;
        default ->
            throw new IllegalArgumentException(
                "not a Pauli character at " + q + ": '" + pauli.charAt(q) + "'");
      }
    }
    if (x == 0) {
      return diagonalPauli(z);
    }
    // S = sum_i conj(a_{i^x}) a_i (-1)^{|i&z|}; visit each pair {i, i^x} once from the side whose
    // highest x bit is 0: w = conj(a_j) a_i contributes w s_i + conj(w) s_j.
    int top = Integer.highestOneBit(x);
    double sRe = 0;
    double sIm = 0;
    for (int b = 0; b < re.length; b += SUM_BLOCK) {
      int end = Math.min(re.length, b + SUM_BLOCK);
      double pr = 0;
      double pi = 0;
      for (int i = b; i < end; i++) {
        if ((i & top) != 0) {
          continue;
        }
        int j = i ^ x;
        double wr = re[j] * re[i] + im[j] * im[i];
        double wi = re[j] * im[i] - im[j] * re[i];
        double si = (Integer.bitCount(i & z) & 1) == 0 ? 1 : -1;
        double sj = (Integer.bitCount(j & z) & 1) == 0 ? 1 : -1;
        pr += wr * (si + sj);
        pi += wi * (si - sj);
      }
      sRe += pr;
      sIm += pi;
    }
    return switch (ys & 3) {
      case 0 -> sRe;
      case 1 -> -sIm;
      case 2 -> -sRe;
      default -> sIm;
    };
  }

  private double diagonalPauli(int z) {
    double total = 0;
    for (int b = 0; b < re.length; b += SUM_BLOCK) {
      int end = Math.min(re.length, b + SUM_BLOCK);
      double part = 0;
      for (int i = b; i < end; i++) {
        double p = re[i] * re[i] + im[i] * im[i];
        part += (Integer.bitCount(i & z) & 1) == 0 ? p : -p;
      }
      total += part;
    }
    return total;
  }

  /**
   * Histogram of {@code shots} measurements of every qubit in the computational basis, length
   * {@code 2^n}. Draws exactly the uniforms {@link #sample} draws before its shuffle, so with equal
   * seeds the counts equal the histogram of {@link #sample}. Reproducible: the same state and the
   * same {@code rng} state give identical counts.
   *
   * @param rng advanced by {@code shots} draws
   * @throws IllegalArgumentException when {@code shots < 0}
   */
  public long[] sampleCounts(int shots, SplittableRandom rng) {
    long[] counts = new long[re.length];
    int[] outcomes = sortedOutcomes(shots, rng);
    for (int o : outcomes) {
      counts[o]++;
    }
    return counts;
  }

  /**
   * {@code shots} basis-state indices drawn independently from {@code |a_i|^2 / norm}, in random
   * order. Sorted uniforms swept against the cumulative distribution: {@code O(2^n + shots log
   * shots)} time, no {@code 2^n}-sized scratch memory.
   *
   * @param rng advanced by {@code 2 * shots - 1} draws (uniforms, then a shuffle)
   * @throws IllegalArgumentException when {@code shots < 0}
   */
  public int[] sample(int shots, SplittableRandom rng) {
    int[] out = sortedOutcomes(shots, rng);
    for (int i = out.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private int[] sortedOutcomes(int shots, SplittableRandom rng) {
    checkOpen();
    if (shots < 0) {
      throw new IllegalArgumentException("shots must be >= 0, got " + shots);
    }
    double total = norm();
    if (!(total > 0)) {
      throw new IllegalStateException("state has zero norm");
    }
    double[] u = new double[shots];
    for (int s = 0; s < shots; s++) {
      u[s] = rng.nextDouble() * total;
    }
    Arrays.sort(u);
    int[] out = new int[shots];
    int next = 0;
    double cumulative = 0;
    int lastNonZero = 0;
    for (int i = 0; i < re.length && next < shots; i++) {
      double p = re[i] * re[i] + im[i] * im[i];
      if (p > 0) {
        lastNonZero = i;
        cumulative += p;
        while (next < shots && u[next] < cumulative) {
          out[next++] = i;
        }
      }
    }
    // the sweep ends early only when every shot is placed; otherwise rounding left the last
    // uniforms just above the running sum, and they belong to the last possible outcome
    while (next < shots) {
      out[next++] = lastNonZero;
    }
    return out;
  }

  /** Releases the amplitude arrays. Idempotent. */
  @Override
  public void close() {
    re = null;
    im = null;
  }

  @Override
  public String toString() {
    return "StateVector[" + numQubits + " qubits" + (re == null ? ", closed]" : "]");
  }
}
