package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReadoutMitigatorTest {
  static final double EPS = 1e-12;

  static Stream<Long> seeds() {
    return IntStream.range(0, 8).mapToObj(i -> 1000L + i);
  }

  static ReadoutCalibration randomCal(int n, SplittableRandom rng) {
    double[] a = new double[n];
    double[] b = new double[n];
    for (int q = 0; q < n; q++) {
      a[q] = 0.1 * rng.nextDouble();
      b[q] = 0.15 * rng.nextDouble();
    }
    return new ReadoutCalibration(a, b);
  }

  static double[] randomDistribution(int n, SplittableRandom rng) {
    double[] p = new double[1 << n];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble();
      s += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= s;
    }
    return p;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void invert_ofKnownConfusion_recoversTheDistributionExactly(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(6);
    ReadoutCalibration cal = randomCal(n, rng);
    double[] p = randomDistribution(n, rng);
    double[] measured = ReadoutMitigator.applyConfusion(p, cal);
    assertThat(measured).isNotEqualTo(p);
    assertThat(ReadoutMitigator.invert(measured, cal)).containsExactly(p, within(EPS));
    assertThat(ReadoutMitigator.leastSquares(measured, cal)).containsExactly(p, within(EPS));
  }

  @Test
  void applyConfusion_matchesTheTextbookSingleQubitFormula() {
    ReadoutCalibration cal = new ReadoutCalibration(new double[] {0.1}, new double[] {0.2});
    // prepared 0 with prob 0.7, 1 with 0.3: read 0 = 0.7*0.9 + 0.3*0.2
    double[] m = ReadoutMitigator.applyConfusion(new double[] {0.7, 0.3}, cal);
    assertThat(m).containsExactly(new double[] {0.69, 0.31}, within(EPS));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void leastSquares_ofNoisyCounts_isADistributionSatisfyingKkt(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 2 + rng.nextInt(3);
    ReadoutCalibration cal = randomCal(n, rng);
    double[] p = new double[1 << n];
    p[0] = 0.5;
    p[p.length - 1] = 0.5; // GHZ-like: many true zeros, so shot noise drives the inverse negative
    double[] measured = ReadoutMitigator.applyConfusion(p, cal);
    long[] samples = sample(measured, 300, rng);
    double[] q = ReadoutMitigator.distribution(samples, n);
    double[] inv = ReadoutMitigator.invert(q, cal);
    double[] x = ReadoutMitigator.leastSquares(q, cal);
    assertThat(java.util.Arrays.stream(x).allMatch(v -> v >= 0)).isTrue();
    assertThat(java.util.Arrays.stream(x).sum()).isCloseTo(1, within(1e-12));
    // KKT on the simplex: gradient equal (= mu) on the support, >= mu off it.
    double[] r = ReadoutMitigator.applyConfusion(x, cal);
    for (int i = 0; i < r.length; i++) {
      r[i] -= q[i];
    }
    double[] g = applyTranspose(r, cal);
    double mu = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 1e-9) {
        if (Double.isNaN(mu)) {
          mu = g[i];
        }
        assertThat(g[i]).isCloseTo(mu, within(1e-7));
      }
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i] <= 1e-9) {
        assertThat(g[i]).isGreaterThanOrEqualTo(mu - 1e-7);
      }
    }
    if (java.util.Arrays.stream(inv).allMatch(v -> v >= 0)) {
      assertThat(x).containsExactly(inv, within(1e-12));
    }
  }

  @Test
  void subspace_withEveryOutcomeObserved_equalsTheFullInverse() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 5;
    ReadoutCalibration cal = randomCal(n, rng);
    double[] p = randomDistribution(n, rng);
    double[] measured = ReadoutMitigator.applyConfusion(p, cal);
    Map<Long, Long> counts = new HashMap<>();
    long total = 0;
    for (int i = 0; i < measured.length; i++) {
      long c = Math.round(measured[i] * 1e9);
      counts.put((long) i, c);
      total += c;
    }
    double[] q = new double[measured.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = counts.get((long) i) / (double) total;
    }
    double[] inv = ReadoutMitigator.invert(q, cal);
    Map<Long, Double> sub = ReadoutMitigator.subspace(counts, cal);
    for (int i = 0; i < q.length; i++) {
      assertThat(sub.get((long) i)).isCloseTo(inv[i], within(1e-10));
      assertThat(inv[i]).isCloseTo(p[i], within(1e-8));
    }
  }

  @Test
  void subspace_onManyQubits_recoversGhzParities() {
    // 16 qubits, GHZ state, 2% readout error: few distinct outcomes, no 2^16 matrix is formed.
    int n = 16;
    SplittableRandom rng = new SplittableRandom(11);
    ReadoutCalibration cal = ReadoutCalibration.uniform(n, 0.02, 0.03);
    long all = (1L << n) - 1;
    long[] samples = new long[20000];
    for (int s = 0; s < samples.length; s++) {
      long x = rng.nextBoolean() ? all : 0;
      for (int q = 0; q < n; q++) {
        boolean one = (x >>> q & 1) != 0;
        if (rng.nextDouble() < (one ? cal.p01(q) : cal.p10(q))) {
          x ^= 1L << q;
        }
      }
      samples[s] = x;
    }
    Map<Long, Long> counts = ReadoutMitigator.counts(samples);
    Map<Long, Double> raw = new HashMap<>();
    counts.forEach((k, v) -> raw.put(k, v / (double) samples.length));
    Map<Long, Double> mit = ReadoutMitigator.subspace(counts, cal);
    double zzRaw = ReadoutMitigator.parity(raw, 0b11);
    double zzMit = ReadoutMitigator.parity(mit, 0b11);
    // ideal <Z0 Z1> = 1; readout error alone pulls it to about 0.9
    assertThat(zzRaw).isLessThan(0.93);
    assertThat(zzMit).isCloseTo(1.0, within(0.03));
    double allZ = ReadoutMitigator.parity(mit, all); // ideal: (+1 + 1)/2 = 1 for even n
    assertThat(ReadoutMitigator.parity(raw, all)).isLessThan(0.7);
    assertThat(allZ).isCloseTo(1.0, within(0.1));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void invertParity_ofExactMeasuredParities_isExact(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 2 + rng.nextInt(5);
    ReadoutCalibration cal = randomCal(n, rng);
    double[] p = randomDistribution(n, rng);
    double[] measured = ReadoutMitigator.applyConfusion(p, cal);
    long support = 1 + rng.nextInt((1 << n) - 1);
    Map<Long, Double> parities = new HashMap<>();
    for (long t : ReadoutMitigator.subsetsBySize(support)) {
      parities.put(t, ReadoutMitigator.parity(measured, t));
    }
    assertThat(ReadoutMitigator.invertParity(parities, support, cal))
        .isCloseTo(ReadoutMitigator.parity(p, support), within(1e-12));
  }

  @Test
  void projectToSimplex_keepsDistributionsAndClipsNegatives() {
    assertThat(ReadoutMitigator.projectToSimplex(new double[] {0.2, 0.8}))
        .containsExactly(new double[] {0.2, 0.8}, within(EPS));
    assertThat(ReadoutMitigator.projectToSimplex(new double[] {-0.1, 0.6, 0.5}))
        .containsExactly(new double[] {0, 0.55, 0.45}, within(EPS));
  }

  @Test
  void calibration_rejectsErrorsThatMakeTheMatrixSingular() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ReadoutCalibration(new double[] {0.5}, new double[] {0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qubit 0");
  }

  static long[] sample(double[] p, int shots, SplittableRandom rng) {
    long[] out = new long[shots];
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble();
      int i = 0;
      while (i < p.length - 1 && u >= p[i]) {
        u -= p[i];
        i++;
      }
      out[s] = i;
    }
    return out;
  }

  static double[] applyTranspose(double[] v, ReadoutCalibration cal) {
    double[] out = v.clone();
    for (int q = 0; q < cal.numQubits(); q++) {
      double[] a = cal.confusion(q);
      int bit = 1 << q;
      for (int i = 0; i < out.length; i++) {
        if ((i & bit) == 0) {
          double x = out[i];
          double y = out[i | bit];
          out[i] = a[0] * x + a[2] * y;
          out[i | bit] = a[1] * x + a[3] * y;
        }
      }
    }
    return out;
  }
}
