package io.qstep.runner.qpu;

/**
 * A failure talking to a QPU provider, classified so that the caller knows whether a retry is safe.
 * Messages never carry credentials (clients redact them before building one).
 */
public final class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** Timeout, dropped connection, 408, 429 or 5xx: the same call may succeed later. */
    TRANSIENT,
    /** Missing, wrong or expired credentials (401/403, or the token service refused the key). */
    AUTH,
    /** The device or job does not exist (404). */
    NOT_FOUND,
    /** The provider rejected the request as invalid (other 4xx). */
    REJECTED
  }

  private final Kind kind;
  private final int httpStatus;
  private final long retryAfterMs;

  /**
   * @param httpStatus the HTTP status, or 0 when none came back
   * @param retryAfterMs the server's Retry-After in milliseconds, or -1
   */
  public ProviderException(Kind kind, int httpStatus, long retryAfterMs, String message) {
    super(message);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.retryAfterMs = retryAfterMs;
  }

  public static ProviderException transientFailure(String message) {
    return new ProviderException(Kind.TRANSIENT, 0, -1, message);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isTransient() {
    return kind == Kind.TRANSIENT;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }
}
