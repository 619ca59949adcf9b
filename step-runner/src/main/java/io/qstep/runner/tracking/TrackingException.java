package io.qstep.runner.tracking;

/**
 * A record was not logged. Retryable failures (server down, slow, 5xx, 429) are spooled and
 * replayed; the others (unknown experiment or run, a finished run, bad credentials, a 4xx) are kept
 * aside as rejected. Messages never carry credentials.
 */
public final class TrackingException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public TrackingException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public TrackingException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  /** Whether trying again later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
