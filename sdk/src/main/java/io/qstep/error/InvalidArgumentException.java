package io.qstep.error;

/**
 * The request is malformed; {@link #field()} names what to fix. Category {@code INVALID_ARGUMENT}.
 */
public final class InvalidArgumentException extends QStepException {
  private static final long serialVersionUID = 1L;

  InvalidArgumentException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
