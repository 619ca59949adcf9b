package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurrogateTest {
  @TempDir Path dir;
  static final List<String> OBS = List.of("ZZII", "IXXI", "IIZZ", "ZIIZ");

  static Circuit template() {
    Circuit.Builder b = Circuit.builder(4);
    int p = 0;
    for (int layer = 0; layer < 2; layer++) {
      for (int q = 0; q < 4; q++) {
        b.ry(q, Param.symbol("t" + p++));
      }
      for (int q = 0; q < 3; q++) {
        b.cx(q, q + 1);
      }
      for (int q = 0; q < 4; q++) {
        b.rz(q, Param.symbol("t" + p++));
      }
    }
    return b.build();
  }

  static List<Circuit> rows(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit t = template();
    List<Circuit> out = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      double[] v = new double[t.parameters().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextDouble() * 2 * Math.PI;
      }
      out.add(t.bind(v));
    }
    return out;
  }

  static double meanError(Surrogate s, Mitigator features, List<Circuit> test, boolean raw) {
    double e = 0;
    int n = 0;
    for (Circuit c : test) {
      double[] ideal = AnalyticNoise.idealValues(c, OBS);
      Mitigator.Features f = features.features(c, OBS, 0, 1, null);
      double[] v = raw ? f.values()[0] : s.predict(f.flat());
      for (int i = 0; i < ideal.length; i++) {
        e += Math.abs(v[i] - ideal[i]);
        n++;
      }
    }
    return e / n;
  }

  Surrogate train(String kind, long seed) {
    MitigationSpec spec =
        MitigationSpec.parse(Map.of("mitigation", "surrogate", "surrogate_train", "true"));
    Mitigator features = Mitigator.featuresOnly(spec, AnalyticNoise.gates(0.985, null), null);
    return SurrogateTrainer.train(
        kind,
        features,
        template(),
        rows(8, 1),
        OBS,
        new double[] {1},
        0,
        60,
        0.1,
        seed,
        new SurrogateTrainer.Context("cal-1", Map.of("gate_error_2q_mean", 0.01)));
  }

  @Test
  void linear_onHeldOutCircuits_reducesTheErrorFiveFold_andRoundTripsThroughItsFile() {
    Surrogate s = train("linear", 5);
    MitigationSpec spec = MitigationSpec.parse(Map.of("mitigation", "none"));
    Mitigator features = Mitigator.featuresOnly(spec, AnalyticNoise.gates(0.985, null), null);
    List<Circuit> test = rows(10, 99); // held out: other parameter values, same structure
    double raw = meanError(s, features, test, true);
    double mit = meanError(s, features, test, false);
    assertThat(mit).isLessThan(raw / 5);
    Path f = dir.resolve("m.json");
    SurrogateFile.save(s, f);
    Surrogate back = SurrogateFile.load(f);
    assertThat(back.metadata().modelVersion()).isEqualTo(s.metadata().modelVersion());
    assertThat(back.metadata().structureHash()).isEqualTo(CircuitStructure.hash(template()));
    assertThat(back.metadata().trainingSetSize()).isEqualTo(60);
    double[] x = {0.3, -0.2, 0.5, 0.1};
    assertThat(back.predict(x)).containsExactly(s.predict(x), within(1e-15));
  }

  @Test
  void mlp_onDjlPytorch_isSeededBeatsRawAndRoundTripsThroughItsFile() {
    Surrogate a = train("mlp", 7);
    Surrogate b = train("mlp", 7);
    double[] x = {0.3, -0.2, 0.5, 0.1};
    assertThat(a.predict(x)).containsExactly(b.predict(x), within(1e-6));
    MitigationSpec spec = MitigationSpec.parse(Map.of("mitigation", "none"));
    Mitigator features = Mitigator.featuresOnly(spec, AnalyticNoise.gates(0.985, null), null);
    List<Circuit> test = rows(10, 99);
    // On this noise the ideal value is exactly linear in the noisy one, so the linear model is the
    // right one (>= 5x, test above); the MLP must still beat the raw values clearly.
    assertThat(meanError(a, features, test, false))
        .isLessThan(meanError(a, features, test, true) / 2);
    Path f = dir.resolve("mlp.json");
    SurrogateFile.save(a, f);
    Surrogate back = SurrogateFile.load(f);
    assertThat(back).isInstanceOf(MlpSurrogate.class);
    assertThat(back.metadata().kind()).isEqualTo("mlp");
    assertThat(back.predict(x)).containsExactly(a.predict(x), within(1e-6));
  }

  @Test
  void structureHash_ignoresAnglesButNotGates() {
    List<Circuit> r = rows(2, 3);
    assertThat(CircuitStructure.hash(r.get(0))).isEqualTo(CircuitStructure.hash(r.get(1)));
    assertThat(CircuitStructure.hash(r.get(0))).isEqualTo(CircuitStructure.hash(template()));
    Circuit other = Circuit.builder(4).append(r.get(0)).h(0).build();
    assertThat(CircuitStructure.hash(other)).isNotEqualTo(CircuitStructure.hash(r.get(0)));
    Circuit nc = CircuitStructure.nearClifford(r.get(0), 0, new SplittableRandom(1));
    assertThat(CircuitStructure.hash(nc)).isEqualTo(CircuitStructure.hash(r.get(0)));
    for (var g : nc.gates()) {
      for (double a : g.angles(Map.of())) {
        assertThat(Math.abs(a / (Math.PI / 2) - Math.rint(a / (Math.PI / 2)))).isLessThan(1e-12);
      }
    }
  }

  @Test
  void nearClifford_keptGatesKeepTheirOriginalAngles_othersSnap_neverTheTargetItself() {
    Circuit target = rows(1, 7).get(0);
    int kept = 0;
    int snapped = 0;
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      Circuit nc = CircuitStructure.nearClifford(target, 0.5, rng);
      assertThat(CircuitStructure.hash(nc)).isEqualTo(CircuitStructure.hash(target));
      boolean differs = false;
      for (int gi = 0; gi < target.gates().size(); gi++) {
        double[] a = target.gates().get(gi).angles(Map.of());
        double[] b = nc.gates().get(gi).angles(Map.of());
        for (int i = 0; i < a.length; i++) {
          if (b[i] == a[i]) {
            kept++;
          } else {
            // A snapped angle is one of the two multiples of π/2 around the original.
            assertThat(CircuitStructure.clifford(new double[] {b[i]})).isTrue();
            assertThat(Math.abs(b[i] - a[i])).isLessThan(Math.PI / 2 + 1e-12);
            snapped++;
            differs = true;
          }
        }
      }
      assertThat(differs).isTrue();
    }
    // 16 rotations per circuit, half kept on average (less the one always snapped).
    assertThat(kept + snapped).isEqualTo(50 * 16);
    assertThat((double) kept / (kept + snapped)).isBetween(0.35, 0.55);
    // keep = 1 still snaps one non-Clifford gate.
    Circuit all = CircuitStructure.nearClifford(target, 1, new SplittableRandom(1));
    int changed = 0;
    for (int gi = 0; gi < target.gates().size(); gi++) {
      if (!java.util.Arrays.equals(
          target.gates().get(gi).angles(Map.of()), all.gates().get(gi).angles(Map.of()))) {
        changed++;
      }
    }
    assertThat(changed).isEqualTo(1);
  }

  @Test
  void drift_beyondThreshold_flagsTheModel() {
    Surrogate s = train("linear", 5);
    MitigationSpec spec =
        MitigationSpec.parse(Map.of("mitigation", "surrogate", "surrogate_model", "x.json"));
    assertThat(
            SurrogateChecks.check(
                s.metadata(), spec, template(), OBS, Map.of("gate_error_2q_mean", 0.011)))
        .isEmpty();
    assertThat(
            SurrogateChecks.check(
                s.metadata(), spec, template(), OBS, Map.of("gate_error_2q_mean", 0.02)))
        .anyMatch(r -> r.contains("calibration drift"));
  }
}
