package io.qstep.error;

/** The step was cancelled. Category {@code CANCELLED}. */
public final class CancelledException extends QStepException {
  private static final long serialVersionUID = 1L;

  CancelledException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
