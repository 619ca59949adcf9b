package io.qstep.error;

/** The step ran past its deadline. Category {@code DEADLINE_EXCEEDED}. */
public final class DeadlineExceededException extends QStepException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
