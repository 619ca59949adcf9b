package io.qstep.task;

/**
 * Per-request overrides of where (and whether) the runner logs a step to MLflow. Empty strings mean
 * "the runner's configuration" ({@code MLFLOW_EXPERIMENT_NAME}, {@code MLFLOW_RUN_ID}, ...).
 * Immutable.
 *
 * @param experimentName log into this experiment (created when missing) instead of the configured
 *     one
 * @param experimentId log into this existing experiment; wins over {@code experimentName}
 * @param runId log into this existing, running run (e.g. the one a Kubeflow component created)
 *     instead of creating one; excludes {@code parentRunId}
 * @param parentRunId create the step's run nested under this run
 * @param disabled do not log this step at all
 */
public record TrackingOptions(
    String experimentName,
    String experimentId,
    String runId,
    String parentRunId,
    boolean disabled) {

  private static final TrackingOptions NONE = new TrackingOptions("", "", "", "", false);

  public TrackingOptions {
    experimentName = experimentName == null ? "" : experimentName.trim();
    experimentId = experimentId == null ? "" : experimentId.trim();
    runId = runId == null ? "" : runId.trim();
    parentRunId = parentRunId == null ? "" : parentRunId.trim();
    if (!runId.isEmpty() && !parentRunId.isEmpty()) {
      throw new IllegalArgumentException(
          "runId and parentRunId exclude each other: a step logs into a run or nests under one");
    }
  }

  /** No overrides: the runner's configuration decides. */
  public static TrackingOptions none() {
    return NONE;
  }

  /** Tracking switched off for this request. */
  public static TrackingOptions off() {
    return new TrackingOptions("", "", "", "", true);
  }

  /** Whether this overrides nothing. */
  public boolean isNone() {
    return equals(NONE);
  }
}
