package io.qstep.runner.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.qaoa.Graphs;
import io.qstep.runner.qaoa.MaxCutGraph;
import io.qstep.runner.qaoa.Qubo;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuboBaselinesTest {
  static final double EPS = 1e-9;

  @Test
  void petersen_exactCpSatAndAnnealing_allFindTwelve() {
    MaxCutGraph g = new MaxCutGraph(10, Graphs.petersen());
    Qubo negCut = g.qubo().negate();
    QuboBaselines.Solution exact = QuboBaselines.exact(g.qubo().costVector(), true);
    QuboBaselines.Solution cp = QuboBaselines.cpSat(negCut, 5, 1);
    QuboBaselines.Solution sa = QuboBaselines.anneal(negCut, 1000, 1);
    assertThat(exact.value()).isEqualTo(12.0);
    assertThat(cp.status()).isEqualTo("OPTIMAL");
    assertThat(cp.optimal()).isTrue();
    assertThat(-cp.value()).isEqualTo(12.0);
    assertThat(-cp.bound()).isEqualTo(12.0);
    assertThat(g.cut(cp.bits())).isEqualTo(12.0);
    assertThat(-sa.value()).isEqualTo(12.0);
    assertThat(g.cut(sa.bits())).isEqualTo(12.0);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void cpSat_onRealCoefficients_matchesEnumeration(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 10;
    double[] h = rng.doubles(n, -2, 2).toArray();
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = rng.nextDouble(-3, 3);
        q[i * n + j] = v;
        q[j * n + i] = v;
      }
    }
    Qubo f = new Qubo(n, h, q, 0.5);
    QuboBaselines.Solution exact = QuboBaselines.exact(f.costVector(), false);
    QuboBaselines.Solution cp = QuboBaselines.cpSat(f, 5, seed);
    assertThat(cp.value()).isCloseTo(exact.value(), within(EPS));
    assertThat(cp.bound()).isLessThanOrEqualTo(exact.value() + 1e-6);
    assertThat(QuboBaselines.anneal(f, 2000, seed).value()).isCloseTo(exact.value(), within(EPS));
  }

  @Test
  void anneal_isReproducible() {
    Qubo f = new MaxCutGraph(16, Graphs.random3Regular(16, 5)).qubo().negate();
    assertThat(QuboBaselines.anneal(f, 300, 7).bits())
        .isEqualTo(QuboBaselines.anneal(f, 300, 7).bits());
  }
}
