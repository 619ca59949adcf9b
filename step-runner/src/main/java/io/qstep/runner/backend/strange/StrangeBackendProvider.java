package io.qstep.runner.backend.strange;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendProvider;

/**
 * Provides the {@code strange} backend when Strange's classes are on the class path. The
 * constructor is cheap and loads no Strange class; {@link #isAvailable()} never throws.
 */
public final class StrangeBackendProvider implements BackendProvider {
  /** A class every Strange run needs; loading it (without initialising) proves Strange is here. */
  static final String PROBE_CLASS = "org.redfx.strange.local.SimpleQuantumExecutionEnvironment";

  private final String probeClass;

  /** The provider ServiceLoader instantiates. */
  public StrangeBackendProvider() {
    this(PROBE_CLASS);
  }

  /** Probes {@code probeClass} instead, so that tests can simulate a missing Strange. */
  StrangeBackendProvider(String probeClass) {
    this.probeClass = probeClass;
  }

  @Override
  public String name() {
    return StrangeBackend.NAME;
  }

  @Override
  public int priority() {
    return 5;
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    try {
      Class.forName(probeClass, false, StrangeBackendProvider.class.getClassLoader());
      return "";
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return "Strange (org.redfx:strange) is not on the class path: " + e;
    }
  }

  @Override
  public Backend create(int maxQubits) {
    return new StrangeBackend(maxQubits);
  }
}
