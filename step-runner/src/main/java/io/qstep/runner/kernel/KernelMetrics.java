package io.qstep.runner.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The classical side of a kernel step: the RBF baseline kernel and the figures that compare
 * kernels. Matrices are row-major {@code double[]}. Stateless.
 */
public final class KernelMetrics {
  private KernelMetrics() {}

  /**
   * scikit-learn's {@code gamma='scale'}: {@code 1 / (d · Var(X))} over every element of {@code x};
   * 1 when X is constant.
   */
  public static double scaleGamma(double[] x, int d) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    return var > 0 ? 1.0 / (d * var) : 1.0;
  }

  /** The RBF kernel {@code exp(−γ‖a_i − b_j‖²)}, [na, nb], for a [na, d], b [nb, d]. */
  public static double[] rbf(double[] a, int na, double[] b, int nb, int d, double gamma) {
    double[] k = new double[Math.multiplyExact(na, nb)];
    for (int i = 0; i < na; i++) {
      for (int j = 0; j < nb; j++) {
        double s = 0;
        for (int f = 0; f < d; f++) {
          double diff = a[i * d + f] - b[j * d + f];
          s += diff * diff;
        }
        k[i * nb + j] = Math.exp(-gamma * s);
      }
    }
    return k;
  }

  /**
   * Kernel alignment {@code ⟨K1, K2⟩_F / (‖K1‖_F ‖K2‖_F)} (Cristianini et al. 2001): 1 for kernels
   * that agree up to a scale.
   */
  public static double alignment(double[] k1, double[] k2) {
    double dot = 0;
    double n1 = 0;
    double n2 = 0;
    for (int i = 0; i < k1.length; i++) {
      dot += k1[i] * k2[i];
      n1 += k1[i] * k1[i];
      n2 += k2[i] * k2[i];
    }
    return n1 == 0 || n2 == 0 ? 0 : dot / Math.sqrt(n1 * n2);
  }

  /**
   * Kernel-target alignment: {@link #alignment} of K with the ideal kernel {@code T_ij = +1} when
   * {@code y_i = y_j}, −1 otherwise.
   */
  public static double targetAlignment(double[] k, long[] y) {
    int n = y.length;
    double[] t = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        t[i * n + j] = y[i] == y[j] ? 1 : -1;
      }
    }
    return alignment(k, t);
  }

  /** Mean and standard deviation of the off-diagonal entries of a square [n, n] matrix. */
  public static double[] offDiagonalMeanStd(double[] k, int n) {
    if (n < 2) {
      return new double[] {0, 0};
    }
    double sum = 0;
    double sq = 0;
    long count = (long) n * (n - 1);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double v = k[i * n + j];
          sum += v;
          sq += v * v;
        }
      }
    }
    double mean = sum / count;
    return new double[] {mean, Math.sqrt(Math.max(0, sq / count - mean * mean))};
  }

  /**
   * The eigenvalues of the symmetric [n, n] matrix {@code k} (EJML's symmetric eigensolver), in no
   * particular order.
   */
  public static double[] eigenvalues(double[] k, int n) {
    DMatrixRMaj m = new DMatrixRMaj(n, n, true, k);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    if (!eig.decompose(m)) {
      throw new ArithmeticException("eigendecomposition did not converge");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = eig.getEigenvalue(i).getReal();
    }
    return out;
  }

  /** The smallest eigenvalue of the symmetric matrix {@code k}. */
  public static double minEigenvalue(double[] k, int n) {
    double min = Double.POSITIVE_INFINITY;
    for (double e : eigenvalues(k, n)) {
      min = Math.min(min, e);
    }
    return min;
  }
}
