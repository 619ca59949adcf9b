package io.qstep.runner.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KernelMetricsTest {
  @Test
  void scaleGamma_isOneOverFeaturesTimesVariance() {
    // values 0, 1, 2, 3: mean 1.5, variance 1.25; d = 2
    double g = KernelMetrics.scaleGamma(new double[] {0, 1, 2, 3}, 2);
    assertThat(g).isCloseTo(1 / (2 * 1.25), within(1e-15));
    assertThat(KernelMetrics.scaleGamma(new double[] {4, 4}, 1)).isEqualTo(1.0);
  }

  @Test
  void rbf_isExpOfMinusGammaSquaredDistance() {
    double[] a = {0, 0, 1, 2};
    double[] b = {3, 4};
    double[] k = KernelMetrics.rbf(a, 2, b, 1, 2, 0.1);
    assertThat(k[0]).isCloseTo(Math.exp(-0.1 * 25), within(1e-15));
    assertThat(k[1]).isCloseTo(Math.exp(-0.1 * 8), within(1e-15));
  }

  @Test
  void alignment_isOneForScaledCopies_andTargetAlignmentRewardsClassStructure() {
    double[] k = {1, 0.5, 0.5, 1};
    assertThat(KernelMetrics.alignment(k, new double[] {2, 1, 1, 2})).isCloseTo(1, within(1e-15));
    long[] y = {0, 1};
    double ideal = KernelMetrics.targetAlignment(new double[] {1, -1, -1, 1}, y);
    assertThat(ideal).isCloseTo(1, within(1e-15));
    assertThat(KernelMetrics.targetAlignment(new double[] {1, 0, 0, 1}, y))
        .isCloseTo(Math.sqrt(0.5), within(1e-15));
  }

  @Test
  void eigenvalues_ofAKnownMatrix() {
    double[] m = {2, 1, 1, 2};
    assertThat(KernelMetrics.minEigenvalue(m, 2)).isCloseTo(1, within(1e-12));
    double[] ms = KernelMetrics.offDiagonalMeanStd(new double[] {1, 0.2, 0.4, 1}, 2);
    assertThat(ms[0]).isCloseTo(0.3, within(1e-15));
    assertThat(ms[1]).isCloseTo(0.1, within(1e-12));
  }
}
