package io.qstep.runner.qaoa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stage.StepContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gate-level QAOA circuit that backends run is the fast path's state (a second, independent
 * simulation), and scores measured through the backend SPI equal the fast path's expectation.
 */
class BackendQaoaTest {
  static BackendRegistry registry;

  @BeforeAll
  static void open() {
    registry = BackendRegistry.loadDefault(12);
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  /** A random QUBO with a constant, some zero pairs. */
  static Qubo qubo(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] h = new double[n];
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      h[i] = rng.nextDouble(-2, 2);
      for (int j = i + 1; j < n; j++) {
        double w = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble(-2, 2);
        q[i * n + j] = w;
        q[j * n + i] = w;
      }
    }
    return new Qubo(n, h, q, 0.7);
  }

  static BackendQaoa on(String backend, Qubo s, long shots, long seed) {
    Backend b = registry.get(backend);
    StepContext ctx = new StepContext(seed, 60_000);
    return new BackendQaoa(s, r -> b.execute(r, ctx), shots, seed, 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void gateLevelCircuit_equalsTheDiagonalFastPath(long seed) {
    int n = 5;
    Qubo s = qubo(n, seed);
    SplittableRandom rng = new SplittableRandom(seed + 50);
    double[] g = rng.doubles(2, -1, 1).toArray();
    double[] b = rng.doubles(2, -1, 1).toArray();
    DiagonalQaoa fast = new DiagonalQaoa(n, s.costVector(), false);
    fast.prepare(g, b);
    try (StateVector v =
        new StateVectorSimulator(SimOptions.defaults().withThreads(1))
            .run(BackendQaoa.circuit(s, g, b))) {
      double[] probs = v.probabilities();
      for (int i = 0; i < 1 << n; i++) {
        assertThat(probs[i]).as("basis state " + i).isCloseTo(fast.probability(i), within(1e-12));
      }
    }
    double exact = fast.expectation(g, b);
    assertThat(on("statevector", s, 0, seed).score(g, b)).isCloseTo(exact, within(1e-10));
    // Strange: single precision.
    assertThat(on("strange", s, 0, seed).score(g, b)).isCloseTo(exact, within(1e-4));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8})
  void sampledScore_isWithinItsErrorBar_andRepeatable(long seed) {
    int n = 6;
    Qubo s = qubo(n, seed);
    double[] g = {0.3};
    double[] b = {0.2};
    double[] cost = s.costVector();
    DiagonalQaoa fast = new DiagonalQaoa(n, cost, false);
    double exact = fast.expectation(g, b);
    double var = 0;
    fast.prepare(g, b);
    for (int i = 0; i < cost.length; i++) {
      var += fast.probability(i) * (cost[i] - exact) * (cost[i] - exact);
    }
    int shots = 20_000;
    double m = on("statevector", s, shots, seed).score(g, b);
    assertThat(m).isCloseTo(exact, within(5 * Math.sqrt(var / shots)));
    assertThat(on("statevector", s, shots, seed).score(g, b)).isEqualTo(m);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21})
  void solverOnAMeasuredScore_reportsTheIdealExpectationOfItsAngles(long seed) {
    int n = 4;
    Qubo s = qubo(n, seed);
    DiagonalQaoa fast = new DiagonalQaoa(n, s.costVector(), false);
    BackendQaoa measured = on("strange", s, 0, seed);
    QaoaSolver.Result r =
        QaoaSolver.solve(
            fast,
            new QaoaSolver.Settings(
                1, Minimizer.Method.BOBYQA, QaoaSolver.Init.RAMP, 60, 2, 0, seed, null),
            () -> {},
            measured::score);
    assertThat(measured.executions()).isEqualTo(r.trace().length);
    assertThat(r.expectation()).isCloseTo(fast.expectation(r.gammas(), r.betas()), within(1e-12));
    // The optimizer's last best value, measured on Strange, is the ideal one to single precision.
    double best = java.util.Arrays.stream(r.trace()).max().orElseThrow();
    assertThat(best).isCloseTo(r.expectation(), within(1e-4));
  }
}
