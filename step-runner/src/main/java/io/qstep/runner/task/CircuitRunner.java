package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.StepOptions;
import java.util.ArrayList;
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
    if (shots == 0) {
      for (int r = 0; r < rows; r++) {
        ctx.checkpoint();
        long rowSeed = seeds.nextLong();
        Circuit bound = bind(template, params, r, row);
        ExecutionResult res = execute(bound, 0, observables, rowSeed);
        expectations[r] = res.expectations();
      }
      return new Results(expectations, samples, outcomeBits);
    }
    // Shots: every row's circuit and its X/Y-rotated copies go to the backend as one batch (one
    // QPU job where the provider allows), each with the seed it had when rows ran one by one. A
    // simulator gets them SIMULATOR_CHUNK at a time, so that a large sweep does not hold every
    // bound circuit at once (same seeds, same answers).
    int chunk = backend.capabilities().supportsExact() ? SIMULATOR_CHUNK : Integer.MAX_VALUE;
    List<ExecutionRequest> batch = new ArrayList<>();
    int[] first = new int[rows];
    int from = 0;
    for (int r = 0; r < rows; r++) {
      ctx.checkpoint();
      long rowSeed = seeds.nextLong();
      Circuit bound = bind(template, params, r, row);
      first[r] = batch.size();
      batch.add(request(bound, shots, rowSeed));
      if (estimable) {
        for (int j = 0; j < observables.size(); j++) {
          String pauli = observables.get(j);
          if (!isDiagonal(pauli)) {
            // X/Y rotated into Z and sampled separately, seeded per observable
            batch.add(request(rotateToZ(bound, pauli), shots, rowSeed + 1 + j));
          }
        }
      }
      if (batch.size() >= chunk || r == rows - 1) {
        List<ExecutionResult> results = executeBatch(batch);
        for (int q = from; q <= r; q++) {
          collect(q, first[q], results, observables, n, k, estimable, samples, expectations);
        }
        batch.clear();
        from = r + 1;
      }
    }
    return new Results(expectations, samples, outcomeBits);
  }

  /** Requests per batch call on a simulator (a QPU gets the whole step in one call). */
  static final int SIMULATOR_CHUNK = 1024;

  private static void collect(
      int r,
      int first,
      List<ExecutionResult> results,
      List<String> observables,
      int n,
      int k,
      boolean estimable,
      long[][] samples,
      double[][] expectations) {
    ExecutionResult res = results.get(first);
    samples[r] = res.samples();
    if (!estimable) {
      return;
    }
    double[] e = new double[k];
    if (observables.isEmpty()) {
      for (int q = 0; q < n; q++) {
        e[q] = zParity(res.samples(), 1L << q);
      }
    } else {
      int next = first + 1;
      for (int j = 0; j < k; j++) {
        String pauli = observables.get(j);
        long[] s = isDiagonal(pauli) ? res.samples() : results.get(next++).samples();
        e[j] = zParity(s, mask(pauli));
      }
    }
    expectations[r] = e;
  }

  private Circuit bind(Circuit template, double[] params, int r, double[] row) {
    long t0 = System.nanoTime();
    System.arraycopy(params, r * row.length, row, 0, row.length);
    Circuit bound = template.bind(row);
    ctx.addWallMs(StageName.ENCODE, (System.nanoTime() - t0) / 1e6);
    return bound;
  }

  private ExecutionRequest request(Circuit bound, long shots, long seed) {
    return new ExecutionRequest(
        bound, shots, List.of(), seed, options.threads(), options.fuseGates());
  }

  private List<ExecutionResult> executeBatch(List<ExecutionRequest> batch) {
    long t0 = System.nanoTime();
    try {
      List<ExecutionResult> out = backend.executeBatch(batch, ctx);
      if (out.size() != batch.size()) {
        throw new IllegalStateException(
            "backend " + backend.name() + " answered " + out.size() + " of " + batch.size());
      }
      for (ExecutionResult res : out) {
        ctx.noteCalibration(res.calibration());
      }
      return out;
    } finally {
      ctx.addWallMs(StageName.EXECUTE, (System.nanoTime() - t0) / 1e6);
    }
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
