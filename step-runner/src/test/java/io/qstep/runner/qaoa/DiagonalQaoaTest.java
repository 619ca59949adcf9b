package io.qstep.runner.qaoa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiagonalQaoaTest {
  static final double EPS = 1e-10;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void closedFormP1_equalsSimulation_onRandomGraphs(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 4 + rng.nextInt(7);
    boolean weighted = seed % 2 == 0;
    double[] w =
        weighted ? Graphs.random(n, 0.5, 0.1, 2.0, seed) : Graphs.random(n, 0.5, 1, 1, seed);
    MaxCutGraph g = new MaxCutGraph(n, w);
    DiagonalQaoa sim = new DiagonalQaoa(n, g.qubo().costVector(), false);
    for (int t = 0; t < 10; t++) {
      double gamma = rng.nextDouble(-Math.PI, Math.PI);
      double beta = rng.nextDouble(-Math.PI, Math.PI);
      double simulated = sim.expectation(new double[] {gamma}, new double[] {beta});
      assertThat(g.closedFormP1(gamma, beta))
          .as("n=%d weighted=%s gamma=%f beta=%f", n, weighted, gamma, beta)
          .isCloseTo(simulated, within(EPS));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void fastPath_equalsEngineOnTheQaoaCircuit(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 6 + (int) (seed % 3);
    int p = 3;
    double[] w = Graphs.random(n, 0.6, 0.2, 1.5, seed);
    MaxCutGraph g = new MaxCutGraph(n, w);
    DiagonalQaoa fast = new DiagonalQaoa(n, g.qubo().costVector(), false);
    double[] gammas = rng.doubles(p, -1, 1).toArray();
    double[] betas = rng.doubles(p, -1, 1).toArray();
    fast.prepare(gammas, betas);
    double[] angles = new double[2 * p];
    System.arraycopy(gammas, 0, angles, 0, p);
    System.arraycopy(betas, 0, angles, p, p);
    try (StateVector s =
        new StateVectorSimulator(SimOptions.defaults()).run(g.circuit(p).bind(angles))) {
      double[] probs = s.probabilities();
      for (int i = 0; i < probs.length; i++) {
        assertThat(fast.probability(i)).as("index %d", i).isCloseTo(probs[i], within(EPS));
      }
    }
  }

  @Test
  void phaseTable_andDirectPhases_agree_andParallelIsBitIdentical() {
    int n = 15;
    double[] w = Graphs.random3Regular(16, 3);
    double[] w15 = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w, i * 16, w15, i * n, n);
    }
    double[] cost = new MaxCutGraph(n, w15).qubo().costVector();
    double[] shifted = cost.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 0.5; // not integral: no table
    }
    DiagonalQaoa table = new DiagonalQaoa(n, cost, false);
    DiagonalQaoa direct = new DiagonalQaoa(n, shifted, false);
    DiagonalQaoa par = new DiagonalQaoa(n, cost, true);
    assertThat(table.usesPhaseTable()).isTrue();
    assertThat(direct.usesPhaseTable()).isFalse();
    double[] g = {0.4, 0.7};
    double[] b = {0.3, 0.1};
    double e = table.expectation(g, b);
    assertThat(direct.expectation(g, b) - 0.5).isCloseTo(e, within(EPS));
    assertThat(par.expectation(g, b)).isEqualTo(e);
    assertThat(par.probabilities()).isEqualTo(table.probabilities());
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23})
  void costVector_equalsDirectEvaluation(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 9;
    double[] h = rng.doubles(n, -2, 2).toArray();
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = rng.nextDouble(-3, 3);
        q[i * n + j] = v;
        q[j * n + i] = v;
      }
    }
    Qubo f = new Qubo(n, h, q, 1.25);
    double[] c = f.costVector();
    for (int x = 0; x < c.length; x++) {
      assertThat(c[x]).isCloseTo(f.value(x), within(EPS));
    }
  }

  @Test
  void interpolate_keepsEndpoints_andRampIsMonotone() {
    double[] x = QaoaSolver.interpolate(new double[] {0.5, 0.3}, 1);
    assertThat(x).containsExactly(0.5, 0.5, 0.3, 0.3);
    double[] r = QaoaSolver.ramp(3, 0.9);
    assertThat(r[0]).isLessThan(r[1]);
    assertThat(r[1]).isLessThan(r[2]);
    assertThat(r[3]).isGreaterThan(r[4]);
  }

  @Test
  void sampling_isReproducible_andFollowsTheDistribution() {
    double[] w = Graphs.petersen();
    MaxCutGraph g = new MaxCutGraph(10, w);
    DiagonalQaoa sim = new DiagonalQaoa(10, g.qubo().costVector(), false);
    sim.prepare(new double[] {0.6}, new double[] {0.35});
    int[] a = sim.sample(5000, new SplittableRandom(9));
    int[] b = sim.sample(5000, new SplittableRandom(9));
    assertThat(a).isEqualTo(b);
    double mean = sim.sampledMean(a);
    // the cut is in [0, 15]: the sample mean of 5000 shots is within 6 sigma <= 6 * 7.5/sqrt(5000)
    assertThat(mean).isCloseTo(sim.expectation(), within(6 * 7.5 / Math.sqrt(5000)));
  }
}
