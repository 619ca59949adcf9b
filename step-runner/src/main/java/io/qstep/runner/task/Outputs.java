package io.qstep.runner.task;

import io.qstep.runner.stage.StepContext;
import io.qstep.tensor.Tensor;

/** Builds output tensors from per-row arrays. */
final class Outputs {
  /** Slack for |⟨P⟩| ≤ 1 checks on floating-point results. */
  static final double EPS_EXPECTATION = 1e-9;

  private Outputs() {}

  static Tensor matrix(double[][] rows, int numRows, int cols) {
    double[] flat = new double[numRows * cols];
    for (int r = 0; r < numRows; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return Tensor.ofDoubles(flat, numRows, cols);
  }

  static Tensor longMatrix(long[][] rows, int numRows, int cols) {
    long[] flat = new long[numRows * cols];
    for (int r = 0; r < numRows; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return Tensor.ofLongs(flat, numRows, cols);
  }

  static Tensor counts(long[][] samples, int numRows, int bits) {
    int dim = 1 << bits;
    long[] flat = new long[numRows * dim];
    for (int r = 0; r < numRows; r++) {
      for (long s : samples[r]) {
        flat[r * dim + (int) s]++;
      }
    }
    return Tensor.ofLongs(flat, numRows, dim);
  }

  /** Warns when an expectation value leaves [−1, 1] (a backend bug or a broken state). */
  static void checkBounded(double[][] values, StepContext ctx) {
    for (double[] row : values) {
      for (double v : row) {
        if (!(Math.abs(v) <= 1 + EPS_EXPECTATION)) {
          ctx.warn("validate: an expectation value left [-1, 1]: " + v);
          return;
        }
      }
    }
  }
}
