package io.qstep.error;

/**
 * A stable, machine-readable reason for a failure. The names are part of the API: they travel as
 * {@code google.rpc.ErrorInfo.reason} and never change meaning.
 */
public enum ErrorReason {
  /** A tensor is malformed: byte length, dtype, shape or values. */
  INVALID_TENSOR(Category.INVALID_ARGUMENT),
  /** An OpenQASM program could not be parsed or uses something unsupported. */
  INVALID_QASM(Category.INVALID_ARGUMENT),
  /** A gate name is not known. */
  UNKNOWN_GATE(Category.INVALID_ARGUMENT),
  /** A required field or input tensor is missing. */
  MISSING_FIELD(Category.INVALID_ARGUMENT),
  /** A field holds a value outside its domain. */
  INVALID_VALUE(Category.INVALID_ARGUMENT),
  /** The work needs more qubits than the configured limit. */
  TOO_MANY_QUBITS(Category.RESOURCE_EXHAUSTED),
  /** The work asks for more shots than the configured limit. */
  TOO_MANY_SHOTS(Category.RESOURCE_EXHAUSTED),
  /** A batch has more rows than the configured limit. */
  TOO_MANY_ROWS(Category.RESOURCE_EXHAUSTED),
  /** A tensor or message is larger than the configured limit. */
  TOO_LARGE(Category.RESOURCE_EXHAUSTED),
  /** The runner is at capacity (job queue full). */
  OVERLOADED(Category.RESOURCE_EXHAUSTED),
  /** No backend has the requested name. */
  BACKEND_NOT_FOUND(Category.NOT_FOUND),
  /** No job has the requested id. */
  JOB_NOT_FOUND(Category.NOT_FOUND),
  /** The task is defined in the API but not implemented by this runner yet. */
  TASK_NOT_IMPLEMENTED(Category.UNIMPLEMENTED),
  /** The backend cannot do what the request asks (shots, exact mode, gates, noise). */
  CAPABILITY_MISMATCH(Category.FAILED_PRECONDITION),
  /** The backend is down or unreachable; retry later. */
  BACKEND_UNAVAILABLE(Category.UNAVAILABLE),
  /** The step ran past its deadline. */
  DEADLINE_EXCEEDED(Category.DEADLINE_EXCEEDED),
  /** The caller cancelled the step. */
  CANCELLED(Category.CANCELLED),
  /** The call carries no valid credentials. */
  UNAUTHENTICATED(Category.UNAUTHENTICATED),
  /** A bug in the runner; the server log has the details under the correlation id. */
  INTERNAL(Category.INTERNAL),
  /** The work would exceed a QPU spending budget (shots, tasks or estimated cost). */
  BUDGET_EXCEEDED(Category.RESOURCE_EXHAUSTED);

  private final Category category;

  ErrorReason(Category category) {
    this.category = category;
  }

  /** The broad class of this reason; it decides the gRPC status code. */
  public Category category() {
    return category;
  }

  /** Broad classes of failure, one per gRPC status code we use. */
  public enum Category {
    INVALID_ARGUMENT,
    RESOURCE_EXHAUSTED,
    NOT_FOUND,
    FAILED_PRECONDITION,
    UNIMPLEMENTED,
    UNAVAILABLE,
    DEADLINE_EXCEEDED,
    CANCELLED,
    UNAUTHENTICATED,
    INTERNAL
  }
}
