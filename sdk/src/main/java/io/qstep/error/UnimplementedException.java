package io.qstep.error;

/** The task is defined but not implemented by this runner. Category {@code UNIMPLEMENTED}. */
public final class UnimplementedException extends QStepException {
  private static final long serialVersionUID = 1L;

  UnimplementedException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
