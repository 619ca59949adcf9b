package io.qstep.runner.backend.strange;

import io.qstep.circuit.Measurement;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded shot sampling from a state vector. */
final class Sampler {
  /** Shots between two cancellation checkpoints. */
  private static final int CHECK_EVERY = 1 << 16;

  private Sampler() {}

  /**
   * Draws {@code shots} basis states with probability |amplitude|² (renormalised: single-precision
   * amplitudes do not sum to exactly 1) and maps each through the measurements.
   *
   * @param amplitudes interleaved (re, im), qubit q at bit q of the index
   * @param measurements in program order; clbit {@code c} of {@code Measurement(q, c)} is bit
   *     {@code c} of the outcome (a later measurement into the same clbit wins); empty means the
   *     basis index itself
   * @param seed every draw comes from {@code new SplittableRandom(seed)}
   * @param checkpoint called between batches of shots
   */
  static long[] sample(
      double[] amplitudes,
      List<Measurement> measurements,
      int shots,
      long seed,
      Runnable checkpoint) {
    int dim = amplitudes.length / 2;
    double[] cdf = new double[dim];
    double total = 0;
    int last = 0;
    for (int i = 0; i < dim; i++) {
      double p =
          amplitudes[2 * i] * amplitudes[2 * i] + amplitudes[2 * i + 1] * amplitudes[2 * i + 1];
      total += p;
      cdf[i] = total;
      if (p > 0) {
        last = i;
      }
    }
    long[] outcomeOf = outcomes(dim, measurements);
    SplittableRandom rng = new SplittableRandom(seed);
    long[] samples = new long[shots];
    for (int s = 0; s < shots; s++) {
      if (s % CHECK_EVERY == 0) {
        checkpoint.run();
      }
      double u = rng.nextDouble() * total;
      // First index whose cumulative probability exceeds u: never a zero-probability state.
      int k = Arrays.binarySearch(cdf, u);
      int idx = k >= 0 ? k + 1 : -k - 1;
      while (idx < dim && cdf[idx] <= u) {
        idx++;
      }
      // u * total can round up to total itself.
      samples[s] = outcomeOf[Math.min(idx, last)];
    }
    return samples;
  }

  /** The outcome word for every basis index. */
  private static long[] outcomes(int dim, List<Measurement> measurements) {
    long[] out = new long[dim];
    for (int i = 0; i < dim; i++) {
      if (measurements.isEmpty()) {
        out[i] = i;
        continue;
      }
      long word = 0;
      for (Measurement m : measurements) {
        long bit = 1L << m.clbit();
        word = ((i >> m.qubit()) & 1) != 0 ? word | bit : word & ~bit;
      }
      out[i] = word;
    }
    return out;
  }
}
