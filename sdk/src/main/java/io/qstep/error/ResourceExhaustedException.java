package io.qstep.error;

/**
 * The work exceeds a configured limit (qubits, shots, rows, size, queue). Category {@code
 * RESOURCE_EXHAUSTED}.
 */
public final class ResourceExhaustedException extends QStepException {
  private static final long serialVersionUID = 1L;

  ResourceExhaustedException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
