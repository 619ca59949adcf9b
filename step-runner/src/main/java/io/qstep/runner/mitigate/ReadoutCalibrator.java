package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import java.util.List;

/**
 * Measures tensored readout errors on an executor with two calibration circuits, all qubits in |0⟩
 * and all in |1⟩ (Bravyi et al., PRA 103, 042605 (2021)), in the mode the step runs in: exact ⟨Z_q⟩
 * or sampled marginals. The X gates' own errors enter p(0|1) slightly, as on hardware.
 */
public final class ReadoutCalibrator {
  /** Executions one calibration costs. */
  public static final int EXECUTIONS = 2;

  /** Readout errors are clipped to this, keeping every confusion matrix invertible. */
  static final double MAX_ERROR = 0.49;

  private ReadoutCalibrator() {}

  public static ReadoutCalibration measure(Executor executor, int n, long shots, long seed) {
    Circuit zeros = Circuit.builder(n).build();
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.x(q);
    }
    Circuit ones = b.build();
    double[] p10 = new double[n];
    double[] p01 = new double[n];
    if (shots == 0) {
      double[] z0 = executor.run(zeros, 1, 0, List.of(), seed).expectations();
      double[] z1 = executor.run(ones, 1, 0, List.of(), seed + 1).expectations();
      for (int q = 0; q < n; q++) {
        p10[q] = clip((1 - z0[q]) / 2);
        p01[q] = clip((1 + z1[q]) / 2);
      }
    } else {
      // both preparations in one batch (one QPU job)
      List<Executor.Result> rs =
          executor.runBatch(List.of(zeros, ones), 1, shots, List.of(), new long[] {seed, seed + 1});
      long[] s0 = rs.get(0).samples();
      long[] s1 = rs.get(1).samples();
      for (int q = 0; q < n; q++) {
        long ones0 = 0;
        long zeros1 = 0;
        for (long s : s0) {
          ones0 += s >>> q & 1;
        }
        for (long s : s1) {
          zeros1 += 1 - (s >>> q & 1);
        }
        p10[q] = clip((double) ones0 / s0.length);
        p01[q] = clip((double) zeros1 / s1.length);
      }
    }
    return new ReadoutCalibration(p10, p01);
  }

  private static double clip(double p) {
    return Math.min(MAX_ERROR, Math.max(0, p));
  }
}
