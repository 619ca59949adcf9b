package io.qstep.runner.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TtSvdTest {
  static LongStream seeds() {
    return LongStream.range(1, 9);
  }

  static double[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  static double relDiff(double[] a, double[] b) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += a[i] * a[i];
    }
    return Math.sqrt(num / den);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fullRank_reconstructsExactly(long seed) {
    int[] dims = {3, 4, 2, 5};
    double[] x = random(120, seed);
    TtSvd.Result r = TtSvd.decompose(x, dims, TtSvd.Options.exact());
    assertThat(relDiff(x, r.train().reconstruct())).isLessThan(1e-12);
    assertThat(r.relativeError()).isLessThan(1e-12);
    assertThat(r.ranks()).containsExactly(1, 3, 10, 5, 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void errorNeverGrowsWithBond_andReportedErrorIsTheTrueError(long seed) {
    double[] x = random(1 << 10, seed);
    int[] dims = TtSvd.qubitDims(x.length);
    double prev = Double.POSITIVE_INFINITY;
    for (int chi = 1; chi <= 32; chi++) {
      TtSvd.Result r = TtSvd.decompose(x, dims, TtSvd.Options.maxBond(chi));
      assertThat(r.relativeError()).isLessThanOrEqualTo(prev + 1e-12);
      assertThat(r.train().maxRank()).isLessThanOrEqualTo(chi);
      assertThat(relDiff(x, r.train().reconstruct())).isCloseTo(r.relativeError(), within(1e-10));
      prev = r.relativeError();
    }
    assertThat(prev).isLessThan(1e-12); // χ = 32 is full rank for 10 qubits
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void epsilonBudget_isRespected(long seed) {
    double[] x = random(1 << 12, seed);
    for (double eps : new double[] {0.5, 0.2, 0.05, 1e-3}) {
      TtSvd.Result r = TtSvd.decompose(x, TtSvd.qubitDims(x.length), TtSvd.Options.epsilon(eps));
      assertThat(r.relativeError()).isLessThanOrEqualTo(eps);
      assertThat(relDiff(x, r.train().reconstruct())).isLessThanOrEqualTo(eps + 1e-12);
    }
  }

  @Test
  void twoModes_matchEckartYoung_fromCommonsMathSvd() {
    double[] x = random(12 * 20, 3);
    double[][] m = new double[12][20];
    for (int i = 0; i < 12; i++) {
      System.arraycopy(x, i * 20, m[i], 0, 20);
    }
    double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getSingularValues();
    double total = 0;
    for (double v : s) {
      total += v * v;
    }
    for (int k = 1; k <= 12; k++) {
      double tail = 0;
      for (int i = k; i < s.length; i++) {
        tail += s[i] * s[i];
      }
      TtSvd.Result r = TtSvd.decompose(x, new int[] {12, 20}, TtSvd.Options.maxBond(k));
      assertThat(r.relativeError()).isCloseTo(Math.sqrt(tail / total), within(1e-12));
    }
  }

  @Test
  void digits_fullRankExact_andBondTwoKeepsMostEnergy() {
    double[][] digits = Digits.images();
    for (int i = 0; i < 50; i++) {
      double[] x = digits[i];
      TtSvd.Result exact = TtSvd.decompose(x, TtSvd.qubitDims(64), TtSvd.Options.exact());
      assertThat(relDiff(x, exact.train().reconstruct())).isLessThan(1e-12);
      double prev = 1;
      for (int chi = 1; chi <= 8; chi++) {
        TtSvd.Result r = TtSvd.decompose(x, TtSvd.qubitDims(64), TtSvd.Options.maxBond(chi));
        assertThat(r.relativeError()).isLessThanOrEqualTo(prev + 1e-12);
        prev = r.relativeError();
      }
      assertThat(prev).isLessThan(1e-12); // χ = 8 = 2^(6/2) is full rank
    }
  }

  @Test
  void randomized_atFullBond_isExact_andSeeded() {
    double[] x = random(64 * 300, 5);
    int[] dims = {64, 300};
    TtSvd.Options opt = new TtSvd.Options(0, 8, true, 42);
    TtSvd.Result a = TtSvd.decompose(x, dims, opt);
    TtSvd.Result b = TtSvd.decompose(x, dims, opt);
    assertThat(a.train().core(0)).containsExactly(b.train().core(0));
    TtSvd.Result exact = TtSvd.decompose(x, dims, TtSvd.Options.maxBond(8));
    // randomised with 2 power iterations is close to the optimal rank-8 error
    assertThat(a.relativeError()).isLessThan(exact.relativeError() * 1.02);
    assertThat(relDiff(x, a.train().reconstruct())).isCloseTo(a.relativeError(), within(1e-9));
  }

  @Test
  void zeroTensor_hasZeroError() {
    TtSvd.Result r = TtSvd.decompose(new double[16], TtSvd.qubitDims(16), TtSvd.Options.exact());
    assertThat(r.relativeError()).isZero();
    assertThat(r.train().reconstruct()).containsOnly(0.0);
  }

  @Test
  void badOptions_nameTheField() {
    assertThatThrownBy(() -> TtSvd.Options.epsilon(0))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.epsilon");
    assertThatThrownBy(() -> TtSvd.Options.epsilon(-0.1))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.epsilon");
    assertThatThrownBy(() -> new TtSvd.Options(Double.NaN, 0, false, 0))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("param.epsilon");
    assertThatThrownBy(() -> TtSvd.Options.maxBond(0))
        .extracting(e -> ((QStepException) e).reason(), e -> ((QStepException) e).field())
        .containsExactly(ErrorReason.INVALID_VALUE, "param.max_bond");
  }

  @Test
  void nanInput_isInvalidTensor() {
    double[] x = random(8, 1);
    x[3] = Double.NaN;
    assertThatThrownBy(() -> TtSvd.decompose(x, TtSvd.qubitDims(8), TtSvd.Options.exact()))
        .extracting(e -> ((QStepException) e).reason(), e -> ((QStepException) e).field())
        .containsExactly(ErrorReason.INVALID_TENSOR, "x");
  }
}
