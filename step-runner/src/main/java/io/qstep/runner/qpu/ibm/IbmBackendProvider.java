package io.qstep.runner.qpu.ibm;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.qpu.GateQpuBackend;
import io.qstep.runner.qpu.QpuEnv;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QpuTime;
import io.qstep.runner.qpu.TranspileAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Provides {@code ibm}: an IBM Quantum QPU through Qiskit Runtime. Configured by {@code
 * QSTEP_IBM_API_KEY} (or {@code QISKIT_IBM_TOKEN}), {@code QSTEP_IBM_CRN} (or {@code
 * QISKIT_IBM_INSTANCE}), {@code QSTEP_IBM_DEVICE}, and optionally {@code QSTEP_IBM_API_URL}, {@code
 * QSTEP_IBM_IAM_URL}, {@code QSTEP_IBM_API_VERSION}; plus the shared QPU settings of {@link
 * QpuRuntime.Settings#fromEnv}. Unavailable (with the reason) until key, CRN and device are set.
 */
public final class IbmBackendProvider implements BackendProvider {
  public static final String NAME = "ibm";

  private final Map<String, String> env;

  public IbmBackendProvider() {
    this(System.getenv());
  }

  /** A provider over an explicit environment (tests). */
  public IbmBackendProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
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
    if (QpuEnv.first(env, "QSTEP_IBM_API_KEY", "QISKIT_IBM_TOKEN").isEmpty()) {
      return "no IBM Cloud API key: set QSTEP_IBM_API_KEY";
    }
    if (QpuEnv.first(env, "QSTEP_IBM_CRN", "QISKIT_IBM_INSTANCE").isEmpty()) {
      return "no Qiskit Runtime instance: set QSTEP_IBM_CRN to its CRN";
    }
    if (QpuEnv.first(env, "QSTEP_IBM_DEVICE").isEmpty()) {
      return "no device: set QSTEP_IBM_DEVICE (e.g. ibm_torino)";
    }
    return "";
  }

  /** The client settings from the environment. */
  public IbmClient.Settings settings() {
    return new IbmClient.Settings(
        URI.create(QpuEnv.or(env, IbmClient.DEFAULT_API_URL, "QSTEP_IBM_API_URL")),
        URI.create(QpuEnv.or(env, IbmClient.DEFAULT_IAM_URL, "QSTEP_IBM_IAM_URL")),
        QpuEnv.first(env, "QSTEP_IBM_API_KEY", "QISKIT_IBM_TOKEN"),
        QpuEnv.first(env, "QSTEP_IBM_CRN", "QISKIT_IBM_INSTANCE"),
        QpuEnv.first(env, "QSTEP_IBM_API_VERSION"),
        Duration.ofMillis(Long.parseLong(QpuEnv.or(env, "30000", "QSTEP_IBM_TIMEOUT_MS"))));
  }

  @Override
  public Backend create(int maxQubits) {
    return create(maxQubits, QpuRuntime.shared(env), QpuTime.SYSTEM);
  }

  /** A backend on an explicit runtime (tests inject time and the state directory). */
  public Backend create(int maxQubits, QpuRuntime runtime, QpuTime time) {
    return new GateQpuBackend(
        NAME,
        new IbmClient(settings(), time),
        QpuEnv.first(env, "QSTEP_IBM_DEVICE"),
        runtime,
        new TranspileAdapter(),
        () -> new StateVectorBackendProvider().create(maxQubits),
        maxQubits,
        100_000);
  }
}
