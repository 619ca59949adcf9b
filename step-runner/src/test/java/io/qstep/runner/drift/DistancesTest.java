package io.qstep.runner.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Distances and PSI against hand-computed values. */
class DistancesTest {
  private static final double EPS = 1e-12;

  @Test
  void disjointDistributions_areAtDistanceOne() {
    double[] p = {1, 0};
    double[] q = {0, 1};
    assertThat(Distances.totalVariation(p, q)).isCloseTo(1, within(EPS));
    assertThat(Distances.hellinger(p, q)).isCloseTo(1, within(EPS));
  }

  @Test
  void identicalDistributions_areAtDistanceZero() {
    double[] p = Distances.normalize(new double[] {3, 1, 0, 4});
    assertThat(Distances.totalVariation(p, p)).isZero();
    assertThat(Distances.hellinger(p, p)).isCloseTo(0, within(1e-7));
  }

  @Test
  void halfAndHalf_againstACertainOutcome() {
    double[] p = {0.5, 0.5};
    double[] q = {1, 0};
    assertThat(Distances.totalVariation(p, q)).isCloseTo(0.5, within(EPS));
    assertThat(Distances.hellinger(p, q)).isCloseTo(Math.sqrt(1 - Math.sqrt(0.5)), within(EPS));
  }

  @Test
  void normalize_rejectsNegativeAndEmpty() {
    assertThatThrownBy(() -> Distances.normalize(new double[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Distances.normalize(new double[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void psi_ofTheSameSample_isZero() {
    double[] x = new SplittableRandom(1).doubles(1000).toArray();
    assertThat(Distances.psi(x, x)).isCloseTo(0, within(EPS));
  }

  @Test
  void psi_allMassInTheFirstDecile_matchesHandComputation() {
    double[] ref = new double[100];
    for (int i = 0; i < 100; i++) {
      ref[i] = i;
    }
    double[] cur = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    // bins [−∞,10), [10,20), …: reference 0.1 each; current (1, 0, …, 0) with 0 -> 1e-4
    double expected = (1 - 0.1) * Math.log(1 / 0.1) + 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertThat(Distances.psi(ref, cur)).isCloseTo(expected, within(EPS));
  }

  @Test
  void psi_growsWithTheShiftOfANormal() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] ref = new double[5000];
    double[] small = new double[5000];
    double[] large = new double[5000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = gauss(rng);
      small[i] = gauss(rng) + 0.1;
      large[i] = gauss(rng) + 1.0;
    }
    double a = Distances.psi(ref, small);
    double b = Distances.psi(ref, large);
    assertThat(a).isLessThan(0.1);
    assertThat(b).isGreaterThan(0.25);
  }

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
