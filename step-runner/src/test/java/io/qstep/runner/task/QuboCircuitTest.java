package io.qstep.runner.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.qaoa.DiagonalQaoa;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuboCircuitTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void quboCircuit_onTheEngine_equalsTheFastPath(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 6;
    double[] h = rng.doubles(n, -2, 2).toArray();
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = rng.nextDouble(-1, 1);
        q[i * n + j] = v;
        q[j * n + i] = v;
      }
    }
    Qubo f = new Qubo(n, h, q, 0.3);
    int p = 2;
    double[] angles = rng.doubles(2 * p, -1, 1).toArray();
    DiagonalQaoa fast = new DiagonalQaoa(n, f.negate().costVector(), false);
    fast.prepare(new double[] {angles[0], angles[1]}, new double[] {angles[2], angles[3]});
    try (StateVector s =
        new StateVectorSimulator(SimOptions.defaults()).run(QuboTask.circuit(f, p).bind(angles))) {
      double[] probs = s.probabilities();
      for (int i = 0; i < probs.length; i++) {
        assertThat(fast.probability(i)).isCloseTo(probs[i], within(1e-10));
      }
    }
  }
}
