package io.qstep.runner.qpu.ibm;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeHttpServer.Fault;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.JobRecord;
import io.qstep.runner.qpu.JobStore;
import io.qstep.runner.qpu.LogCapture;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QpuTime;
import io.qstep.runner.stage.StepContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IbmBackendTest {
  @TempDir Path dir;
  final FakeIbm fake = new FakeIbm();
  final FakeTime time = new FakeTime(System.currentTimeMillis());

  @AfterEach
  void stop() {
    fake.close();
  }

  static final Circuit BELL = Circuit.builder(2).h(0).cx(0, 1).measureAll().build();

  Backend backend(QpuRuntime.Failover f, Budget b) {
    return IbmTestSupport.backend(
        IbmTestSupport.env(fake), IbmTestSupport.runtime(dir, f, b, time), time);
  }

  Backend backend() {
    return backend(QpuRuntime.Failover.NONE, Budget.UNLIMITED);
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
  void bell_runsOnTheFake_withHeadersTokenCacheAndProvenance() {
    try (Backend b = backend()) {
      StepContext ctx = StepContext.unbounded(1);
      ExecutionResult r = b.execute(ExecutionRequest.sampled(BELL, 1000, 5), ctx);
      assertThat(r.samples()).hasSize(1000);
      assertThat(java.util.Arrays.stream(r.samples())).allMatch(s -> s == 0 || s == 3);
      assertThat(r.samples()).contains(0L, 3L);
      b.execute(ExecutionRequest.sampled(BELL, 1000, 6), ctx);
      assertThat(fake.submissions.get()).isEqualTo(2);
      assertThat(fake.tokensIssued.get()).isEqualTo(1);
      for (var s : fake.seen()) {
        if (s.path().startsWith("/api/")) {
          assertThat(s.header("Authorization")).startsWith("Bearer tok-");
          assertThat(s.header("Service-CRN")).isEqualTo(FakeIbm.CRN);
          assertThat(s.header("IBM-API-Version")).isEqualTo(IbmClient.DEFAULT_API_VERSION);
        }
      }
      assertThat(r.queueMs()).isEqualTo(5000);
      assertThat(r.executionMs()).isEqualTo(2000);
      assertThat(r.calibration().id()).isEqualTo(FakeIbm.DEVICE + "@2026-01-01T06:00:00Z");
      assertThat(r.calibrationTimeMs()).isPositive();
      assertThat(ctx.warnings()).isEmpty(); // provenance is structured, not a warning
      // the snapshot fetched at execution time, in qstep's schema, next to the job record
      String key = new JobStore(dir).all().get(0).key();
      var snap = io.qstep.runner.calibration.Calibrations.load(dir.resolve(key + ".calibration"));
      assertThat(snap.numQubits()).isEqualTo(FakeIbm.QUBITS);
      assertThat(snap.qubit(0).t1Us()).isEqualTo(120.0);
      assertThat(ctx.metrics())
          .containsEntry("qpu_tasks", 2.0)
          .containsKey("qpu_cost_estimate_usd");
      assertThat(ctx.metrics().get("qpu_cost_estimate_usd"))
          .isEqualTo(2 * (3.20 + 1000 * 0.0016), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(ctx.qpu()).hasSize(2);
      var q = ctx.qpu().get(0);
      assertThat(q.provider()).isEqualTo("ibm");
      assertThat(q.device()).isEqualTo("ibm_fake_eagle");
      assertThat(q.providerJobId()).startsWith("d");
      assertThat(ctx.qpu().stream().map(x -> x.idempotencyKey()))
          .containsExactlyInAnyOrderElementsOf(
              new JobStore(dir).all().stream().map(x -> x.key()).toList());
      assertThat(q.shots()).isEqualTo(1000);
      assertThat(q.costEstimateUsd())
          .isEqualTo(3.20 + 1000 * 0.0016, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(q.transpiledVersion()).hasSize(64).isNotEqualTo(q.calibrationSha256());
      assertThat(q.calibrationSha256()).hasSize(64);
      assertThat(q.calibrationId()).isNotEmpty();
      assertThat(q.details()).containsKeys("transpile_method", "initial_layout");
      assertThat(q.details()).containsEntry("calibration_qubits", "6");
      // the transpiled circuit the entry names is the one recorded, and its version matches
      String qasm =
          new String(
              ctx.artifacts().get(q.artifacts().get("transpiled_qasm")),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(io.qstep.runner.qpu.IdempotencyKey.sha256(qasm)).isEqualTo(q.transpiledVersion());
      assertThat(qasm).startsWith("OPENQASM 3");
      assertThat(q.details().get("transpiled_circuit_version")).hasSize(64);
      // the submitted program is OpenQASM 3 with measurements, tagged with the client token
      var post =
          fake.seen().stream()
              .filter(s -> s.method().equals("POST") && s.path().equals("/api/v1/jobs"))
              .findFirst()
              .orElseThrow();
      assertThat(post.body())
          .contains("\"program_id\":\"sampler\"", "OPENQASM 3", "\"tags\":[\"qstep-");
      // an ISA circuit: physical qubits, native gates only (H and CX were translated)
      assertThat(post.body()).contains("$0", "cz $", "sx $").doesNotContain("h $", "cx $");
      // the step's run gets the transpiled circuits and the provider's calibration
      var transpiled =
          ctx.artifacts().entrySet().stream()
              .filter(e -> e.getKey().endsWith("/transpiled.qasm"))
              .toList();
      assertThat(transpiled).hasSize(2);
      String text =
          new String(transpiled.get(0).getValue(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).startsWith("OPENQASM 3").contains("cz $");
      assertThat(ctx.artifacts().keySet())
          .anyMatch(k -> k.startsWith("qpu/") && k.endsWith("/provider_calibration.json"));
    }
  }

  @Test
  void token_isRefreshedBeforeItExpires() {
    fake.tokenLifetimeSec = 600;
    fake.clock = time::nowMs;
    try (Backend b = backend()) {
      b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1));
      time.sleep(6 * 60_000); // past expiry minus the 5-minute margin
      b.execute(ExecutionRequest.sampled(BELL, 10, 2), StepContext.unbounded(1));
      assertThat(fake.tokensIssued.get()).isEqualTo(2);
    }
  }

  @Test
  void wrongApiKey_isUnauthenticated_andTheKeyAppearsNowhere() {
    Map<String, String> env = IbmTestSupport.env(fake);
    String wrong = "wrong-key-0123456789abcdef";
    env.put("QSTEP_IBM_API_KEY", wrong);
    try (LogCapture logs = new LogCapture();
        Backend b =
            IbmTestSupport.backend(
                env,
                IbmTestSupport.runtime(dir, QpuRuntime.Failover.SIMULATOR, Budget.UNLIMITED, time),
                time)) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.UNAUTHENTICATED);
      assertThat(e.getMessage()).contains("QSTEP_IBM_API_KEY").doesNotContain(wrong);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
      }
      assertThat(logs.text()).doesNotContain(wrong);
      assertThat(b.toString()).doesNotContain(wrong);
      assertThat(new IbmBackendProvider(env).settings().toString()).doesNotContain(wrong);
      assertThat(fake.submissions.get()).isZero();
    }
  }

  @Test
  void missingCredentials_providerIsUnavailableWithReason() {
    IbmBackendProvider p = new IbmBackendProvider(Map.of());
    assertThat(p.isAvailable()).isFalse();
    assertThat(p.unavailableReason()).contains("QSTEP_IBM_API_KEY");
    try (BackendRegistry reg = new BackendRegistry(List.of(p), 26)) {
      QStepException e = failure(() -> reg.get("ibm"));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
      assertThat(e.getMessage()).contains("QSTEP_IBM_API_KEY");
    }
    Map<String, String> noCrn = IbmTestSupport.env(fake);
    noCrn.remove("QSTEP_IBM_CRN");
    assertThat(new IbmBackendProvider(noCrn).unavailableReason()).contains("QSTEP_IBM_CRN");
  }

  @Test
  void unknownDevice_isNotFound() {
    Map<String, String> env = IbmTestSupport.env(fake);
    env.put("QSTEP_IBM_DEVICE", "ibm_nowhere");
    try (Backend b =
        IbmTestSupport.backend(
            env,
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.NONE, Budget.UNLIMITED, time),
            time)) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_NOT_FOUND);
      assertThat(e.field()).isEqualTo("backend.device");
      assertThat(e.getMessage()).contains("ibm_nowhere");
    }
  }

  @Test
  void circuitTooWide_isCapabilityMismatchBeforeSubmission() {
    Circuit wide = Circuit.builder(FakeIbm.QUBITS + 1).h(0).measureAll().build();
    try (Backend b = backend()) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(wide, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("circuit");
      assertThat(e.getMessage()).contains("7 qubits", "has 6");
      assertThat(fake.submissions.get()).isZero();
    }
  }

  @Test
  void exactMode_isCapabilityMismatch() {
    try (Backend b = backend()) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.exact(BELL, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("backend.shots");
    }
  }

  @Test
  void jobFailingOnTheProvider_isUnavailableWithTheReason() {
    fake.endState = "Failed";
    fake.failReason = "Error code 8041; the circuit exceeds the device's memory";
    try (Backend b = backend()) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
      assertThat(e.getMessage()).contains("8041");
    }
    JobRecord r = new JobStore(dir).all().get(0);
    assertThat(r.status()).isEqualTo(JobRecord.Status.FAILED);
  }

  @Test
  void faults_429_500_dropAndTimeout_areRetriedWithoutDuplicateSubmissions() {
    fake.fault("POST /v1/jobs", Fault.tooManyRequests(3));
    fake.fault("GET /v1/jobs/{id}", Fault.status(500));
    fake.fault("GET /v1/jobs/{id}", Fault.drop());
    fake.fault("GET /v1/jobs/{id}", Fault.hang());
    fake.fault("GET /v1/jobs/{id}/results", Fault.status(503));
    try (Backend b = backend()) {
      ExecutionResult r =
          b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1));
      assertThat(r.samples()).hasSize(100);
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(time.sleeps()).contains(3000L); // Retry-After honoured
  }

  @Test
  void lostSubmitResponse_isReconciledByTag_notResubmitted() {
    fake.fault("POST /v1/jobs", Fault.loseResponse());
    try (Backend b = backend()) {
      ExecutionResult r =
          b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1));
      assertThat(r.samples()).hasSize(100);
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.seen())
        .anyMatch(s -> s.path().equals("/api/v1/jobs") && s.query().contains("tags=qstep-"));
  }

  @Test
  void restartMidJob_resumesPolling_withOneSubmission() {
    fake.queuedPolls = 3;
    for (int i = 0; i < 5; i++) {
      fake.fault("GET /v1/jobs/{id}", Fault.status(503)); // the first runner gives up mid-poll
    }
    try (Backend first = backend()) {
      QStepException e =
          failure(
              () ->
                  first.execute(ExecutionRequest.sampled(BELL, 100, 9), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
    }
    assertThat(new JobStore(dir).all())
        .singleElement()
        .satisfies(r -> assertThat(r.hasProviderJob()).isTrue());
    // a new runner over the same state directory
    try (Backend second = backend()) {
      StepContext ctx = StepContext.unbounded(1);
      ExecutionResult r = second.execute(ExecutionRequest.sampled(BELL, 100, 9), ctx);
      assertThat(r.samples()).hasSize(100);
      assertThat(ctx.qpu()).singleElement().satisfies(q -> assertThat(q.resumed()).isTrue());
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
  }

  @Test
  void cancelWhileQueued_cancelsTheProviderJob() {
    fake.queuedPolls = 1_000;
    StepContext ctx = StepContext.unbounded(1);
    QpuTime cancelling =
        new QpuTime() {
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
      QStepException e = failure(() -> b.execute(ExecutionRequest.sampled(BELL, 100, 1), ctx));
      assertThat(e.reason()).isEqualTo(ErrorReason.CANCELLED);
    }
    assertThat(fake.cancels.get()).isEqualTo(1);
    JobRecord r = new JobStore(dir).all().get(0);
    assertThat(r.status()).isEqualTo(JobRecord.Status.CANCELLED);
    assertThat(fake.jobStatus(r.providerJobId())).isEqualTo("Cancelled");
  }

  @Test
  void deviceOffline_failsOverToTheSimulator_visibly() {
    fake.deviceStatus = "maintenance";
    try (Backend b = backend(QpuRuntime.Failover.SIMULATOR, Budget.UNLIMITED)) {
      StepContext ctx = StepContext.unbounded(1);
      ExecutionResult r = b.execute(ExecutionRequest.sampled(BELL, 100, 1), ctx);
      assertThat(r.samples()).hasSize(100);
      assertThat(java.util.Arrays.stream(r.samples())).allMatch(s -> s == 0 || s == 3);
      assertThat(ctx.metrics()).containsEntry("qpu_failover", 1.0);
      assertThat(ctx.warnings()).anyMatch(w -> w.startsWith("failover: ibm was unavailable"));
      assertThat(ctx.qpu())
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.failedOver()).isTrue();
                assertThat(q.failover()).isEqualTo("simulator:statevector");
                assertThat(q.providerJobId()).isEmpty();
                assertThat(q.details().get("failover_reason")).contains("maintenance");
              });
    }
    assertThat(fake.submissions.get()).isZero();
    try (Backend b = backend()) {
      QStepException e =
          failure(
              () -> b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
      assertThat(e.getMessage()).contains("maintenance");
    }
  }

  @Test
  void budget_overCost_isRefusedBeforeSubmission() {
    try (Backend b = backend(QpuRuntime.Failover.SIMULATOR, new Budget(0, 0, 1.0, 0, 0, 0))) {
      QStepException e =
          failure(
              () -> b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BUDGET_EXCEEDED);
      assertThat(e.category()).isEqualTo(ErrorReason.Category.RESOURCE_EXHAUSTED);
      assertThat(e.field()).isEqualTo("budget.request.cost_usd");
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void listDevicesAndDeviceInfo_comeFromConfigurationAndStatus() {
    IbmClient c = new IbmClient(new IbmBackendProvider(IbmTestSupport.env(fake)).settings(), time);
    assertThat(c.devices()).containsExactly(FakeIbm.DEVICE);
    var d = c.device(FakeIbm.DEVICE);
    assertThat(d.numQubits()).isEqualTo(FakeIbm.QUBITS);
    assertThat(d.nativeGates()).containsExactlyInAnyOrder("cz", "rz", "sx", "x");
    assertThat(d.couplingMap()).hasSize(2 * (FakeIbm.QUBITS - 1));
    assertThat(d.online()).isTrue();
    assertThat(d.version()).isEqualTo("1.2.3");
    assertThat(c.properties(FakeIbm.DEVICE).getAsJsonArray("qubits")).hasSize(FakeIbm.QUBITS);
  }
}
