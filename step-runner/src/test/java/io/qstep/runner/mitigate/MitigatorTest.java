package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MitigatorTest {
  static final List<String> OBS = List.of("ZZI", "XIX", "IYZ", "ZZZ");

  static Stream<Long> seeds() {
    return IntStream.range(0, 5).mapToObj(i -> 70L + i);
  }

  static Circuit circuit(SplittableRandom rng) {
    Circuit.Builder b = Circuit.builder(3);
    for (int layer = 0; layer < 3; layer++) {
      for (int q = 0; q < 3; q++) {
        b.ry(q, rng.nextDouble() * 3).rz(q, rng.nextDouble() * 3);
      }
      b.cx(0, 1).cx(1, 2);
    }
    return b.build();
  }

  static MitigationSpec spec(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return MitigationSpec.parse(m);
  }

  static ReadoutCalibration cal() {
    return new ReadoutCalibration(new double[] {0.02, 0.05, 0.03}, new double[] {0.04, 0.08, 0.06});
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void zeroNoise_atScaleOne_changesNothing(long seed) {
    Circuit c = circuit(new SplittableRandom(seed));
    Executor ideal = AnalyticNoise.ideal();
    double[] raw = ideal.run(c, 1, 0, OBS, 0).expectations();
    for (String[] s :
        new String[][] {
          {"mitigation", "readout"},
          {"mitigation", "zne", "zne_extrapolator", "richardson"},
          {"mitigation", "zne", "zne_extrapolator", "linear"},
          {"mitigation", "zne", "zne_extrapolator", "poly2"},
          {"mitigation", "zne", "zne_extrapolator", "exp"},
          {"mitigation", "zne", "zne_folding", "random", "zne_scales", "1,1.5,2.5"},
          {"mitigation", "readout+zne", "zne_folding", "local"},
        }) {
      MitigationSpec spec = spec(s);
      ReadoutCalibration ro = ReadoutCalibrator.measure(ideal, 3, 0, 1);
      Mitigator m = new Mitigator(spec, ideal, ro, null);
      Mitigator.RowResult r = m.mitigate(c, OBS, 0, seed, raw);
      assertThat(r.mitigated()).as(spec.toString()).containsExactly(raw, within(1e-10));
      assertThat(r.raw()).isEqualTo(raw);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void zne_withFolding_onExponentialGateNoise_recoversTheIdealValue(long seed) {
    Circuit c = circuit(new SplittableRandom(seed));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Executor noisy = AnalyticNoise.gates(0.99, null);
    for (String folding : new String[] {"global", "local", "random"}) {
      MitigationSpec spec =
          spec(
              "mitigation", "zne",
              "zne_extrapolator", "exp",
              "zne_exp_asymptote", "0",
              "zne_folding", folding,
              "zne_scales", "1,2,3");
      Mitigator m = new Mitigator(spec, noisy, null, null);
      Mitigator.RowResult r = m.mitigate(c, OBS, 0, seed, null);
      assertThat(r.mitigated()).as(folding).containsExactly(ideal, within(1e-10));
      double rawErr = 0;
      for (int i = 0; i < ideal.length; i++) {
        rawErr += Math.abs(r.raw()[i] - ideal[i]);
      }
      assertThat(rawErr).isGreaterThan(0.01);
      assertThat(m.executions()).isEqualTo(3); // raw (reused as scale 1) + scales 2 and 3
    }
  }

  @Test
  void zne_exp_onDirectlyScaledExponentialDecay_isExact() {
    Circuit c = circuit(new SplittableRandom(3));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Mitigator m =
        new Mitigator(
            spec("mitigation", "zne", "zne_extrapolator", "exp", "zne_scales", "1,2,4"),
            AnalyticNoise.exp(0.3),
            null,
            null);
    assertThat(m.mitigate(c, OBS, 0, 1, null).mitigated()).containsExactly(ideal, within(1e-7));
  }

  @Test
  void zne_richardson_onQuadraticDecay_isExact() {
    Circuit c = circuit(new SplittableRandom(4));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Mitigator m =
        new Mitigator(
            spec("mitigation", "zne", "zne_extrapolator", "richardson", "zne_scales", "1,2,3.5"),
            AnalyticNoise.poly(-0.08, 0.004),
            null,
            null);
    Mitigator.RowResult r = m.mitigate(c, OBS, 0, 1, null);
    assertThat(r.mitigated()).containsExactly(ideal, within(1e-12));
    assertThat(r.fits()).hasSize(OBS.size());
    assertThat(r.fits().get(0).fit().residual()).isLessThan(1e-14);
    // linear is not exact for quadratic decay, and says so through its residual
    Mitigator lin =
        new Mitigator(
            spec("mitigation", "zne", "zne_extrapolator", "linear", "zne_scales", "1,2,3.5"),
            AnalyticNoise.poly(-0.08, 0.004),
            null,
            null);
    assertThat(lin.mitigate(c, OBS, 0, 1, null).fits().get(0).fit().residual()).isGreaterThan(0);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void readout_exact_withMeasuredCalibration_invertsTheConfusionExactly(long seed) {
    Circuit c = circuit(new SplittableRandom(seed));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Executor noisy = AnalyticNoise.gates(1, cal());
    ReadoutCalibration measured = ReadoutCalibrator.measure(noisy, 3, 0, 0);
    assertThat(measured.p1given0()).containsExactly(cal().p1given0(), within(1e-12));
    assertThat(measured.p0given1()).containsExactly(cal().p0given1(), within(1e-12));
    Mitigator m = new Mitigator(spec("mitigation", "readout"), noisy, measured, null);
    Mitigator.RowResult r = m.mitigate(c, OBS, 0, seed, null);
    assertThat(r.mitigated()).containsExactly(ideal, within(1e-12));
    assertThat(r.raw()).doesNotContain(ideal, within(1e-4));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void readoutPlusZne_exact_recoversTheIdealValue(long seed) {
    Circuit c = circuit(new SplittableRandom(seed));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Executor noisy = AnalyticNoise.gates(0.995, cal());
    Mitigator m =
        new Mitigator(
            spec("mitigation", "readout+zne", "zne_extrapolator", "exp", "zne_exp_asymptote", "0"),
            noisy,
            cal(),
            null);
    assertThat(m.mitigate(c, OBS, 0, seed, null).mitigated()).containsExactly(ideal, within(1e-10));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void readout_shots_everyMethod_isWithinItsStandardError(long seed) {
    Circuit c = circuit(new SplittableRandom(seed));
    double[] ideal = AnalyticNoise.idealValues(c, OBS);
    Executor noisy = AnalyticNoise.gates(1, cal());
    for (String method : new String[] {"inverse", "lsq", "m3", "auto"}) {
      Mitigator m =
          new Mitigator(
              spec("mitigation", "readout", "readout_method", method), noisy, cal(), null);
      Mitigator.RowResult r = m.mitigate(c, OBS, 20_000, seed, null);
      for (int i = 0; i < ideal.length; i++) {
        // 5 sigma: a seeded test that fails by chance with probability ~1e-6 per value
        assertThat(r.mitigated()[i])
            .as(method + " " + OBS.get(i))
            .isCloseTo(ideal[i], within(5 * r.uncertainty()[i] + 1e-3));
        assertThat(r.uncertainty()[i]).isGreaterThan(0).isLessThan(0.02);
      }
    }
  }
}
