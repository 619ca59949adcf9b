package io.qstep.runner.k8s;

/**
 * A Kubernetes operation that failed on the cluster's side (bad input to qstep itself is a {@link
 * io.qstep.error.QStepException} naming the field). The {@link Kind} decides the CLI's exit code.
 */
public final class K8sException extends RuntimeException {
  /** What went wrong. */
  public enum Kind {
    /** The API server could not be reached (connection refused, DNS, TLS, timeout). */
    UNREACHABLE,
    /** The API server refused an object (validation, RBAC, conflict); nothing past it applied. */
    REJECTED,
    /** A fan-out ended with shards that failed every retry; no merged output was written. */
    SHARDS_FAILED,
    /** A Job or watch did not finish within its budget. */
    TIMEOUT,
    /** A part or manifest that qstep itself cannot read. */
    CORRUPT
  }

  private final Kind kind;

  public K8sException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public K8sException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
