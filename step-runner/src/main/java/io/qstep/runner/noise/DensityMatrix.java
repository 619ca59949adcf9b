package io.qstep.runner.noise;

import io.qstep.runner.sim.StateVector;
import java.util.SplittableRandom;

/**
 * A mixed state of {@code n} qubits: the {@code 2^n × 2^n} density matrix ρ stored as a state
 * vector of {@code 2n} qubits (element ρ[i][j] at index {@code i | j << n}; qubit {@code q} is bit
 * {@code q} of i and j). Not thread-safe; close to release its {@code 16 · 4^n} bytes.
 */
public final class DensityMatrix implements AutoCloseable {
  private final int n;
  private final StateVector storage;

  DensityMatrix(int n, StateVector storage) {
    this.n = n;
    this.storage = storage;
  }

  /** |0…0⟩⟨0…0| on {@code n} qubits. */
  static DensityMatrix zero(int n) {
    return new DensityMatrix(n, StateVector.zero(2 * n));
  }

  /** Bytes of storage for {@code n} qubits. */
  public static long bytesFor(int n) {
    return StateVector.bytesFor(2 * n);
  }

  public int numQubits() {
    return n;
  }

  StateVector storage() {
    return storage;
  }

  /** Real part of ρ[i][j]. */
  public double re(int i, int j) {
    return storage.amplitudeRe(i | (j << n));
  }

  /** Imaginary part of ρ[i][j]. */
  public double im(int i, int j) {
    return storage.amplitudeIm(i | (j << n));
  }

  /** Tr ρ (1 up to rounding for a state produced by channels). */
  public double trace() {
    double t = 0;
    for (int i = 0; i < (1 << n); i++) {
      t += re(i, i);
    }
    return t;
  }

  /** The outcome distribution: ρ[i][i] for every basis state, clipped at 0 against rounding. */
  public double[] probabilities() {
    double[] p = new double[1 << n];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.max(0, re(i, i));
    }
    return p;
  }

  /** ⟨Z_q⟩ for every qubit. */
  public double[] expectationsZ() {
    double[] p = probabilities();
    double[] z = new double[n];
    for (int i = 0; i < p.length; i++) {
      for (int q = 0; q < n; q++) {
        z[q] += ((i >> q) & 1) == 0 ? p[i] : -p[i];
      }
    }
    return z;
  }

  /**
   * Tr(ρ P) for a Pauli string over IXYZ, qubit 0 leftmost, length {@code n}.
   *
   * @throws IllegalArgumentException for a wrong length or letter
   */
  public double expectationPauli(String pauli) {
    if (pauli.length() != n) {
      throw new IllegalArgumentException("Pauli string length " + pauli.length() + " != " + n);
    }
    int xMask = 0;
    int zMask = 0;
    int yCount = 0;
    for (int q = 0; q < n; q++) {
      switch (pauli.charAt(q)) {
        case 'I' -> {}
        case 'X' -> xMask |= 1 << q;
        case 'Z' -> zMask |= 1 << q;
        case 'Y' -> {
          xMask |= 1 << q;
          zMask |= 1 << q;
          yCount++;
        }
        default -> throw new IllegalArgumentException("not a Pauli letter: " + pauli.charAt(q));
      }
    }
    // P|j> = i^{#Y} (-1)^{popcount(j & zMask)} |j ^ xMask>, so Tr(ρP) = Σ_j phase(j) ρ[j][j^x]
    double sumRe = 0;
    double sumIm = 0;
    for (int j = 0; j < (1 << n); j++) {
      double s = (Integer.bitCount(j & zMask) & 1) == 0 ? 1 : -1;
      sumRe += s * re(j, j ^ xMask);
      sumIm += s * im(j, j ^ xMask);
    }
    // multiply by i^{yCount}; the result is real for a Hermitian ρ
    return switch (yCount & 3) {
      case 0 -> sumRe;
      case 1 -> -sumIm;
      case 2 -> -sumRe;
      default -> sumIm;
    };
  }

  /** {@code shots} basis-state indices drawn from {@link #probabilities()}. */
  public int[] sample(int shots, SplittableRandom rng) {
    return sample(probabilities(), shots, rng);
  }

  static int[] sample(double[] p, int shots, SplittableRandom rng) {
    double[] cdf = new double[p.length];
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      cdf[i] = acc;
    }
    int[] out = new int[shots];
    for (int s = 0; s < shots; s++) {
      double r = rng.nextDouble() * acc;
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > r) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      out[s] = lo;
    }
    return out;
  }

  @Override
  public void close() {
    storage.close();
  }
}
