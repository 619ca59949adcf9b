package io.qstep.runner.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.backend.strange.StrangeBackendProvider;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * statevector ≡ strange on seeded random circuits of every standard gate, up to 10 qubits. Strange
 * computes in single precision, so expectations agree to {@link #EPS_FLOAT}.
 */
class SecondOpinionTest {
  static final double EPS_FLOAT = 1e-4;

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  static Circuit randomCircuit(SplittableRandom r, int n, int gates) {
    List<GateKind> kinds = new ArrayList<>();
    for (GateKind k : GateKind.values()) {
      if (k != GateKind.UNITARY && k.numQubits() <= n) {
        kinds.add(k);
      }
    }
    Circuit.Builder b = Circuit.builder(n);
    for (int g = 0; g < gates; g++) {
      GateKind k = kinds.get(r.nextInt(kinds.size()));
      int[] q = r.ints(0, n).distinct().limit(k.numQubits()).toArray();
      Param[] p = new Param[k.numParams()];
      for (int i = 0; i < p.length; i++) {
        p[i] = Param.of(r.nextDouble(-Math.PI, Math.PI));
      }
      b.gate(k, q, p);
    }
    return b.build();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomCircuit_statevectorAndStrange_agreeOnEveryZAndPairObservable(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 3 + (int) (seed % 8); // 3..10 qubits
    Circuit c = randomCircuit(r, n, 12 * n);
    List<String> obs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      StringBuilder s = new StringBuilder();
      for (int q = 0; q < n; q++) {
        s.append("IXYZ".charAt(r.nextInt(4)));
      }
      obs.add(s.toString());
    }
    ExecutionRequest req = new ExecutionRequest(c, 0, obs, seed, 1, true);
    try (Backend ours = new StateVectorBackendProvider().create(26);
        Backend strange = new StrangeBackendProvider().create(26)) {
      double[] a = ours.execute(req, StepContext.unbounded(seed)).expectations();
      double[] b = strange.execute(req, StepContext.unbounded(seed)).expectations();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("%s on %d qubits", obs.get(i), n).isCloseTo(b[i], within(EPS_FLOAT));
      }
    }
  }
}
