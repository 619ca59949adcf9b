package io.qstep.runner.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.qstep.client.BackendDescription;
import io.qstep.client.ClientSettings;
import io.qstep.client.JobStatus;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.error.ErrorReason;
import io.qstep.error.InvalidArgumentException;
import io.qstep.error.NotFoundException;
import io.qstep.error.QStepException;
import io.qstep.error.ResourceExhaustedException;
import io.qstep.error.UnauthenticatedException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.LayerSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK client against a real server on a loopback TCP port. */
class StepServerIT {
  static final String BELL = QuantumStepServiceTest.BELL;
  static StepServer server;
  static QStepClient client;

  @BeforeAll
  static void start() throws Exception {
    RunnerConfig config = RunnerConfig.defaults().withMaxMessageBytes(1 << 20);
    server = StepServer.onPort(0, config, BackendRegistry.loadDefault(config.maxQubits())).start();
    client = QStep.connect("localhost:" + server.port());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void run_overTcp_returnsResult() {
    StepResult r = client.run(StepRequest.builder(new CircuitSpec(BELL, List.of("ZZ"))).build());
    assertThat(r.output("expectations").toDoubleArray()[0]).isCloseTo(1, within(1e-12));
  }

  @Test
  void run_badInput_isTypedExceptionNamingTheField() {
    InvalidArgumentException e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () ->
                client.run(
                    StepRequest.builder(LayerSpec.defaults())
                        .input("features", Tensor.ofDoubles(new double[] {Double.NaN}, 1, 1))
                        .input("weights", Tensor.ofDoubles(new double[2], 1, 1, 2))
                        .build()));
    assertThat(e.field()).isEqualTo("inputs[features]");
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_TENSOR);
  }

  @Test
  void run_unknownBackend_isNotFoundException() {
    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class,
            () -> client.run(StepRequest.builder(CircuitSpec.of(BELL)).backend("nope").build()));
    assertThat(e.getMessage()).contains("statevector");
  }

  @Test
  void run_messageOverServerLimit_isResourceExhausted() {
    // 2 MiB of features against a 1 MiB server limit: refused by the transport before decoding.
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () ->
                client.run(
                    StepRequest.builder(LayerSpec.defaults())
                        .input("features", Tensor.ofDoubles(new double[1 << 18], 1 << 17, 2))
                        .input("weights", Tensor.ofDoubles(new double[4], 1, 2, 2))
                        .build()));
    assertThat(e).isInstanceOf(ResourceExhaustedException.class);
    assertThat(client.run(StepRequest.builder(CircuitSpec.of(BELL)).build()).task())
        .isEqualTo("circuit");
  }

  @Test
  void runAsync_completes() throws Exception {
    CompletableFuture<StepResult> f =
        client.runAsync(StepRequest.builder(new CircuitSpec(BELL, List.of("XX"))).build());
    assertThat(f.get(30, TimeUnit.SECONDS).output("expectations").toDoubleArray()[0])
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void runAsync_shortDeadline_failsWithDeadlineExceeded() {
    CompletableFuture<StepResult> f =
        client.runAsync(QuantumStepServiceTest.heavy(500), Duration.ofMillis(100));
    CompletionException e = catchThrowableOfType(CompletionException.class, f::join);
    assertThat(e.getCause()).isInstanceOf(QStepException.class);
    assertThat(((QStepException) e.getCause()).reason()).isEqualTo(ErrorReason.DEADLINE_EXCEEDED);
  }

  @Test
  void runAll_streamsInOrder_withPerRequestErrors() {
    List<QStepClient.StepOutcome> out =
        client.runAll(
            List.of(
                StepRequest.builder(CircuitSpec.of(BELL)).requestId("1").build(),
                StepRequest.builder(CircuitSpec.of(BELL)).backend("nope").requestId("2").build(),
                StepRequest.builder(CircuitSpec.of(BELL)).requestId("3").build()));
    assertThat(out).hasSize(3);
    assertThat(out.get(0).result()).isPresent();
    assertThat(out.get(1).error().get()).isInstanceOf(NotFoundException.class);
    assertThat(out.get(2).result().get().requestId()).isEqualTo("3");
  }

  @Test
  void submit_getJob_cancelJob() {
    String id = client.submit(StepRequest.builder(CircuitSpec.of(BELL)).build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JobStatus s = client.getJob(id);
    while (!s.state().isTerminal() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      s = client.getJob(id);
    }
    assertThat(s.state()).isEqualTo(JobStatus.State.SUCCEEDED);
    assertThat(s.result()).isPresent();
    // Cancelling a finished job leaves it as it was.
    assertThat(client.cancelJob(id).state()).isEqualTo(JobStatus.State.SUCCEEDED);
    assertThat(catchThrowableOfType(NotFoundException.class, () -> client.getJob("nope")).field())
        .isEqualTo("job_id");
  }

  @Test
  void listBackends_describesBoth() {
    List<BackendDescription> bs = client.listBackends();
    assertThat(bs).extracting(BackendDescription::name).contains("statevector", "strange");
  }

  @Test
  void bearerToken_requiredWhenConfigured() throws Exception {
    RunnerConfig config = RunnerConfig.defaults().withAuthToken("s3cret");
    try (StepServer secured =
        StepServer.onPort(0, config, BackendRegistry.loadDefault(config.maxQubits())).start()) {
      String target = "localhost:" + secured.port();
      StepRequest r = StepRequest.builder(CircuitSpec.of(BELL)).build();
      try (QStepClient anonymous = QStep.connect(target);
          QStepClient wrong =
              QStep.connect(ClientSettings.builder(target).bearerToken("nope").build());
          QStepClient right =
              QStep.connect(ClientSettings.builder(target).bearerToken("s3cret").build())) {
        assertThat(catchThrowableOfType(UnauthenticatedException.class, () -> anonymous.run(r)))
            .isNotNull();
        assertThat(catchThrowableOfType(UnauthenticatedException.class, () -> wrong.run(r)))
            .isNotNull();
        assertThat(right.run(r).task()).isEqualTo("circuit");
      }
    }
  }

  @Test
  void tls_withTrustedSelfSignedCertificate_works(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=DNS:localhost",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("openssl is not installed");
      return;
    }
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    RunnerConfig config = RunnerConfig.defaults();
    try (StepServer tls =
            StepServer.onPortTls(
                    0,
                    cert.toFile(),
                    key.toFile(),
                    config,
                    BackendRegistry.loadDefault(config.maxQubits()))
                .start();
        QStepClient secure =
            QStep.connect(ClientSettings.builder("localhost:" + tls.port()).tls(cert).build());
        QStepClient plain = QStep.connect("localhost:" + tls.port())) {
      StepRequest r = StepRequest.builder(CircuitSpec.of(BELL)).build();
      assertThat(secure.run(r).task()).isEqualTo("circuit");
      assertThat(catchThrowableOfType(QStepException.class, () -> plain.run(r)).category())
          .isEqualTo(ErrorReason.Category.UNAVAILABLE);
    }
  }

  @Test
  void local_runsInProcessThroughServiceLoader() {
    try (QStepClient local = QStep.local()) {
      StepResult r = local.run(StepRequest.builder(new CircuitSpec(BELL, List.of("YY"))).build());
      assertThat(r.output("expectations").toDoubleArray()[0]).isCloseTo(-1, within(1e-12));
    }
  }
}
