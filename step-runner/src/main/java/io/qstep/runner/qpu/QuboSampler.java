package io.qstep.runner.qpu;

import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.stage.StepContext;

/**
 * A backend that samples QUBOs directly (a quantum annealer). The {@code qubo} and {@code maxcut}
 * tasks use it instead of QAOA when the request names such a backend.
 */
public interface QuboSampler {
  /**
   * Samples low-energy assignments of {@code f} (minimised).
   *
   * @param reads samples to draw
   * @param seed the step's seed (part of the idempotency key)
   * @return distinct assignments (bit i = variable i), their energies {@code f(x)} including the
   *     constant, and how often each was read
   */
  SampleSet sample(Qubo f, long reads, long seed, StepContext ctx);

  /** Distinct samples with energies and occurrence counts (same lengths). */
  record SampleSet(long[] solutions, double[] energies, long[] occurrences) {
    public SampleSet {
      solutions = solutions.clone();
      energies = energies.clone();
      occurrences = occurrences.clone();
      if (solutions.length != energies.length || solutions.length != occurrences.length) {
        throw new IllegalArgumentException("solutions, energies, occurrences differ in length");
      }
    }

    public long totalReads() {
      long t = 0;
      for (long o : occurrences) {
        t += o;
      }
      return t;
    }
  }

  /** What to do when the annealer is unavailable, for the task's failover. */
  QpuRuntime.Failover failover();
}
