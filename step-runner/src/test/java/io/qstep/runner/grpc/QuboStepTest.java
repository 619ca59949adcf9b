package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.internal.ProtoConverter;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.QuboSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task {@code qubo} and its builders end to end through the in-process gRPC server. */
class QuboStepTest {
  static final double EPS = 1e-9;

  static InProcessRunner runner;

  @BeforeAll
  static void start() {
    runner = new InProcessRunner(RunnerConfig.defaults().withMaxQubits(20));
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  static StepResult run(StepRequest r) {
    return ProtoConverter.fromProto(runner.stub.run(proto(r)));
  }

  static void assertInvalid(StepRequest r, String field) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(proto(r)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo(field);
    assertThat(e.getStatus().getDescription()).contains(field);
  }

  static double[] randomSymmetric(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = rng.nextDouble(-2, 2);
        q[i * n + j] = v;
        q[j * n + i] = v;
      }
    }
    return q;
  }

  static double quad(double[] q, int n, int x) {
    double v = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if ((x >> i & 1) != 0 && (x >> j & 1) != 0) {
          v += q[i * n + j];
        }
      }
    }
    return v;
  }

  @Test
  void plainQubo_matchesBruteForce() {
    int n = 8;
    double[] q = randomSymmetric(n, 4);
    double best = Double.POSITIVE_INFINITY;
    for (int x = 0; x < 1 << n; x++) {
      best = Math.min(best, quad(q, n, x) + 0.5);
    }
    StepResult r =
        run(
            StepRequest.builder(new QuboSpec(2, "qubo", "", 0, 0, 0).withOffset(0.5))
                .input("q", Tensor.ofDoubles(q, n, n))
                .seed(3)
                .build());
    assertThat(r.metrics().get("baseline_value")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("baseline_cpsat_value")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("objective")).isCloseTo(best, within(EPS));
    long[] sol = r.output("solution").toLongArray();
    int x = 0;
    for (int i = 0; i < n; i++) {
      x |= (int) sol[i] << i;
    }
    assertThat(quad(q, n, x) + 0.5).isCloseTo(best, within(EPS));
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("verdict: quantum matched"));
  }

  @Test
  void smallPortfolio_matchesBruteForce() {
    int n = 6;
    int budget = 3;
    double q = 0.5;
    SplittableRandom rng = new SplittableRandom(8);
    double[] mu = rng.doubles(n, 0.01, 0.15).toArray();
    double[] a = rng.doubles(n * n, -0.2, 0.2).toArray();
    double[] sigma = new double[n * n]; // A·A^T: a covariance
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          sigma[i * n + j] += a[i * n + k] * a[j * n + k];
        }
      }
    }
    double best = Double.POSITIVE_INFINITY;
    int bestX = -1;
    for (int x = 0; x < 1 << n; x++) {
      if (Integer.bitCount(x) != budget) {
        continue;
      }
      double ret = 0;
      for (int i = 0; i < n; i++) {
        ret += (x >> i & 1) * mu[i];
      }
      double v = q * quad(sigma, n, x) - ret;
      if (v < best) {
        best = v;
        bestX = x;
      }
    }
    StepResult r =
        run(
            StepRequest.builder(new QuboSpec(2, "portfolio", "", 0, q, budget))
                .input("mu", Tensor.ofDoubles(mu, n))
                .input("sigma", Tensor.ofDoubles(sigma, n, n))
                .seed(11)
                .build());
    long[] sol = r.output("solution").toLongArray();
    int x = 0;
    for (int i = 0; i < n; i++) {
      x |= (int) sol[i] << i;
    }
    assertThat(Integer.bitCount(x)).isEqualTo(budget);
    assertThat(x).isEqualTo(bestX);
    assertThat(r.metrics().get("objective")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("baseline_value")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("variance")).isCloseTo(quad(sigma, n, bestX), within(EPS));
    assertThat(r.metrics()).containsEntry("selected", (double) budget);
    assertThat(r.metrics().get("penalty")).isPositive();
    assertThat(r.metrics()).containsKeys("expected_return", "repaired_samples");
  }

  @Test
  void tsp_fourCities_decodesAValidTour_andTheBaselineIsTheShortest() {
    int k = 4;
    double[][] pts = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
    double[] d = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        d[i * k + j] = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
      }
    }
    StepResult r =
        run(
            StepRequest.builder(new QuboSpec(2, "tsp", "", 0, 0, 0))
                .input("distances", Tensor.ofDoubles(d, k, k))
                .seed(2)
                .build());
    assertThat(r.metrics()).containsEntry("num_qubits", 9.0).containsKey("discarded_samples");
    assertThat(r.metrics().get("baseline_tour_length")).isCloseTo(4.0, within(EPS));
    assertThat(r.metrics().get("feasible")).isEqualTo(1.0);
    long[] tour = r.output("tour").toLongArray();
    assertThat(tour).hasSize(k).contains(0, 1, 2, 3);
    assertThat(tour[0]).isZero();
    assertThat(r.metrics().get("tour_length")).isGreaterThanOrEqualTo(4.0 - EPS);
  }

  // ---- bad input

  @Test
  void budgetAboveN_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "portfolio", "", 0, 0.5, 4))
            .input("mu", Tensor.ofDoubles(new double[3], 3))
            .input("sigma", Tensor.ofDoubles(new double[9], 3, 3))
            .build(),
        "task.qubo.budget");
  }

  @Test
  void negativeRiskAversion_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "portfolio", "", 0, -1, 1))
            .input("mu", Tensor.ofDoubles(new double[3], 3))
            .input("sigma", Tensor.ofDoubles(new double[9], 3, 3))
            .build(),
        "task.qubo.risk_aversion");
  }

  @Test
  void asymmetricCovariance_isInvalidArgument() {
    double[] s = new double[9];
    s[1] = 0.1;
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "portfolio", "", 0, 0.5, 1))
            .input("mu", Tensor.ofDoubles(new double[3], 3))
            .input("sigma", Tensor.ofDoubles(s, 3, 3))
            .build(),
        "inputs[sigma]");
  }

  @Test
  void tspWithSixCities_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "tsp", "", 0, 0, 0))
            .input("distances", Tensor.ofDoubles(new double[36], 6, 6))
            .build(),
        "inputs[distances]");
  }

  @Test
  void tspWithTwoCities_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "tsp", "", 0, 0, 0))
            .input("distances", Tensor.ofDoubles(new double[4], 2, 2))
            .build(),
        "inputs[distances]");
  }

  @Test
  void unknownBuilder_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "knapsack", "", 0, 0, 0)).build(), "task.qubo.builder");
  }

  @Test
  void nonSquareQ_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0))
            .input("q", Tensor.ofDoubles(new double[6], 2, 3))
            .build(),
        "inputs[q]");
  }

  @Test
  void missingMu_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(new QuboSpec(1, "portfolio", "", 0, 0.5, 1))
            .input("sigma", Tensor.ofDoubles(new double[9], 3, 3))
            .build(),
        "inputs[mu]");
  }
}
