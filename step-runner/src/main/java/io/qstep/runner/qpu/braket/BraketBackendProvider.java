package io.qstep.runner.qpu.braket;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.qpu.GateQpuBackend;
import io.qstep.runner.qpu.QpuEnv;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.TranspileAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Provides {@code braket}: an Amazon Braket QPU. Configured by {@code QSTEP_BRAKET_DEVICE} (the
 * device ARN), {@code QSTEP_BRAKET_S3_BUCKET}, optionally {@code QSTEP_BRAKET_S3_PREFIX} (default
 * {@code qstep-results}), {@code AWS_REGION} (default: the ARN's region), {@code
 * QSTEP_BRAKET_ENDPOINT} and {@code QSTEP_S3_ENDPOINT} (endpoint overrides, path-style S3), {@code
 * QSTEP_BRAKET_TIMEOUT_MS}; credentials come from the AWS default chain (environment, system
 * properties, profile, container or instance role). Unavailable, with the reason, until device,
 * bucket and credentials are there.
 */
public final class BraketBackendProvider implements BackendProvider {
  public static final String NAME = "braket";

  private final Map<String, String> env;
  private final AwsCredentialsProvider credentials;
  private volatile String credentialProblem;

  public BraketBackendProvider() {
    this(System.getenv(), DefaultCredentialsProvider.builder().build());
  }

  /** A provider over an explicit environment and credential chain (tests). */
  public BraketBackendProvider(Map<String, String> env, AwsCredentialsProvider credentials) {
    this.env = Map.copyOf(env);
    this.credentials = credentials;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    if (QpuEnv.first(env, "QSTEP_BRAKET_DEVICE").isEmpty()) {
      return "no device: set QSTEP_BRAKET_DEVICE to a Braket device ARN";
    }
    if (QpuEnv.first(env, "QSTEP_BRAKET_S3_BUCKET").isEmpty()) {
      return "no results bucket: set QSTEP_BRAKET_S3_BUCKET";
    }
    String p = credentialProblem;
    if (p == null) {
      try {
        credentials.resolveCredentials();
        p = "";
      } catch (RuntimeException e) {
        p = "no AWS credentials found by the default credential chain";
      }
      credentialProblem = p;
    }
    return p;
  }

  public String device() {
    return QpuEnv.first(env, "QSTEP_BRAKET_DEVICE");
  }

  /** The client settings from the environment. */
  public BraketClient.Settings settings() {
    String arn = device();
    String[] parts = arn.split(":");
    String arnRegion = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "us-east-1";
    String braketEp = QpuEnv.first(env, "QSTEP_BRAKET_ENDPOINT");
    String s3Ep = QpuEnv.first(env, "QSTEP_S3_ENDPOINT");
    return new BraketClient.Settings(
        QpuEnv.first(env, "QSTEP_BRAKET_S3_BUCKET"),
        QpuEnv.or(env, "qstep-results", "QSTEP_BRAKET_S3_PREFIX"),
        QpuEnv.or(env, arnRegion, "AWS_REGION"),
        braketEp.isEmpty() ? null : URI.create(braketEp),
        s3Ep.isEmpty() ? null : URI.create(s3Ep),
        Duration.ofMillis(Long.parseLong(QpuEnv.or(env, "30000", "QSTEP_BRAKET_TIMEOUT_MS"))));
  }

  @Override
  public Backend create(int maxQubits) {
    return create(maxQubits, QpuRuntime.shared(env));
  }

  /** A backend on an explicit runtime (tests inject time and the state directory). */
  public Backend create(int maxQubits, QpuRuntime runtime) {
    return new GateQpuBackend(
        NAME,
        new BraketClient(settings(), credentials),
        device(),
        runtime,
        new TranspileAdapter(),
        () -> new StateVectorBackendProvider().create(maxQubits),
        maxQubits,
        100_000);
  }
}
