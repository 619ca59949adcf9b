package io.qstep.runner.compress;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Thin wrappers over EJML's SVD and QR: a sorted compact SVD, and the randomised range finder of
 * Halko, Martinsson and Tropp (2011, algorithms 4.4 and 5.1) for a rank-k approximation.
 */
final class Svd {
  private Svd() {}

  /** Oversampling p of the randomised range finder. */
  static final int OVERSAMPLING = 10;

  /** Power (subspace) iterations q of the randomised range finder. */
  static final int POWER_ITERATIONS = 2;

  /**
   * A compact SVD {@code M = U diag(s) Vt} with singular values in descending order.
   *
   * @param u [m, r] left singular vectors
   * @param s r singular values, descending
   * @param vt [r, n] right singular vectors (null when not asked for)
   */
  record Result(DMatrixRMaj u, double[] s, DMatrixRMaj vt) {
    int rank() {
      return s.length;
    }
  }

  /** Exact compact SVD of {@code m} (not modified). */
  static Result exact(DMatrixRMaj m, boolean needVt) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, needVt, true);
    if (!svd.decompose(m.copy())) {
      throw new ArithmeticException("EJML SVD did not converge on a " + dims(m) + " matrix");
    }
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj vt = needVt ? svd.getV(null, true) : null;
    DMatrixRMaj w = svd.getW(null);
    SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
    int r = Math.min(m.numRows, m.numCols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = w.get(i, i);
    }
    return new Result(u, s, vt);
  }

  /**
   * A rank-{@code k} SVD by randomised range finding: {@code Y = (M Mᵀ)^q M Ω} with a seeded
   * Gaussian Ω of {@code k + p} columns, re-orthonormalised after every product, then the exact SVD
   * of the small {@code Qᵀ M}. Returns at most {@code k} singular triplets.
   */
  static Result randomized(DMatrixRMaj m, int k, long seed) {
    int rows = m.numRows;
    int cols = m.numCols;
    int l = Math.min(Math.min(rows, cols), k + OVERSAMPLING);
    SplittableRandom rng = new SplittableRandom(seed);
    DMatrixRMaj omega = new DMatrixRMaj(cols, l);
    for (int i = 0; i < omega.data.length; i++) {
      omega.data[i] = gaussian(rng);
    }
    DMatrixRMaj y = new DMatrixRMaj(rows, l);
    CommonOps_DDRM.mult(m, omega, y);
    DMatrixRMaj q = orthonormalize(y);
    DMatrixRMaj z = new DMatrixRMaj(cols, l);
    for (int it = 0; it < POWER_ITERATIONS; it++) {
      CommonOps_DDRM.multTransA(m, q, z);
      DMatrixRMaj qz = orthonormalize(z);
      CommonOps_DDRM.mult(m, qz, y);
      q = orthonormalize(y);
    }
    DMatrixRMaj b = new DMatrixRMaj(q.numCols, cols);
    CommonOps_DDRM.multTransA(q, m, b);
    Result small = exact(b, true);
    int r = Math.min(k, small.rank());
    DMatrixRMaj ub = CommonOps_DDRM.extract(small.u(), 0, small.u().numRows, 0, r);
    DMatrixRMaj u = new DMatrixRMaj(rows, r);
    CommonOps_DDRM.mult(q, ub, u);
    double[] s = java.util.Arrays.copyOf(small.s(), r);
    DMatrixRMaj vt = CommonOps_DDRM.extract(small.vt(), 0, r, 0, cols);
    return new Result(u, s, vt);
  }

  /** An orthonormal basis of the columns of {@code a} (thin Q of a QR), as a new matrix. */
  private static DMatrixRMaj orthonormalize(DMatrixRMaj a) {
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
    if (!qr.decompose(a.copy())) {
      throw new ArithmeticException("EJML QR failed on a " + dims(a) + " matrix");
    }
    return qr.getQ(null, true);
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static String dims(DMatrixRMaj m) {
    return m.numRows + "x" + m.numCols;
  }
}
