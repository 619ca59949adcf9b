package io.qstep.runner.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.stage.StepContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trajectories agree with the exact density matrix within seeded statistical tolerance: per-
 * trajectory expectations average to Tr(ρO) within 5 standard errors, and shots drawn one per
 * trajectory follow ρ's diagonal within 5 binomial standard deviations.
 */
class TrajectoryAgreementTest {
  private static final double SIGMAS = 5;
  private static final StepContext CTX = StepContext.unbounded(3);

  /** The sample device with its noise amplified 10×, so that it is far from the ideal result. */
  private static final NoiseModel LOUD = NoiseModel.of(Calibrations.sample()).scaled(10);

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void trajectoryMeans_matchDensityMatrix(long seed) {
    int n = 4;
    Circuit c = NoiseCorrectnessTest.randomCircuit(n, 25, new SplittableRandom(seed));
    List<String> obs = List.of("ZIII", "IZII", "IIZI", "IIIZ", "XXII", "IYZI", "ZZZZ", "XIXY");
    double[] exact;
    try (DensityMatrix rho = NoiseCorrectnessTest.dm(c, LOUD)) {
      exact = NoisySimulation.expectations(rho, obs);
    }
    int t = 3000;
    double[] sum = new double[obs.size()];
    double[] sumSq = new double[obs.size()];
    new TrajectorySimulator(LOUD, SimOptions.defaults())
        .run(
            c,
            t,
            seed,
            CTX,
            (i, psi, rng) -> {
              for (int k = 0; k < obs.size(); k++) {
                double v = psi.expectationPauli(obs.get(k));
                sum[k] += v;
                sumSq[k] += v * v;
              }
            });
    for (int k = 0; k < obs.size(); k++) {
      double mean = sum[k] / t;
      double se = Math.sqrt(Math.max(0, sumSq[k] / t - mean * mean) / t);
      assertThat(mean).as("<%s>", obs.get(k)).isCloseTo(exact[k], within(SIGMAS * se + 1e-9));
    }
    // the noise is visible: far from the ideal value for at least one observable
    NoiseModel ideal = LOUD.scaled(0);
    try (DensityMatrix rho = NoiseCorrectnessTest.dm(c, ideal)) {
      double[] clean = NoisySimulation.expectations(rho, obs);
      double maxDiff = 0;
      for (int k = 0; k < obs.size(); k++) {
        maxDiff = Math.max(maxDiff, Math.abs(clean[k] - exact[k]));
      }
      assertThat(maxDiff).isGreaterThan(0.05);
    }
  }

  @Test
  void sampledShots_oneTrajectoryEach_followTheDensityMatrix() {
    int n = 3;
    Circuit c = Circuit.builder(n).h(0).cx(0, 1).cx(1, 2).ry(2, 0.7).cz(0, 2).build();
    int shots = 6000;
    ExecutionRequest req = ExecutionRequest.sampled(c, shots, 77);
    NoiseModel m = LOUD.withReadout(false);
    ExecutionResult traj =
        NoisySimulation.execute(NoisySimulation.Method.TRAJECTORIES, m, req, CTX, shots);
    double[] p;
    try (DensityMatrix rho = NoiseCorrectnessTest.dm(c, m)) {
      p = rho.probabilities();
    }
    long[] counts = new long[1 << n];
    for (long s : traj.samples()) {
      counts[(int) s]++;
    }
    for (int k = 0; k < counts.length; k++) {
      double sigma = Math.sqrt(shots * p[k] * (1 - p[k]));
      assertThat((double) counts[k])
          .as("outcome %d", k)
          .isCloseTo(shots * p[k], within(SIGMAS * sigma + 1));
    }
  }

  @Test
  void backendsAgree_inExactModeThroughNoisySimulation() {
    Circuit c = Circuit.builder(3).h(0).cx(0, 1).rx(2, 1.1).cx(1, 2).build();
    ExecutionRequest req = new ExecutionRequest(c, 0, List.of("ZZI", "IZZ", "XXX"), 5, 0, true);
    double[] dm =
        NoisySimulation.execute(NoisySimulation.Method.DENSITY_MATRIX, LOUD, req, CTX, 0)
            .expectations();
    double[] tr =
        NoisySimulation.execute(NoisySimulation.Method.TRAJECTORIES, LOUD, req, CTX, 4000)
            .expectations();
    // each trajectory value lies in [-1, 1]: standard error <= 1/sqrt(4000)
    assertThat(tr).containsExactly(dm, within(SIGMAS / Math.sqrt(4000)));
  }

  @Test
  void readoutError_flipsSampledBitsAtTheCalibratedRates() {
    CalibrationSnapshot cal =
        CalibrationSnapshot.builder("ro")
            .qubit(100, 100, 0.2, 0.05)
            .qubit(100, 100, 0.0, 0.1)
            .gate("x", 0, 0, 0)
            .build();
    NoiseModel m = NoiseModel.of(cal);
    int shots = 20_000;
    // qubit 0 prepared in 1 (reads 0 with p(0|1) = 0.2), qubit 1 in 0 (reads 1 with 0.1)
    Circuit c = Circuit.builder(2).x(0).measure(0, 1).measure(1, 0).build();
    for (NoisySimulation.Method method : NoisySimulation.Method.values()) {
      ExecutionResult r =
          NoisySimulation.execute(method, m, ExecutionRequest.sampled(c, shots, 8), CTX, 10);
      long clbit1Zero = 0;
      long clbit0One = 0;
      for (long s : r.samples()) {
        clbit1Zero += ((s >> 1) & 1) == 0 ? 1 : 0;
        clbit0One += s & 1;
      }
      assertThat((double) clbit1Zero)
          .as("%s p(0|1)", method)
          .isCloseTo(shots * 0.2, within(SIGMAS * Math.sqrt(shots * 0.2 * 0.8)));
      assertThat((double) clbit0One)
          .as("%s p(1|0)", method)
          .isCloseTo(shots * 0.1, within(SIGMAS * Math.sqrt(shots * 0.1 * 0.9)));
      assertThat(r.calibrationId()).isEqualTo(cal.id());
      assertThat(r.calibration().json()).isEqualTo(cal.toJson());
    }
  }

  @Test
  void sameSeed_sameSamples_differentSeed_differentSamples() {
    Circuit c = NoiseCorrectnessTest.randomCircuit(4, 20, new SplittableRandom(5));
    for (NoisySimulation.Method method : NoisySimulation.Method.values()) {
      long[] a =
          NoisySimulation.execute(method, LOUD, ExecutionRequest.sampled(c, 500, 1), CTX, 50)
              .samples();
      long[] b =
          NoisySimulation.execute(method, LOUD, ExecutionRequest.sampled(c, 500, 1), CTX, 50)
              .samples();
      long[] d =
          NoisySimulation.execute(method, LOUD, ExecutionRequest.sampled(c, 500, 2), CTX, 50)
              .samples();
      assertThat(a).isEqualTo(b).isNotEqualTo(d);
    }
  }
}
