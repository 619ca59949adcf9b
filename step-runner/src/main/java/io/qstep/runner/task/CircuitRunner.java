package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.StepOptions;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one parameterised circuit over many parameter rows on a backend: binds each row (Encode),
 * executes it (Execute), and gathers exact or shot-estimated expectations and raw samples.
 */
final class CircuitRunner {
  private final Backend backend;
  private final StepOptions options;
  private final StepContext ctx;

  CircuitRunner(Backend backend, StepOptions options, StepContext ctx) {
    this.backend = backend;
    this.options = options;
    this.ctx = ctx;
  }

  /** Per-row results. {@code expectations} is null when it cannot be estimated. */
  record Results(double[][] expectations, long[][] samples, int numOutcomeBits) {}

  /**
   * @param template circuit with {@code m} symbolic parameters
   * @param params row-major [rows, m]
   * @param rows number of rows
   * @param observables Pauli strings (validated); empty = ⟨Z_i⟩ per qubit
   * @param shots 0 = exact
   */
  Results run(Circuit template, double[] params, int rows, List<String> observables, long shots) {
    int m = template.parameters().size();
    int n = template.numQubits();
    int k = observables.isEmpty() ? n : observables.size();
    boolean estimable = shots == 0 || template.measurements().isEmpty();
    double[][] expectations = estimable ? new double[rows][] : null;
    long[][] samples = shots > 0 ? new long[rows][] : null;
    int outcomeBits = template.measurements().isEmpty() ? n : template.numClbits();
    SplittableRandom seeds = new SplittableRandom(ctx.seed());
    double[] row = new double[m];
    for (int r = 0; r < rows; r++) {
      ctx.checkpoint();
      long rowSeed = seeds.nextLong();
      long t0 = System.nanoTime();
      System.arraycopy(params, r * m, row, 0, m);
      Circuit bound = template.bind(row);
      ctx.addWallMs(StageName.ENCODE, (System.nanoTime() - t0) / 1e6);
      if (shots == 0) {
        ExecutionResult res = execute(bound, 0, observables, rowSeed);
        expectations[r] = res.expectations();
        continue;
      }
      ExecutionResult res = execute(bound, shots, List.of(), rowSeed);
      samples[r] = res.samples();
      if (!estimable) {
        continue;
      }
      double[] e = new double[k];
      if (observables.isEmpty()) {
        for (int q = 0; q < n; q++) {
          e[q] = zParity(res.samples(), 1L << q);
        }
      } else {
        for (int j = 0; j < k; j++) {
          String pauli = observables.get(j);
          if (isDiagonal(pauli)) {
            e[j] = zParity(res.samples(), mask(pauli));
          } else {
            // Rotate X/Y into Z and sample this observable separately, seeded per observable.
            Circuit rotated = rotateToZ(bound, pauli);
            long[] s = execute(rotated, shots, List.of(), rowSeed + 1 + j).samples();
            e[j] = zParity(s, mask(pauli));
          }
        }
      }
      expectations[r] = e;
    }
    return new Results(expectations, samples, outcomeBits);
  }

  private ExecutionResult execute(Circuit bound, long shots, List<String> obs, long seed) {
    long t0 = System.nanoTime();
    try {
      ExecutionResult res =
          backend.execute(
              new ExecutionRequest(bound, shots, obs, seed, options.threads(), options.fuseGates()),
              ctx);
      ctx.noteCalibration(res.calibration());
      return res;
    } finally {
      ctx.addWallMs(StageName.EXECUTE, (System.nanoTime() - t0) / 1e6);
    }
  }

  private static boolean isDiagonal(String pauli) {
    return pauli.chars().allMatch(c -> c == 'I' || c == 'Z');
  }

  /** Bit mask of the qubits where the Pauli string is not I (qubit 0 = leftmost character). */
  static long mask(String pauli) {
    long m = 0;
    for (int q = 0; q < pauli.length(); q++) {
      if (pauli.charAt(q) != 'I') {
        m |= 1L << q;
      }
    }
    return m;
  }

  /** Mean of (−1)^{popcount(outcome & mask)} over the samples. */
  static double zParity(long[] samples, long mask) {
    long sum = 0;
    for (long s : samples) {
      sum += (Long.bitCount(s & mask) & 1) == 0 ? 1 : -1;
    }
    return samples.length == 0 ? 0 : (double) sum / samples.length;
  }

  private static Circuit rotateToZ(Circuit bound, String pauli) {
    Circuit.Builder b = Circuit.builder(bound.numQubits()).append(bound);
    for (int q = 0; q < pauli.length(); q++) {
      switch (pauli.charAt(q)) {
        case 'X' -> b.h(q);
        case 'Y' -> b.sdg(q).h(q);
        default -> {}
      }
    }
    return b.build();
  }
}
