package io.qstep.runner.backend;

/**
 * Service-provider interface for backends, found through {@link java.util.ServiceLoader} (list
 * implementations in {@code META-INF/services/io.qstep.runner.backend.BackendProvider}).
 *
 * <p>Implementations have a cheap public zero-argument constructor; {@link #isAvailable()} never
 * throws. When two providers share a name the higher {@link #priority()} wins.
 */
public interface BackendProvider {

  /** The backend's name. */
  String name();

  /** Tie-breaker between providers of the same name; higher wins. Default 5. */
  default int priority() {
    return 5;
  }

  /** Whether the backend can run here now (libraries present, credentials set). Never throws. */
  boolean isAvailable();

  /** Why it is not available, when it is not; empty otherwise. */
  default String unavailableReason() {
    return "";
  }

  /**
   * Creates the backend. Called once per registry; the registry owns and closes it.
   *
   * @param maxQubits the server's qubit limit; a backend reports {@code min(own, maxQubits)}
   */
  Backend create(int maxQubits);
}
