package io.qstep.runner.qpu.dwave;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.qpu.QpuEnv;
import io.qstep.runner.qpu.QpuRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Provides {@code dwave}: a D-Wave annealer through SAPI. Configured by {@code QSTEP_DWAVE_TOKEN}
 * (or {@code DWAVE_API_TOKEN}), {@code QSTEP_DWAVE_SOLVER} (or {@code DWAVE_API_SOLVER}), and
 * optionally {@code QSTEP_DWAVE_URL} (or {@code DWAVE_API_ENDPOINT}), {@code
 * QSTEP_DWAVE_TIMEOUT_MS} and {@code QSTEP_DWAVE_CHAIN_STRENGTH} (see {@link ChainStrength}).
 * Unavailable, with the reason, until token and solver are set (or while the chain strength is not
 * a positive number).
 */
public final class DwaveBackendProvider implements BackendProvider {
  /** The runner-wide chain strength override. */
  public static final String CHAIN_STRENGTH_ENV = "QSTEP_DWAVE_CHAIN_STRENGTH";

  private final Map<String, String> env;

  public DwaveBackendProvider() {
    this(System.getenv());
  }

  public DwaveBackendProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return DwaveBackend.NAME;
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    if (QpuEnv.first(env, "QSTEP_DWAVE_TOKEN", "DWAVE_API_TOKEN").isEmpty()) {
      return "no SAPI token: set QSTEP_DWAVE_TOKEN";
    }
    if (QpuEnv.first(env, "QSTEP_DWAVE_SOLVER", "DWAVE_API_SOLVER").isEmpty()) {
      return "no solver: set QSTEP_DWAVE_SOLVER (e.g. Advantage_system4.1)";
    }
    try {
      chainStrength();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    return "";
  }

  @Override
  public Backend create(int maxQubits) {
    return create(maxQubits, QpuRuntime.shared(env));
  }

  /** A backend on an explicit runtime (tests). */
  public DwaveBackend create(int maxQubits, QpuRuntime runtime) {
    return new DwaveBackend(
        new DwaveClient(
            URI.create(
                QpuEnv.or(env, DwaveClient.DEFAULT_URL, "QSTEP_DWAVE_URL", "DWAVE_API_ENDPOINT")),
            QpuEnv.first(env, "QSTEP_DWAVE_TOKEN", "DWAVE_API_TOKEN"),
            Duration.ofMillis(Long.parseLong(QpuEnv.or(env, "30000", "QSTEP_DWAVE_TIMEOUT_MS")))),
        QpuEnv.first(env, "QSTEP_DWAVE_SOLVER", "DWAVE_API_SOLVER"),
        runtime,
        maxQubits,
        chainStrength());
  }

  /** {@code QSTEP_DWAVE_CHAIN_STRENGTH}, or 0 (uniform torque compensation) when unset. */
  private double chainStrength() {
    String v = QpuEnv.first(env, CHAIN_STRENGTH_ENV);
    return v.isEmpty() ? 0 : ChainStrength.parse(v, CHAIN_STRENGTH_ENV);
  }
}
