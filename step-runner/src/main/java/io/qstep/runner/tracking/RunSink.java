package io.qstep.runner.tracking;

/** Where run records end up: an MLflow tracking server or a local file store. */
public interface RunSink extends AutoCloseable {

  /**
   * Logs {@code record} as one MLflow run, or into the existing run it names. Idempotent: writing
   * the same record again (same run key) neither creates a second run nor duplicates a value.
   * Called from one thread at a time per record; implementations are thread-safe.
   *
   * @return the MLflow run id it was logged to
   * @throws TrackingException when it was not (fully) logged; {@link TrackingException#retryable()}
   *     says whether trying again later may succeed
   */
  String write(RunRecord record) throws TrackingException;

  /**
   * {@link #write} for a record no sink has been offered before (not a replay): a sink may skip
   * looking for a run that an earlier attempt made. Same contract otherwise.
   */
  default String writeFresh(RunRecord record) throws TrackingException {
    return write(record);
  }

  /** Where it writes, for messages (never with credentials). */
  String describe();

  @Override
  default void close() {}
}
