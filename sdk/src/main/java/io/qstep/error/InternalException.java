package io.qstep.error;

/**
 * A bug in the runner; the server log has details under the correlation id in the message. Category
 * {@code INTERNAL}.
 */
public final class InternalException extends QStepException {
  private static final long serialVersionUID = 1L;

  InternalException(ErrorReason reason, String field, String message, Throwable cause) {
    super(reason, field, message, cause);
  }
}
