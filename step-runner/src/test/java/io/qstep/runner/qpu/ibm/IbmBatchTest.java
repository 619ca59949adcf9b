package io.qstep.runner.qpu.ibm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeHttpServer.Fault;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.IdempotencyKey;
import io.qstep.runner.qpu.JobRecord;
import io.qstep.runner.qpu.JobStore;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code circuit} task over many parameter rows on {@code ibm} goes out as one Sampler V2 job
 * with one PUB per bound circuit, against {@link FakeIbm}. Rows encode basis states (rx(0) or rx(π)
 * per qubit), so each row's outcome is known exactly and row order is checkable.
 */
class IbmBatchTest {
  @TempDir Path dir;
  final FakeIbm fake = new FakeIbm();
  final FakeTime time = new FakeTime(System.currentTimeMillis());

  static final String BASIS =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n"
          + "input float[64] a;\ninput float[64] b;\ninput float[64] c;\ninput float[64] d;\n"
          + "qubit[4] q;\nrx(a) q[0];\nrx(b) q[1];\nrx(c) q[2];\nrx(d) q[3];\n";
  static final int ROWS = 10;
  static final long SHOTS = 50;

  @AfterEach
  void stop() {
    fake.close();
  }

  StepEngine engine(Budget budget) {
    QpuRuntime rt = IbmTestSupport.runtime(dir, QpuRuntime.Failover.NONE, budget, time);
    BackendProvider ibm =
        new BackendProvider() {
          @Override
          public String name() {
            return IbmBackendProvider.NAME;
          }

          @Override
          public boolean isAvailable() {
            return true;
          }

          @Override
          public Backend create(int maxQubits) {
            return IbmTestSupport.backend(IbmTestSupport.env(fake), rt, time);
          }
        };
    return new StepEngine(
        RunnerConfig.defaults(),
        new BackendRegistry(List.of(new StateVectorBackendProvider(), ibm), 26));
  }

  /** Row r sets qubit i to |1⟩ when bit i of r is set: outcome r, exactly. */
  static double[] basisRows(int rows) {
    double[] p = new double[rows * 4];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < 4; i++) {
        p[r * 4 + i] = ((r >> i) & 1) == 1 ? Math.PI : 0;
      }
    }
    return p;
  }

  static StepRequest request(String qasm, List<String> observables, double[] params, int m) {
    return StepRequest.builder(new CircuitSpec(qasm, observables))
        .input("params", Tensor.ofDoubles(params, params.length / m, m))
        .backend("ibm")
        .shots(SHOTS)
        .seed(11)
        .build();
  }

  static QStepException failure(Runnable r) {
    try {
      r.run();
    } catch (QStepException e) {
      return e;
    }
    throw new AssertionError("expected a QStepException");
  }

  static void assertBasisRows(StepResult r, int rows) {
    long[] samples = r.output("samples").toLongArray();
    assertThat(samples).hasSize((int) (rows * SHOTS));
    double[] z = r.output("expectations").toDoubleArray();
    for (int row = 0; row < rows; row++) {
      for (int s = 0; s < SHOTS; s++) {
        assertThat(samples[(int) (row * SHOTS + s)]).as("row %d shot %d", row, s).isEqualTo(row);
      }
      for (int q = 0; q < 4; q++) {
        assertThat(z[row * 4 + q]).isEqualTo(((row >> q) & 1) == 1 ? -1.0 : 1.0, within(1e-12));
      }
    }
  }

  @Test
  void tenRows_areOneSamplerJob_withOnePubPerRow_inRowOrder() {
    StepEngine engine = engine(Budget.UNLIMITED);
    StepRequest req = request(BASIS, List.of(), basisRows(ROWS), 4);
    StepContext ctx = engine.newContext(req);
    StepResult r = engine.run(req, ctx);
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.pubsPerSubmission).containsExactly(ROWS);
    assertBasisRows(r, ROWS);
    QpuProvenance q = r.qpu().get(0);
    assertThat(r.qpu()).hasSize(1);
    assertThat(q.shots()).isEqualTo(ROWS * SHOTS);
    assertThat(q.details()).containsEntry("circuits", "10").containsEntry("pubs", "10");
    assertThat(q.costEstimateUsd()).isCloseTo(3.20 + ROWS * SHOTS * 0.0016, within(1e-9));
    assertThat(r.metrics()).containsEntry("qpu_tasks", 1.0).containsEntry("qpu_shots", 500.0);
    // one transpiled ISA circuit per PUB, and the entry's version covers them in order
    StringBuilder versions = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      String path = q.artifacts().get("transpiled_qasm_" + i);
      assertThat(path)
          .isEqualTo("qpu/" + q.idempotencyKey().substring(0, 12) + "/transpiled_" + i + ".qasm");
      String qasm = new String(ctx.artifacts().get(path), StandardCharsets.UTF_8);
      assertThat(qasm).startsWith("OPENQASM 3");
      versions.append(i == 0 ? "" : "\n").append(IdempotencyKey.sha256(qasm));
    }
    assertThat(q.transpiledVersion()).isEqualTo(IdempotencyKey.sha256(versions.toString()));
    // one durable record for the whole batch
    assertThat(new JobStore(dir).all())
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.shots()).isEqualTo(ROWS * SHOTS);
              assertThat(rec.status()).isEqualTo(JobRecord.Status.COMPLETED);
            });
  }

  @Test
  void batchResults_matchEachRowRunOnItsOwn() {
    StepResult batched = engine(Budget.UNLIMITED).run(request(BASIS, List.of(), basisRows(3), 4));
    long[] all = batched.output("samples").toLongArray();
    int before = fake.submissions.get();
    try (Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(
                dir.resolve("alone"), QpuRuntime.Failover.NONE, Budget.UNLIMITED, time),
            time)) {
      for (int row = 0; row < 3; row++) {
        double[] p = java.util.Arrays.copyOfRange(basisRows(3), row * 4, row * 4 + 4);
        var c = io.qstep.circuit.OpenQasm.parse(BASIS).bind(p);
        long[] alone =
            b.execute(ExecutionRequest.sampled(c, SHOTS, 100 + row), StepContext.unbounded(1))
                .samples();
        assertThat(
                java.util.Arrays.copyOfRange(all, (int) (row * SHOTS), (int) ((row + 1) * SHOTS)))
            .isEqualTo(alone);
      }
    }
    assertThat(fake.submissions.get()).isEqualTo(before + 3);
    assertThat(fake.pubsPerSubmission.subList(before, before + 3)).containsOnly(1);
  }

  @Test
  void xObservables_rideInTheSameJob_asRotatedPubs() {
    // row (π/2, 0): |+⟩|0⟩, ⟨X0⟩ = +1, ⟨Z1⟩ = +1; row (-π/2, π): |−⟩|1⟩, ⟨X0⟩ = −1, ⟨Z1⟩ = −1
    String qasm =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] a;\ninput float[64] b;\n"
            + "qubit[2] q;\nry(a) q[0];\nrx(b) q[1];\n";
    double[] p = {Math.PI / 2, 0, -Math.PI / 2, Math.PI};
    StepResult r = engine(Budget.UNLIMITED).run(request(qasm, List.of("XI", "IZ"), p, 2));
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.pubsPerSubmission).containsExactly(4); // per row: the circuit and its X basis
    assertThat(r.output("expectations").toDoubleArray())
        .containsExactly(new double[] {1, 1, -1, -1}, within(1e-12));
  }

  @Test
  void maxExperiments_splitsTheBatch_inOrder() {
    fake.maxExperiments = 4;
    StepResult r = engine(Budget.UNLIMITED).run(request(BASIS, List.of(), basisRows(ROWS), 4));
    assertThat(fake.pubsPerSubmission).containsExactly(4, 4, 2);
    assertBasisRows(r, ROWS);
    assertThat(r.qpu()).hasSize(3);
    assertThat(r.qpu().get(0).details()).containsEntry("batch_job", "1 of 3");
    assertThat(r.qpu().get(2).details()).containsEntry("circuits", "2");
    assertThat(r.metrics()).containsEntry("qpu_tasks", 3.0);
  }

  @Test
  void budget_isCheckedForTheWholeBatch_beforeAnythingIsSubmitted() {
    fake.maxExperiments = 4; // three jobs; the task budget allows two
    QStepException e =
        failure(
            () ->
                engine(new Budget(0, 2, 0, 0, 0, 0))
                    .run(request(BASIS, List.of(), basisRows(ROWS), 4)));
    assertThat(e.reason()).isEqualTo(ErrorReason.BUDGET_EXCEEDED);
    assertThat(e.field()).isEqualTo("budget.request.tasks");
    assertThat(e.getMessage()).contains("batch of 10 circuits in 3 task(s)");
    assertThat(fake.submissions.get()).isZero();
    // shots summed over the batch: 10 × 50 = 500 > 400, one job
    fake.maxExperiments = null;
    QStepException s =
        failure(
            () ->
                engine(new Budget(400, 0, 0, 0, 0, 0))
                    .run(request(BASIS, List.of(), basisRows(ROWS), 4)));
    assertThat(s.field()).isEqualTo("budget.request.shots");
    assertThat(s.getMessage()).contains("500");
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void restartMidBatchJob_resumesPolling_withOneSubmission() {
    fake.queuedPolls = 3;
    for (int i = 0; i < 5; i++) {
      fake.fault("GET /v1/jobs/{id}", Fault.status(503)); // the first runner gives up mid-poll
    }
    QStepException e =
        failure(() -> engine(Budget.UNLIMITED).run(request(BASIS, List.of(), basisRows(ROWS), 4)));
    assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
    assertThat(new JobStore(dir).all())
        .singleElement()
        .satisfies(rec -> assertThat(rec.hasProviderJob()).isTrue());
    // a new runner over the same job-state directory, the same request and seed
    StepResult r = engine(Budget.UNLIMITED).run(request(BASIS, List.of(), basisRows(ROWS), 4));
    assertBasisRows(r, ROWS);
    assertThat(r.qpu()).singleElement().satisfies(q -> assertThat(q.resumed()).isTrue());
    assertThat(fake.submissions.get()).isEqualTo(1);
  }

  @Test
  void jobFailingAtTheProvider_failsTheStep_withItsReason() {
    fake.endState = "Failed";
    fake.failReason = "Error code 1517; PUB 7 exceeds the device's instruction memory";
    QStepException e =
        failure(() -> engine(Budget.UNLIMITED).run(request(BASIS, List.of(), basisRows(ROWS), 4)));
    assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
    assertThat(e.category()).isEqualTo(ErrorReason.Category.UNAVAILABLE);
    assertThat(e.getMessage()).contains("1517", "PUB 7");
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(new JobStore(dir).all().get(0).status()).isEqualTo(JobRecord.Status.FAILED);
  }

  @Test
  void resultWithTooFewPubs_isRefusedWhole() {
    var json =
        com.google.gson.JsonParser.parseString(
                "{\"results\":[{\"data\":{\"c\":{\"samples\":[\"0x1\",\"0x0\"]}}}]}")
            .getAsJsonObject();
    assertThat(IbmClient.samples(json, new long[] {2}).get(0)).containsExactly(1, 0);
    io.qstep.runner.qpu.ProviderException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.qstep.runner.qpu.ProviderException.class,
            () -> IbmClient.samples(json, new long[] {2, 2}));
    assertThat(e.getMessage()).contains("expected 2 PUB results, got 1");
  }

  @Test
  void laterJobFailing_failsOverOnlyTheRest_keepingThePaidResults() {
    fake.maxExperiments = 4; // jobs of 4, 4 and 2 circuits; the second fails at the provider
    fake.failFromSubmission = 2;
    fake.failReason = "Error code 1517";
    List<ExecutionRequest> reqs = new java.util.ArrayList<>();
    var template = io.qstep.circuit.OpenQasm.parse(BASIS);
    double[] rows = basisRows(ROWS);
    for (int row = 0; row < ROWS; row++) {
      double[] p = java.util.Arrays.copyOfRange(rows, row * 4, row * 4 + 4);
      reqs.add(ExecutionRequest.sampled(template.bind(p), SHOTS, row));
    }
    try (Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.SIMULATOR, Budget.UNLIMITED, time),
            time)) {
      StepContext ctx = StepContext.unbounded(1);
      var out = b.executeBatch(reqs, ctx);
      assertThat(out).hasSize(ROWS);
      for (int row = 0; row < ROWS; row++) {
        long want = row;
        assertThat(java.util.Arrays.stream(out.get(row).samples())).allMatch(s -> s == want);
      }
      // the first job's entry, then one failover entry for circuits 4..9 (6 × SHOTS)
      assertThat(ctx.qpu()).hasSize(2);
      assertThat(ctx.qpu().get(0).failedOver()).isFalse();
      assertThat(ctx.qpu().get(0).providerJobId()).isNotEmpty();
      assertThat(ctx.qpu().get(1).failover()).isEqualTo("simulator:statevector");
      assertThat(ctx.qpu().get(1).shots()).isEqualTo(6L * SHOTS);
      assertThat(ctx.qpu().get(1).details().get("failover_reason")).contains("1517");
      assertThat(ctx.warnings()).anyMatch(w -> w.contains("ran 6 circuit(s) on the statevector"));
    }
    assertThat(fake.submissions.get()).isEqualTo(2); // the third job was never submitted
  }

  @Test
  void deviceOffline_failsTheWholeBatchOver_withOneEntry() {
    fake.deviceStatus = "maintenance";
    List<ExecutionRequest> reqs = new java.util.ArrayList<>();
    var template = io.qstep.circuit.OpenQasm.parse(BASIS);
    for (int row = 0; row < 4; row++) {
      double[] p = java.util.Arrays.copyOfRange(basisRows(4), row * 4, row * 4 + 4);
      reqs.add(ExecutionRequest.sampled(template.bind(p), SHOTS, row));
    }
    try (Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.SIMULATOR, Budget.UNLIMITED, time),
            time)) {
      StepContext ctx = StepContext.unbounded(1);
      var out = b.executeBatch(reqs, ctx);
      assertThat(out).hasSize(4);
      for (int row = 0; row < 4; row++) {
        long want = row;
        assertThat(java.util.Arrays.stream(out.get(row).samples())).allMatch(s -> s == want);
      }
      assertThat(ctx.qpu())
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.failover()).isEqualTo("simulator:statevector");
                assertThat(q.shots()).isEqualTo(4 * SHOTS);
              });
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void shotKernel_onIbm_isOneJobForEveryPair() {
    // 4 training rows, 2 test rows, 2 features: 6 Gram pairs + 8 cross pairs
    double[] x = {0.1, 0.4, -0.3, 0.8, 0.5, -0.2, 0.9, 0.3};
    double[] t = {0.2, -0.1, -0.6, 0.7};
    StepResult r =
        engine(Budget.UNLIMITED)
            .run(
                StepRequest.builder(new io.qstep.task.KernelSpec(1, "angle_ry", 1.0, ""))
                    .input("x_train", Tensor.ofDoubles(x, 4, 2))
                    .input("x_test", Tensor.ofDoubles(t, 2, 2))
                    .backend("ibm")
                    .shots(40)
                    .seed(3)
                    .build());
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.pubsPerSubmission).containsExactly(14);
    assertThat(r.metrics()).containsEntry("circuits", 14.0).containsEntry("qpu_tasks", 1.0);
    assertThat(r.qpu()).singleElement().satisfies(q -> assertThat(q.shots()).isEqualTo(14 * 40));
  }

  List<ExecutionRequest> basisRequests(int rows) {
    List<ExecutionRequest> reqs = new java.util.ArrayList<>();
    var template = io.qstep.circuit.OpenQasm.parse(BASIS);
    double[] all = basisRows(rows);
    for (int row = 0; row < rows; row++) {
      double[] p = java.util.Arrays.copyOfRange(all, row * 4, row * 4 + 4);
      reqs.add(ExecutionRequest.sampled(template.bind(p), SHOTS, row));
    }
    return reqs;
  }

  @Test
  void lostSubmitResponse_ofABatch_isReconciledByTag_notResubmitted() {
    fake.fault("POST /v1/jobs", Fault.loseResponse());
    try (Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.NONE, Budget.UNLIMITED, time),
            time)) {
      var out = b.executeBatch(basisRequests(5), StepContext.unbounded(1));
      for (int row = 0; row < 5; row++) {
        long want = row;
        assertThat(java.util.Arrays.stream(out.get(row).samples())).allMatch(x -> x == want);
      }
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.pubsPerSubmission).containsExactly(5);
  }

  @Test
  void cancelWhileTheBatchJobIsQueued_cancelsItAtTheProvider() {
    fake.queuedPolls = 1_000;
    StepContext ctx = StepContext.unbounded(1);
    io.qstep.runner.qpu.QpuTime cancelling =
        new io.qstep.runner.qpu.QpuTime() {
          @Override
          public long nowMs() {
            return time.nowMs();
          }

          @Override
          public void sleep(long ms) {
            time.sleep(ms);
            if (fake.submissions.get() > 0) {
              ctx.cancel(ErrorReason.CANCELLED);
            }
          }
        };
    try (Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.NONE, Budget.UNLIMITED, cancelling),
            cancelling)) {
      QStepException e = failure(() -> b.executeBatch(basisRequests(4), ctx));
      assertThat(e.reason()).isEqualTo(ErrorReason.CANCELLED);
    }
    assertThat(fake.cancels.get()).isEqualTo(1);
    JobRecord rec = new JobStore(dir).all().get(0);
    assertThat(rec.status()).isEqualTo(JobRecord.Status.CANCELLED);
    assertThat(fake.jobStatus(rec.providerJobId())).isEqualTo("Cancelled");
  }

  @Test
  void zneOnIbm_eachRowAndScale_isOneJobForAllItsObservables() {
    String qasm =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] a;\ninput float[64] b;\n"
            + "qubit[2] q;\nry(a) q[0];\nrx(b) q[1];\n";
    double[] p = {Math.PI / 2, 0, -Math.PI / 2, Math.PI};
    StepRequest req =
        StepRequest.builder(new CircuitSpec(qasm, List.of("XI", "IZ")))
            .input("params", Tensor.ofDoubles(p, 2, 2))
            .backend("ibm")
            .shots(SHOTS)
            .seed(5)
            .parameter("mitigation", "zne")
            .parameter("zne_scales", "1,3")
            .build();
    StepResult r = engine(Budget.UNLIMITED).run(req);
    // the raw rows: one job of 2 rows × (circuit + X basis); then mitigation, per row and scale,
    // one job holding the diagonal circuit and the X-rotated one (not one job each)
    assertThat(fake.pubsPerSubmission.get(0)).isEqualTo(4);
    assertThat(fake.pubsPerSubmission.subList(1, fake.pubsPerSubmission.size()))
        .isNotEmpty()
        .containsOnly(2);
    // ideal (noise-free fake) values survive folding: ⟨X0⟩, ⟨Z1⟩ = ±1 per row
    assertThat(r.output("expectations").toDoubleArray())
        .containsExactly(new double[] {1, 1, -1, -1}, within(1e-9));
  }
}
