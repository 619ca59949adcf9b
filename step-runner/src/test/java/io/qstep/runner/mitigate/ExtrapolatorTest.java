package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExtrapolatorTest {
  static Stream<Long> seeds() {
    return IntStream.range(0, 10).mapToObj(i -> 500L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void exp_onExactlyExponentialDecay_recoversTheIdealValue(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double ideal = rng.nextDouble() * 2 - 1;
    double gamma = 0.02 + 0.5 * rng.nextDouble();
    double[] scales = {1, 2, 3, 5};
    double[] y = new double[scales.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = ideal * Math.exp(-gamma * scales[i]);
    }
    Extrapolator.Fit fixed = Extrapolator.exp(0).fit(scales, y, null);
    assertThat(fixed.value()).isCloseTo(ideal, within(1e-12));
    assertThat(fixed.residual()).isLessThan(1e-14);
    Extrapolator.Fit free = Extrapolator.exp().fit(scales, y, null);
    assertThat(free.value()).isCloseTo(ideal, within(1e-7));
    assertThat(free.coefficients()[2]).isCloseTo(gamma, within(1e-5));
    // with an offset asymptote, the three-parameter fit still recovers it
    double a = 0.3;
    double[] shifted = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      shifted[i] = a + y[i];
    }
    assertThat(Extrapolator.exp().fit(scales, shifted, null).value())
        .isCloseTo(a + ideal, within(1e-7));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void richardson_isExactForPolynomialDecayOfMatchingDegree(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int m = 2 + rng.nextInt(3);
    double[] coef = new double[m]; // degree m-1
    for (int i = 0; i < m; i++) {
      coef[i] = rng.nextDouble() * 2 - 1;
    }
    double[] scales = new double[m];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      scales[i] = 1 + 2 * i + rng.nextDouble() * 0.5;
      y[i] = horner(coef, scales[i]);
    }
    Extrapolator.Fit f = Extrapolator.richardson().fit(scales, y, null);
    assertThat(f.value()).isCloseTo(coef[0], within(1e-9));
    assertThat(f.residual()).isLessThan(1e-12);
    // poly of the same degree through the same points: the same answer
    if (m > 2) {
      assertThat(Extrapolator.poly(m - 1).fit(scales, y, null).value())
          .isCloseTo(coef[0], within(1e-9));
    }
  }

  @Test
  void linear_onQuadraticData_reportsItsResidual() {
    double[] s = {1, 2, 3};
    double[] y = {1, 4, 9};
    Extrapolator.Fit f = Extrapolator.linear().fit(s, y, null);
    assertThat(f.coefficients()).containsExactly(new double[] {-10.0 / 3, 4}, within(1e-12));
    assertThat(f.residual()).isCloseTo(Math.sqrt(2.0 / 9), within(1e-12));
    assertThat(f.uncertainty()).isGreaterThan(0);
  }

  @Test
  void everyExtrapolator_atZeroNoise_changesNothing() {
    double[] s = {1, 2, 3, 4};
    double[] y = {0.42, 0.42, 0.42, 0.42};
    for (String id : new String[] {"linear", "richardson", "poly2", "poly3", "exp"}) {
      assertThat(Extrapolator.parse(id, Double.NaN).fit(s, y, null).value())
          .as(id)
          .isCloseTo(0.42, within(1e-12));
    }
  }

  @Test
  void richardson_propagatesShotNoise() {
    // two points at 1 and 3: value = 1.5 y1 - 0.5 y3, variance = 2.25 s1^2 + 0.25 s3^2
    Extrapolator.Fit f =
        Extrapolator.richardson()
            .fit(new double[] {1, 3}, new double[] {0.8, 0.6}, new double[] {0.01, 0.02});
    assertThat(f.value()).isCloseTo(0.9, within(1e-12));
    assertThat(f.uncertainty()).isCloseTo(Math.sqrt(2.25e-4 + 0.25 * 4e-4), within(1e-8));
  }

  @Test
  void fit_withTooFewPoints_namesTheNeed() {
    assertThatThrownBy(
            () -> Extrapolator.poly(2).fit(new double[] {1, 3}, new double[] {1, 2}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poly2 needs at least 3");
    assertThatThrownBy(() -> Extrapolator.exp().fit(new double[] {1, 3}, new double[] {1, 2}, null))
        .hasMessageContaining("exp needs at least 3");
  }

  @Test
  void parse_unknownName_listsTheKnownOnes() {
    assertThatThrownBy(() -> Extrapolator.parse("cubic", Double.NaN))
        .hasMessageContaining("known: linear, richardson");
  }

  static double horner(double[] c, double x) {
    double y = 0;
    for (int i = c.length - 1; i >= 0; i--) {
      y = y * x + c[i];
    }
    return y;
  }
}
