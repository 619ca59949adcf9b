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

  /**
   * The typed exception for {@code reason}: a subclass per {@link ErrorReason.Category}, so callers
   * can catch e.g. {@link InvalidArgumentException} without inspecting the reason.
   */
  public static QStepException of(
      ErrorReason reason, String field, String message, Throwable cause) {
    return switch (reason.category()) {
      case INVALID_ARGUMENT -> new InvalidArgumentException(reason, field, message, cause);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(reason, field, message, cause);
      case NOT_FOUND -> new NotFoundException(reason, field, message, cause);
      case FAILED_PRECONDITION -> new FailedPreconditionException(reason, field, message, cause);
      case UNIMPLEMENTED -> new UnimplementedException(reason, field, message, cause);
      case UNAVAILABLE -> new UnavailableException(reason, field, message, cause);
      case DEADLINE_EXCEEDED -> new DeadlineExceededException(reason, field, message, cause);
      case CANCELLED -> new CancelledException(reason, field, message, cause);
      case UNAUTHENTICATED -> new UnauthenticatedException(reason, field, message, cause);
      case INTERNAL -> new InternalException(reason, field, message, cause);
    };
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
