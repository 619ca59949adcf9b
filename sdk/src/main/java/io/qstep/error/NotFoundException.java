package io.qstep.error;

/** A named backend, task or job does not exist. Category {@code NOT_FOUND}. */
public final class NotFoundException extends QStepException {
  private static final long serialVersionUID = 1L;

  NotFoundException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
