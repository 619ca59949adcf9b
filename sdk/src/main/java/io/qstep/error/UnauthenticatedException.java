package io.qstep.error;

/** The call carried no valid credentials. Category {@code UNAUTHENTICATED}. */
public final class UnauthenticatedException extends QStepException {
  private static final long serialVersionUID = 1L;

  UnauthenticatedException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
