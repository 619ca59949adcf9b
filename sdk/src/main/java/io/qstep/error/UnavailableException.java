package io.qstep.error;

/** The runner or backend is down; retrying later may succeed. Category {@code UNAVAILABLE}. */
public final class UnavailableException extends QStepException {
  private static final long serialVersionUID = 1L;

  UnavailableException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
