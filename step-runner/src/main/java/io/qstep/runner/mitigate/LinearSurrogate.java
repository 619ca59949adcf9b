package io.qstep.runner.mitigate;

import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * The linear CDR baseline: per observable i, {@code ideal_i ≈ w_0 + Σ_j w_j noisy_{j,i}} over the
 * noise scales j, fitted by ordinary least squares (Commons Math). Immutable.
 */
public final class LinearSurrogate implements Surrogate {
  private final double[][] weights; // [k][1 + scales]
  private final SurrogateMetadata metadata;

  public LinearSurrogate(double[][] weights, SurrogateMetadata metadata) {
    this.weights = new double[weights.length][];
    for (int i = 0; i < weights.length; i++) {
      this.weights[i] = weights[i].clone();
    }
    this.metadata = metadata;
  }

  /** The weights, [observable][intercept, one per scale]. A copy. */
  public double[][] weights() {
    double[][] w = new double[weights.length][];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i].clone();
    }
    return w;
  }

  @Override
  public SurrogateMetadata metadata() {
    return metadata;
  }

  @Override
  public double[] predict(double[] features) {
    int k = weights.length;
    int s = weights[0].length - 1;
    if (features.length != k * s) {
      throw new IllegalArgumentException(
          "expected "
              + k * s
              + " features ("
              + s
              + " scales x "
              + k
              + " observables), got "
              + features.length);
    }
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      double y = weights[i][0];
      for (int j = 0; j < s; j++) {
        y += weights[i][1 + j] * features[j * k + i];
      }
      out[i] = y;
    }
    return out;
  }

  /**
   * Fits the weights.
   *
   * @param x training features, [sample][scale-major features]
   * @param y ideal values, [sample][observable]
   * @param scales number of scales
   */
  static double[][] fit(double[][] x, double[][] y, int scales) {
    int n = x.length;
    int k = y[0].length;
    double[][] w = new double[k][];
    for (int i = 0; i < k; i++) {
      double[][] xi = new double[n][scales];
      double[] yi = new double[n];
      double spread = 0;
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < scales; j++) {
          xi[r][j] = x[r][j * k + i];
        }
        yi[r] = y[r][i];
        spread = Math.max(spread, Math.abs(yi[r] - yi[0]));
      }
      w[i] = new double[1 + scales];
      try {
        if (n <= scales + 1 || spread < 1e-12) {
          throw new SingularMatrixException();
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(yi, xi);
        w[i] = ols.estimateRegressionParameters();
      } catch (IllegalArgumentException e) {
        // Nothing to learn (constant ideal values, collinear features): predict the noisy value's
        // mean offset: ideal ≈ noisy + (mean ideal - mean noisy).
        double dm = 0;
        for (int r = 0; r < n; r++) {
          dm += yi[r] - xi[r][0];
        }
        w[i][0] = dm / n;
        w[i][1] = 1;
      }
    }
    return w;
  }
}
