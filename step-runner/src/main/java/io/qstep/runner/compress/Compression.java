package io.qstep.runner.compress;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.Arrays;

/**
 * The small Java API the Encode stage (and any caller that compresses before encoding) uses:
 * TT-compress one vector, fit a PCA on a training batch, apply a fitted PCA unchanged at inference.
 * Rows are {@code double[]}; errors name the fields given. Stateless and thread-safe.
 */
public final class Compression {
  private Compression() {}

  /**
   * TT/MPS of {@code v} over qubit modes (n modes of size 2). A length that is not a power of two
   * is zero-padded to the next one (the train then has {@code 2^n} entries).
   *
   * @param epsilon relative error budget in (0, 1], or 0 for none
   * @param maxBond largest bond χ ≥ 1, or 0 for unlimited
   */
  public static TtSvd.Result ttVector(double[] v, double epsilon, int maxBond) {
    int len = v.length < 2 ? 2 : v.length;
    if (Integer.bitCount(len) != 1) {
      len = Integer.highestOneBit(len) * 2;
    }
    double[] x = Arrays.copyOf(v, len);
    return TtSvd.decompose(x, TtSvd.qubitDims(len), new TtSvd.Options(epsilon, maxBond, false, 0));
  }

  /**
   * Fits a PCA on the training rows (all of one width).
   *
   * @param components k ≥ 1, or 0 to choose by {@code epsilon}
   * @param seed seed of the randomised SVD (ignored when exact)
   */
  public static Pca.Model fitPca(
      double[][] rows, int components, double epsilon, boolean randomized, long seed) {
    int d = width(rows, "x");
    double[] x = new double[rows.length * d];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, x, r * d, d);
    }
    return Pca.fit(x, rows.length, d, components, epsilon, randomized, seed, "x");
  }

  /** Projects rows with a fitted model: {@code (row − mean) Cᵀ}, one row of k values each. */
  public static double[][] applyPca(Pca.Model model, double[][] rows) {
    int d = width(rows, "x");
    double[] x = new double[rows.length * d];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, x, r * d, d);
    }
    double[] z = model.project(x, rows.length, "x");
    double[][] out = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = Arrays.copyOfRange(z, r * model.k(), (r + 1) * model.k());
    }
    return out;
  }

  private static int width(double[][] rows, String field) {
    if (rows.length == 0) {
      throw new QStepException(ErrorReason.INVALID_TENSOR, field, field + ": no rows");
    }
    int d = rows[0].length;
    for (int r = 1; r < rows.length; r++) {
      if (rows[r].length != d) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field + ": row " + r + " has " + rows[r].length + " values, row 0 has " + d);
      }
    }
    return d;
  }
}
