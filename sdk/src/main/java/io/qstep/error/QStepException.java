package io.qstep.error;

import java.util.Objects;

/**
 * Root of every failure qstep reports, on the server and in the SDK. It carries a stable {@link
 * ErrorReason} and, for bad input, the name of the offending field (e.g. {@code inputs[features]},
 * {@code backend.shots}, {@code qasm}).
 *
 * <p>Unchecked: callers catch what they can handle. Instances are immutable.
 */
public class QStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorReason reason;
  private final String field;

  /**
   * @param reason why it failed, never null
   * @param field the request field at fault, or null when no single field is
   * @param message a one-line human-readable message
   */
  public QStepException(ErrorReason reason, String field, String message) {
    this(reason, field, message, null);
  }

  /** As {@link #QStepException(ErrorReason, String, String)} with a cause. */
  public QStepException(ErrorReason reason, String field, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
  }

  /** Bad input in {@code field}. */
  public static QStepException invalid(String field, String message) {
    return new QStepException(ErrorReason.INVALID_VALUE, field, message);
  }

  /** A required {@code field} is missing. */
  public static QStepException missing(String field) {
    return new QStepException(ErrorReason.MISSING_FIELD, field, field + " is required");
  }

  /** The stable reason. */
  public ErrorReason reason() {
    return reason;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }

  /** The broad class of failure. */
  public ErrorReason.Category category() {
    return reason.category();
  }
}
