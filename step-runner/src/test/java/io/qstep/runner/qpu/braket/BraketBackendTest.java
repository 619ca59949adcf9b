package io.qstep.runner.qpu.braket;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeHttpServer.Fault;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.JobRecord;
import io.qstep.runner.qpu.JobStore;
import io.qstep.runner.qpu.LogCapture;
import io.qstep.runner.qpu.PriceTable;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QpuTime;
import io.qstep.runner.qpu.RetryPolicy;
import io.qstep.runner.stage.StepContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class BraketBackendTest {
  @TempDir Path dir;
  final FakeBraket fake = new FakeBraket();
  final FakeTime time = new FakeTime(System.currentTimeMillis());
  static final Circuit BELL = Circuit.builder(2).h(0).cx(0, 1).measureAll().build();

  /** Test-only static credentials, through the default chain's system-property provider. */
  @BeforeAll
  static void credentials() {
    System.setProperty("aws.accessKeyId", FakeBraket.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", FakeBraket.SECRET_KEY);
  }

  @AfterAll
  static void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  static Map<String, String> env(FakeBraket fake) {
    Map<String, String> env = new HashMap<>();
    env.put("QSTEP_BRAKET_DEVICE", FakeBraket.DEVICE);
    env.put("QSTEP_BRAKET_S3_BUCKET", FakeBraket.BUCKET);
    env.put("QSTEP_BRAKET_ENDPOINT", fake.uri().toString());
    env.put("QSTEP_S3_ENDPOINT", fake.uri().toString());
    env.put("QSTEP_BRAKET_TIMEOUT_MS", "3000");
    return env;
  }

  static QpuRuntime runtime(Path dir, QpuRuntime.Failover f, QpuTime time) {
    return new QpuRuntime(
        new QpuRuntime.Settings(
            dir,
            10,
            f,
            Budget.UNLIMITED,
            PriceTable.defaults(),
            new RetryPolicy(5, 10, 200, 2, 0.1),
            3),
        time);
  }

  Backend backend(AwsCredentialsProvider creds, QpuTime t) {
    return new BraketBackendProvider(env(fake), creds)
        .create(26, runtime(dir, QpuRuntime.Failover.NONE, t));
  }

  Backend backend() {
    return backend(DefaultCredentialsProvider.builder().build(), time);
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
  void bell_runsThroughCreateQuantumTaskAndS3Results() {
    try (Backend b = backend()) {
      StepContext ctx = StepContext.unbounded(1);
      ExecutionResult r = b.execute(ExecutionRequest.sampled(BELL, 500, 1), ctx);
      assertThat(r.samples()).hasSize(500);
      assertThat(Arrays.stream(r.samples())).allMatch(s -> s == 0 || s == 3).contains(0L, 3L);
      assertThat(r.calibration().id()).isEqualTo("Line-5@2026-01-01T05:00:00Z");
      assertThat(ctx.qpu())
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.details()).containsEntry("calibration_qubits", "5");
                assertThat(q.calibrationId()).isEqualTo("Line-5@2026-01-01T05:00:00Z");
                assertThat(q.calibrationUnixMs()).isEqualTo(r.calibration().timestampMs());
              });
      assertThat(ctx.metrics().get("qpu_cost_estimate_usd"))
          .isEqualTo(0.30 + 500 * 0.08, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(ctx.qpu().get(0).provider()).isEqualTo("braket");
      assertThat(ctx.qpu().get(0).device()).isEqualTo(FakeBraket.DEVICE);
      assertThat(ctx.qpu().get(0).providerJobId()).isNotEmpty();
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    var create =
        fake.seen().stream()
            .filter(s -> s.path().equals("/quantum-task"))
            .findFirst()
            .orElseThrow();
    assertThat(create.body())
        .contains(
            "braket.ir.openqasm.program",
            "#pragma braket verbatim",
            "\"clientToken\":\"qstep-",
            "qstep-client-token")
        .contains("\"outputS3Bucket\":\"" + FakeBraket.BUCKET + "\"");
    assertThat(create.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + FakeBraket.ACCESS_KEY);
    // S3 read path-style from the fake endpoint
    assertThat(fake.seen())
        .anyMatch(
            s ->
                s.path().startsWith("/" + FakeBraket.BUCKET + "/")
                    && s.path().endsWith("/results.json"));
  }

  @Test
  void lostCreateResponse_isReconciled_oneTask() {
    fake.fault("POST /quantum-task", Fault.loseResponse());
    try (Backend b = backend()) {
      assertThat(
              b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1)).samples())
          .hasSize(100);
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
    assertThat(fake.seen()).anyMatch(s -> s.path().equals("/quantum-tasks"));
  }

  @Test
  void throttlingAndServerErrors_areRetried() {
    fake.fault("GET /quantum-task/{arn}", Fault.tooManyRequests(1));
    fake.fault("GET /quantum-task/{arn}", Fault.status(500));
    fake.fault("GET s3", Fault.status(503));
    try (Backend b = backend()) {
      assertThat(
              b.execute(ExecutionRequest.sampled(BELL, 100, 1), StepContext.unbounded(1)).samples())
          .hasSize(100);
    }
    assertThat(fake.submissions.get()).isEqualTo(1);
  }

  @Test
  void wrongCredentials_areUnauthenticated_andSecretsAppearNowhere() {
    String badId = "AKIAWRONGWRONGWRONG1";
    String badSecret = "wrongSecretValue/abcdefghijklmnopqrstuvwx";
    // the secret key never leaves the signer; the access key id is public by AWS's design (the JDK
    // logs request headers, SigV4's Credential= included, at FINE), so it is checked at INFO
    try (LogCapture all = new LogCapture();
        LogCapture logs = new LogCapture(java.util.logging.Level.INFO);
        Backend b =
            backend(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(badId, badSecret)),
                time)) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.UNAUTHENTICATED);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(badSecret).doesNotContain(badId);
      }
      assertThat(logs.text()).doesNotContain(badSecret).doesNotContain(badId);
      assertThat(all.text()).doesNotContain(badSecret);
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void noCredentialsOrConfig_providerIsUnavailableWithReason() {
    AwsCredentialsProvider none =
        () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials");
        };
    assertThat(new BraketBackendProvider(env(fake), none).unavailableReason())
        .contains("credential");
    assertThat(new BraketBackendProvider(Map.of(), none).unavailableReason())
        .contains("QSTEP_BRAKET_DEVICE");
    Map<String, String> noBucket = env(fake);
    noBucket.remove("QSTEP_BRAKET_S3_BUCKET");
    assertThat(new BraketBackendProvider(noBucket, none).isAvailable()).isFalse();
    assertThat(
            new BraketBackendProvider(env(fake), DefaultCredentialsProvider.builder().build())
                .isAvailable())
        .isTrue();
  }

  @Test
  void unknownDevice_isNotFound() {
    Map<String, String> env = env(fake);
    env.put("QSTEP_BRAKET_DEVICE", "arn:aws:braket:us-west-1::device/qpu/fake/Nowhere");
    try (Backend b =
        new BraketBackendProvider(env, DefaultCredentialsProvider.builder().build())
            .create(26, runtime(dir, QpuRuntime.Failover.NONE, time))) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_NOT_FOUND);
    }
  }

  @Test
  void tooWide_isCapabilityMismatch() {
    Circuit wide = Circuit.builder(FakeBraket.QUBITS + 1).h(0).measureAll().build();
    try (Backend b = backend()) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(wide, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("circuit");
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void failedTask_isUnavailableWithReason() {
    fake.endState = "FAILED";
    fake.failReason = "Device calibration in progress";
    try (Backend b = backend()) {
      QStepException e =
          failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
      assertThat(e.getMessage()).contains("Device calibration in progress");
    }
  }

  @Test
  void cancelWhileQueued_cancelsTheTask() {
    fake.queuedPolls = 1000;
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
    try (Backend b = backend(DefaultCredentialsProvider.builder().build(), cancelling)) {
      QStepException e = failure(() -> b.execute(ExecutionRequest.sampled(BELL, 10, 1), ctx));
      assertThat(e.reason()).isEqualTo(ErrorReason.CANCELLED);
    }
    JobRecord r = new JobStore(dir).all().get(0);
    assertThat(r.status()).isEqualTo(JobRecord.Status.CANCELLED);
    assertThat(fake.taskStatus(r.providerJobId())).isEqualTo("CANCELLED");
    assertThat(fake.cancels.get()).isEqualTo(1);
  }

  @Test
  void deviceAndStandardizedCalibration_areRead() {
    BraketClient c =
        new BraketClient(
            new BraketBackendProvider(env(fake), DefaultCredentialsProvider.builder().build())
                .settings(),
            DefaultCredentialsProvider.builder().build());
    var d = c.device(FakeBraket.DEVICE);
    assertThat(d.numQubits()).isEqualTo(FakeBraket.QUBITS);
    assertThat(d.nativeGates()).containsExactlyInAnyOrder("rx", "rz", "cz");
    assertThat(d.couplingMap()).hasSize(2 * (FakeBraket.QUBITS - 1));
    assertThat(d.maxShots()).isEqualTo(50000);
    assertThat(c.calibration(FakeBraket.DEVICE).json())
        .contains("oneQubitProperties", "twoQubitGateFidelity");
    assertThat(c.devices()).containsExactly(FakeBraket.DEVICE);
    c.close();
  }

  @Test
  void batch_isOneTaskPerCircuit_inOrder_andRefusedWholeByTheBudget() {
    // CreateQuantumTask takes one program per task here: a batch is one task per circuit
    List<ExecutionRequest> reqs =
        List.of(
            ExecutionRequest.sampled(Circuit.builder(2).x(0).measureAll().build(), 20, 1),
            ExecutionRequest.sampled(Circuit.builder(2).x(1).measureAll().build(), 20, 2),
            ExecutionRequest.sampled(Circuit.builder(2).x(0).x(1).measureAll().build(), 20, 3));
    try (Backend b = backend()) {
      StepContext ctx = StepContext.unbounded(1);
      List<ExecutionResult> out = b.executeBatch(reqs, ctx);
      assertThat(fake.submissions.get()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        long want = i + 1;
        assertThat(Arrays.stream(out.get(i).samples())).allMatch(s -> s == want);
      }
      assertThat(ctx.qpu()).hasSize(3);
    }
    QpuRuntime tight =
        new QpuRuntime(
            new QpuRuntime.Settings(
                dir.resolve("tight"),
                10,
                QpuRuntime.Failover.NONE,
                new Budget(0, 2, 0, 0, 0, 0),
                PriceTable.defaults(),
                new RetryPolicy(5, 10, 200, 2, 0.1),
                3),
            time);
    try (Backend b =
        new BraketBackendProvider(env(fake), DefaultCredentialsProvider.builder().build())
            .create(26, tight)) {
      QStepException e = failure(() -> b.executeBatch(reqs, StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.BUDGET_EXCEEDED);
      assertThat(e.field()).isEqualTo("budget.request.tasks");
    }
    assertThat(fake.submissions.get()).isEqualTo(3);
  }
}
