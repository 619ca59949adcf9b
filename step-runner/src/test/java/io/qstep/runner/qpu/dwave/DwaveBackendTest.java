package io.qstep.runner.qpu.dwave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeHttpServer.Fault;
import io.qstep.runner.qpu.LogCapture;
import io.qstep.runner.qpu.PriceTable;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.qpu.RetryPolicy;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.QuboSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DwaveBackendTest extends DwaveFakeTestBase {

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

  static double quad(double[] q, int n, long x) {
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

  static QStepException failure(Runnable r) {
    try {
      r.run();
    } catch (QStepException e) {
      return e;
    }
    throw new AssertionError("expected a QStepException");
  }

  @Test
  void quboTask_onDwave_matchesBruteForceAndTheBaseline() {
    int n = 8;
    double[] q = randomSymmetric(n, 4);
    double best = Double.POSITIVE_INFINITY;
    for (int x = 0; x < 1 << n; x++) {
      best = Math.min(best, quad(q, n, x) + 0.5);
    }
    StepResult r =
        engine(env(FakeSapi.DENSE))
            .run(
                StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0).withOffset(0.5))
                    .input("q", Tensor.ofDoubles(q, n, n))
                    .backend("dwave")
                    .shots(500)
                    .seed(3)
                    .build());
    assertThat(r.backendName()).isEqualTo("dwave");
    assertThat(r.metrics().get("objective")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("baseline_value")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("approximation_ratio")).isCloseTo(1.0, within(EPS));
    assertThat(r.metrics().get("annealer_reads")).isEqualTo(500.0);
    assertThat(r.metrics())
        .containsKeys("qpu_queue_ms", "qpu_execution_ms", "qpu_cost_estimate_usd");
    assertThat(r.metrics().get("qpu_execution_ms")).isCloseTo(15.432, within(1e-9));
    assertThat(r.output("frequencies").toDoubleArray()[0]).isCloseTo(0.7, within(EPS));
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("verdict: quantum matched"));
    assertThat(r.qpu())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.provider()).isEqualTo("dwave");
              assertThat(p.device()).isEqualTo(FakeSapi.DENSE);
              assertThat(p.shots()).isEqualTo(500);
              assertThat(p.executionMs()).isCloseTo(15.432, within(1e-9));
              assertThat(p.providerJobId()).isNotEmpty();
              assertThat(p.details()).containsEntry("embedding", "direct");
            });
    assertThat(fake.submissions.get()).isEqualTo(1);
    // same request, same seed: the durable store answers without a second paid problem
    engine(env(FakeSapi.DENSE))
        .run(
            StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0).withOffset(0.5))
                .input("q", Tensor.ofDoubles(q, n, n))
                .backend("dwave")
                .shots(500)
                .seed(3)
                .build());
    assertThat(fake.submissions.get()).isEqualTo(1);
  }

  @Test
  void maxcutTask_onDwave_findsTheMaximumCutOfAFiveCycle() {
    int n = 5;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      w[i * n + j] = 1;
      w[j * n + i] = 1;
    }
    StepResult r =
        engine(env(FakeSapi.DENSE))
            .run(
                StepRequest.builder(new MaxCutSpec(1, "", 0, 0))
                    .input("weights", Tensor.ofDoubles(w, n, n))
                    .backend("dwave")
                    .shots(100)
                    .seed(1)
                    .build());
    assertThat(r.metrics().get("cut_value")).isEqualTo(4.0);
    assertThat(r.metrics().get("baseline_value")).isEqualTo(4.0);
    assertThat(r.metrics().get("approximation_ratio")).isCloseTo(1.0, within(EPS));
    assertThat(r.output("solution").shape()).containsExactly(5L);
  }

  @Test
  void qpEncoding_roundTripsThroughTheFake_energiesAreTheQubosValues() {
    double[] h = {1, -2, 0.5};
    double[] pair = new double[9];
    pair[1] = pair[3] = -1.5;
    pair[5] = pair[7] = 2;
    Qubo f = new Qubo(3, h, pair, 0.25);
    try (DwaveBackend b = backend(FakeSapi.DENSE, QpuRuntime.Failover.NONE)) {
      QuboSampler.SampleSet s = b.sample(f, 100, 1, StepContext.unbounded(1));
      assertThat(s.totalReads()).isEqualTo(100);
      double best = Double.POSITIVE_INFINITY;
      long arg = -1;
      for (long x = 0; x < 8; x++) {
        if (f.value(x) < best) {
          best = f.value(x);
          arg = x;
        }
      }
      assertThat(s.solutions()[0]).isEqualTo(arg);
      for (int i = 0; i < s.solutions().length; i++) {
        assertThat(s.energies()[i]).isCloseTo(f.value(s.solutions()[i]), within(EPS));
      }
    }
  }

  @Test
  void problemWithoutAnyEmbedding_isCapabilityMismatch() {
    double[] q = randomSymmetric(4, 2); // K4 is not a minor of a ring: no chains help
    try (DwaveBackend b = backend(FakeSapi.RING, QpuRuntime.Failover.NONE)) {
      Qubo f = new Qubo(4, new double[] {q[0], q[5], q[10], q[15]}, pairs(q, 4), 0);
      QStepException e = failure(() -> b.sample(f, 10, 1, StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("inputs");
      assertThat(e.getMessage())
          .contains("4 variables, 6 edges")
          .contains("does not embed")
          .contains("no direct embedding")
          .contains("no minor embedding with chains");
    }
    assertThat(fake.submissions.get()).isZero();
  }

  static double[] pairs(double[] q, int n) {
    double[] p = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          p[i * n + j] = q[i * n + j] + q[j * n + i];
        }
      }
    }
    return p;
  }

  @Test
  void wrongToken_isUnauthenticated_andTheTokenAppearsNowhere() {
    Map<String, String> env = env(FakeSapi.DENSE);
    String wrong = "DEV-wrong-token-fedcba9876543210";
    env.put("QSTEP_DWAVE_TOKEN", wrong);
    try (LogCapture logs = new LogCapture();
        DwaveBackend b =
            new DwaveBackendProvider(env)
                .create(
                    26,
                    new QpuRuntime(
                        new QpuRuntime.Settings(
                            dir,
                            10,
                            QpuRuntime.Failover.NONE,
                            Budget.UNLIMITED,
                            PriceTable.defaults(),
                            new RetryPolicy(3, 10, 100, 2, 0),
                            1),
                        time))) {
      QStepException e =
          failure(
              () ->
                  b.sample(
                      new Qubo(1, new double[] {1}, new double[1], 0),
                      10,
                      1,
                      StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.UNAUTHENTICATED);
      assertThat(e.getMessage()).doesNotContain(wrong);
      assertThat(logs.text()).doesNotContain(wrong);
    }
  }

  @Test
  void unknownSolver_isNotFound_andMissingConfigIsUnavailable() {
    try (DwaveBackend b = backend("Advantage_nowhere", QpuRuntime.Failover.NONE)) {
      QStepException e =
          failure(
              () ->
                  b.sample(
                      new Qubo(1, new double[] {1}, new double[1], 0),
                      10,
                      1,
                      StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_NOT_FOUND);
    }
    DwaveBackendProvider none = new DwaveBackendProvider(Map.of());
    assertThat(none.isAvailable()).isFalse();
    assertThat(none.unavailableReason()).contains("QSTEP_DWAVE_TOKEN");
  }

  @Test
  void circuits_areRefused() {
    try (DwaveBackend b = backend(FakeSapi.DENSE, QpuRuntime.Failover.NONE)) {
      QStepException e =
          failure(
              () ->
                  b.execute(
                      ExecutionRequest.sampled(Circuit.builder(1).h(0).build(), 10, 1),
                      StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("backend.name");
    }
  }

  @Test
  void faults_lostResponseAnd429And500_oneProblemSubmitted() {
    fake.fault("POST /problems/", Fault.loseResponse());
    fake.fault("GET /problems/{id}/", Fault.tooManyRequests(2));
    fake.fault("GET /problems/{id}/", Fault.status(502));
    try (DwaveBackend b = backend(FakeSapi.DENSE, QpuRuntime.Failover.NONE)) {
      QuboSampler.SampleSet s =
          b.sample(
              new Qubo(2, new double[] {1, -1}, new double[] {0, -1, -1, 0}, 0),
              50,
              1,
              StepContext.unbounded(1));
      assertThat(s.totalReads()).isEqualTo(50);
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(time.sleeps()).contains(2000L);
  }

  @Test
  void failedProblem_withBaselineFailover_answersWithTheBaselineVisibly() {
    fake.endState = "FAILED";
    fake.failReason = "Solver is in maintenance";
    Map<String, String> env = env(FakeSapi.DENSE);
    env.put("QSTEP_QPU_FAILOVER", "baseline");
    int n = 6;
    double[] q = randomSymmetric(n, 9);
    double best = Double.POSITIVE_INFINITY;
    for (int x = 0; x < 1 << n; x++) {
      best = Math.min(best, quad(q, n, x));
    }
    StepResult r =
        engine(env)
            .run(
                StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0).withMode("quantum"))
                    .input("q", Tensor.ofDoubles(q, n, n))
                    .backend("dwave")
                    .shots(100)
                    .seed(2)
                    .build());
    assertThat(r.metrics().get("qpu_failover")).isEqualTo(2.0);
    assertThat(r.qpu())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.failover()).isEqualTo("baseline");
              assertThat(p.provider()).isEqualTo("dwave");
            });
    assertThat(r.warnings())
        .anyMatch(
            w -> w.startsWith("failover: dwave was unavailable") && w.contains("maintenance"));
    assertThat(r.metrics().get("objective")).isCloseTo(best, within(EPS));
    // without failover the failure surfaces as UNAVAILABLE
    fake.endState = "FAILED";
    QStepException e =
        failure(
            () ->
                engine(env(FakeSapi.DENSE))
                    .run(
                        StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0))
                            .input("q", Tensor.ofDoubles(q, n, n))
                            .backend("dwave")
                            .shots(100)
                            .seed(7)
                            .build()));
    assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
  }
}
