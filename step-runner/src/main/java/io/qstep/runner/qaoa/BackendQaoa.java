package io.qstep.runner.qaoa;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * QAOA measured on a backend (a noisy simulator, a QPU) instead of the {@link DiagonalQaoa} fast
 * path: the same angles build a gate-level circuit, and the expected score is read from the
 * backend's exact ⟨Z_i⟩, ⟨Z_iZ_j⟩ (shots = 0, where the backend has them) or from the mean score of
 * its samples.
 *
 * <p>The circuit matches the fast path's conventions exactly: H on every qubit, then per layer the
 * cost unitary {@code exp(−iγ S(x))} as a phase gate {@code P(−γ h_i)} per linear term and a
 * controlled phase {@code CP(−γ q_ij)} per pair (the constant is a global phase), and the mixer
 * {@code RX(2β)} on every qubit. Not thread-safe; one per step.
 */
public final class BackendQaoa {
  private final Qubo score;
  private final Function<ExecutionRequest, ExecutionResult> backend;
  private final long shots;
  private final long seed;
  private final int threads;
  private final List<String> observables = new ArrayList<>();
  private long evaluations;
  private long executions;

  /**
   * @param score the score to maximise, as a function of the bits (cut value; −f for a QUBO)
   * @param backend runs one execution (the caller adds cancellation and provenance)
   * @param shots 0 for exact expectations, else shots per evaluation
   * @param seed the step's seed
   * @param threads simulator threads, 0 = the backend's choice
   */
  public BackendQaoa(
      Qubo score,
      Function<ExecutionRequest, ExecutionResult> backend,
      long shots,
      long seed,
      int threads) {
    this.score = score;
    this.backend = backend;
    this.shots = shots;
    this.seed = seed;
    this.threads = threads;
    int n = score.n();
    for (int i = 0; i < n; i++) {
      observables.add(pauli(n, i, -1));
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (score.pair(i, j) != 0) {
          observables.add(pauli(n, i, j));
        }
      }
    }
  }

  private static String pauli(int n, int i, int j) {
    char[] c = new char[n];
    java.util.Arrays.fill(c, 'I');
    c[i] = 'Z';
    if (j >= 0) {
      c[j] = 'Z';
    }
    return new String(c);
  }

  /** The QAOA circuit of {@code score} at angles γ, β (bound, no measurements). */
  public static Circuit circuit(Qubo score, double[] gammas, double[] betas) {
    int n = score.n();
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.h(q);
    }
    for (int l = 0; l < gammas.length; l++) {
      double g = gammas[l];
      for (int i = 0; i < n; i++) {
        if (score.linear(i) != 0) {
          b.p(i, -g * score.linear(i));
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (score.pair(i, j) != 0) {
            b.cp(i, j, -g * score.pair(i, j));
          }
        }
      }
      for (int q = 0; q < n; q++) {
        b.rx(q, 2 * betas[l]);
      }
    }
    return b.build();
  }

  /** Circuit executions so far (the cost on a QPU). */
  public long executions() {
    return executions;
  }

  /** The expected score at γ, β as the backend measures it. */
  public double score(double[] gammas, double[] betas) {
    long evalSeed = seed ^ (0x9E3779B97F4A7C15L * ++evaluations);
    Circuit c = circuit(score, gammas, betas);
    if (shots == 0) {
      ExecutionResult r =
          backend.apply(new ExecutionRequest(c, 0, observables, evalSeed, threads, true));
      executions++;
      double[] e = r.expectations();
      int n = score.n();
      double s = score.constant();
      for (int i = 0; i < n; i++) {
        s += score.linear(i) * (1 - e[i]) / 2;
      }
      int k = n;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (score.pair(i, j) != 0) {
            // x_i x_j = (1 − Z_i − Z_j + Z_i Z_j) / 4
            s += score.pair(i, j) * (1 - e[i] - e[j] + e[k++]) / 4;
          }
        }
      }
      return s;
    }
    long[] samples = sample(c, shots, evalSeed);
    double sum = 0;
    for (long x : samples) {
      sum += score.value(x);
    }
    return sum / samples.length;
  }

  /** {@code shots} outcomes of the circuit at γ, β (bit i = qubit i). */
  public long[] sample(double[] gammas, double[] betas, long shots, long seed) {
    return sample(circuit(score, gammas, betas), shots, seed);
  }

  private long[] sample(Circuit c, long shots, long seed) {
    ExecutionResult r =
        backend.apply(new ExecutionRequest(c, shots, List.of(), seed, threads, true));
    executions++;
    return r.samples();
  }
}
