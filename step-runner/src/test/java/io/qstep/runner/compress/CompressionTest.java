package io.qstep.runner.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.QStepException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CompressionTest {
  @Test
  void ttVector_padsToAPowerOfTwo_andMeetsTheBudget() {
    double[] v = new double[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.cos(i * 0.2) + 0.05 * Math.sin(i * 3.1);
    }
    TtSvd.Result r = Compression.ttVector(v, 0.01, 0);
    assertThat(r.train().fullSize()).isEqualTo(128);
    double[] back = Arrays.copyOf(r.train().reconstruct(), 100);
    double num = 0;
    double den = 0;
    for (int i = 0; i < 100; i++) {
      num += (back[i] - v[i]) * (back[i] - v[i]);
      den += v[i] * v[i];
    }
    assertThat(Math.sqrt(num / den)).isLessThanOrEqualTo(0.01);
  }

  @Test
  void fitAndApplyPca_onDigits_trainAndServeAgree() {
    double[][] digits = Digits.images();
    double[][] train = Arrays.copyOf(digits, 1500);
    double[][] test = Arrays.copyOfRange(digits, 1500, 1797);
    Pca.Model m = Compression.fitPca(train, 12, 0, false, 0);
    double[][] z = Compression.applyPca(m, test);
    assertThat(z).hasNumberOfRows(297);
    assertThat(z[0]).hasSize(12);
    double[] again = m.project(test[0], 1, "x");
    for (int k = 0; k < 12; k++) {
      assertThat(z[0][k]).isCloseTo(again[k], within(1e-12));
    }
  }

  @Test
  void raggedRows_areInvalid() {
    assertThatThrownBy(() -> Compression.fitPca(new double[][] {{1, 2}, {3}}, 1, 0, false, 0))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("row 1");
  }
}
