package io.qstep.runner.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.QStepException;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaTest {
  @TempDir Path dir;

  static double[] flat(double[][] rows, int count) {
    int d = rows[0].length;
    double[] x = new double[count * d];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows[r], 0, x, r * d, d);
    }
    return x;
  }

  @Test
  void digits_explainedVariance_matchesCovarianceEigenvalues_fromCommonsMath() {
    double[][] digits = Digits.images();
    double[] x = flat(digits, digits.length);
    Pca.Model m = Pca.fit(x, digits.length, 64, 10, 0, false, 0, "x");
    double[][] cov =
        new Covariance(new Array2DRowRealMatrix(digits), true).getCovarianceMatrix().getData();
    double[] eig = new EigenDecomposition(new Array2DRowRealMatrix(cov)).getRealEigenvalues();
    Arrays.sort(eig);
    double total = Arrays.stream(eig).sum();
    for (int i = 0; i < 10; i++) {
      double want = eig[eig.length - 1 - i];
      assertThat(m.explainedVariance()[i]).isCloseTo(want, within(1e-8 * want));
      assertThat(m.explainedVarianceRatio()[i]).isCloseTo(want / total, within(1e-10));
    }
    // components are orthonormal rows
    double[] c = m.components();
    for (int a = 0; a < 10; a++) {
      for (int b = 0; b < 10; b++) {
        double dot = 0;
        for (int j = 0; j < 64; j++) {
          dot += c[a * 64 + j] * c[b * 64 + j];
        }
        assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-10));
      }
    }
  }

  @Test
  void randomized_isSeeded_andCloseToExact() {
    double[][] digits = Digits.images();
    double[] x = flat(digits, digits.length);
    Pca.Model exact = Pca.fit(x, digits.length, 64, 8, 0, false, 0, "x");
    Pca.Model r1 = Pca.fit(x, digits.length, 64, 8, 0, true, 5, "x");
    Pca.Model r2 = Pca.fit(x, digits.length, 64, 8, 0, true, 5, "x");
    assertThat(r1.version()).isEqualTo(r2.version());
    // digits' spectrum decays slowly; with p = 10 and q = 2 the k-th value is within ~0.2%
    for (int i = 0; i < 8; i++) {
      assertThat(r1.explainedVariance()[i])
          .isCloseTo(exact.explainedVariance()[i], within(1e-2 * exact.explainedVariance()[i]));
    }
  }

  @Test
  void epsilon_choosesTheFewestComponents_thatMeetTheBudget() {
    double[][] digits = Digits.images();
    double[] x = flat(digits, digits.length);
    Pca.Model m = Pca.fit(x, digits.length, 64, 0, 0.3, false, 0, "x");
    double kept = Arrays.stream(m.explainedVarianceRatio()).sum();
    assertThat(1 - kept).isLessThanOrEqualTo(0.3 * 0.3 + 1e-12);
    Pca.Model fewer = Pca.fit(x, digits.length, 64, m.k() - 1, 0, false, 0, "x");
    assertThat(1 - Arrays.stream(fewer.explainedVarianceRatio()).sum()).isGreaterThan(0.09);
  }

  @Test
  void artifact_roundTrips_andATamperedOneIsRefused() throws Exception {
    double[][] digits = Digits.images();
    double[] x = flat(digits, 500);
    Pca.Model m = Pca.fit(x, 500, 64, 6, 0, false, 0, "x");
    m.save(dir);
    Pca.Model back = Pca.Model.load(dir);
    assertThat(back.version()).isEqualTo(m.version());
    assertThat(back.project(x, 500, "x")).containsExactly(m.project(x, 500, "x"));
    double[] mean = m.mean();
    mean[0] += 1e-9;
    Npy.write(Tensor.ofDoubles(mean, 64), dir.resolve("mean.npy"));
    assertThatThrownBy(() -> Pca.Model.load(dir))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("artifact");
  }

  @Test
  void badArguments_nameTheField() {
    double[] x = new double[12];
    assertThatThrownBy(() -> Pca.fit(x, 4, 3, 4, 0, false, 0, "x"))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.components");
    assertThatThrownBy(() -> Pca.fit(x, 4, 3, 0, -0.5, false, 0, "x"))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.epsilon");
    double[] nan = x.clone();
    nan[5] = Double.NaN;
    assertThatThrownBy(() -> Pca.fit(nan, 4, 3, 1, 0, false, 0, "inputs[x]"))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("inputs[x]");
  }
}
