package io.qstep.error;

/** The backend cannot do what the request asks. Category {@code FAILED_PRECONDITION}. */
public final class FailedPreconditionException extends QStepException {
  private static final long serialVersionUID = 1L;

  FailedPreconditionException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
