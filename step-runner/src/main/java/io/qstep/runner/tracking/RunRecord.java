package io.qstep.runner.tracking;

import io.qstep.task.TrackingOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything one step logs to MLflow, with where it goes. Immutable; artifact bytes are shared, not
 * copied (callers never mutate them).
 *
 * @param runKey client-side id of this record (32 hex digits), stored as tag {@link #RUN_KEY_TAG};
 *     replays look it up so a record never makes two runs
 * @param runName the run's display name
 * @param startTimeMs when the step started, epoch milliseconds
 * @param endTimeMs when the step ended, epoch milliseconds
 * @param destination experiment, existing run or parent run
 * @param params run parameters, values at most {@link #MAX_PARAM_CHARS} characters
 * @param tags run tags
 * @param metrics metric points in logging order
 * @param artifacts artifact path (relative, '/'-separated) to content
 * @param models artifacts to register as MLflow model versions; each one's directory must hold at
 *     least one of {@code artifacts}
 */
public record RunRecord(
    String runKey,
    String runName,
    long startTimeMs,
    long endTimeMs,
    Destination destination,
    Map<String, String> params,
    Map<String, String> tags,
    List<MetricPoint> metrics,
    Map<String, byte[]> artifacts,
    List<ModelRegistration> models) {

  /** The tag holding {@link #runKey}. */
  public static final String RUN_KEY_TAG = "qstep.run_key";

  /** MLflow's limit on a param value. */
  public static final int MAX_PARAM_CHARS = 6000;

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

  public RunRecord {
    if (!KEY.matcher(runKey).matches()) {
      throw new IllegalArgumentException("runKey must be 32 hex digits: " + runKey);
    }
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    metrics = List.copyOf(metrics);
    artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    models = List.copyOf(models);
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue().length() > MAX_PARAM_CHARS) {
        throw new IllegalArgumentException("param " + e.getKey() + " is over 6000 characters");
      }
    }
    for (String path : artifacts.keySet()) {
      if (!ARTIFACT.matcher(path).matches() || path.contains("..")) {
        throw new IllegalArgumentException("bad artifact path: " + path);
      }
    }
    for (ModelRegistration m : models) {
      String dir = m.artifactDir() + "/";
      if (artifacts.keySet().stream().noneMatch(p -> p.startsWith(dir))) {
        throw new IllegalArgumentException(
            "model " + m.name() + ": no artifact under " + m.artifactDir());
      }
    }
  }

  /** A record that registers no models. */
  public RunRecord(
      String runKey,
      String runName,
      long startTimeMs,
      long endTimeMs,
      Destination destination,
      Map<String, String> params,
      Map<String, String> tags,
      List<MetricPoint> metrics,
      Map<String, byte[]> artifacts) {
    this(
        runKey,
        runName,
        startTimeMs,
        endTimeMs,
        destination,
        params,
        tags,
        metrics,
        artifacts,
        List.of());
  }

  /** Total artifact bytes. */
  public long artifactBytes() {
    long n = 0;
    for (byte[] b : artifacts.values()) {
      n += b.length;
    }
    return n;
  }

  /**
   * Where a run goes. Empty strings mean "not set".
   *
   * @param experimentName experiment by name (created when missing); used when no id is set
   * @param experimentId experiment by id (must exist)
   * @param runId log into this existing run instead of creating one
   * @param parentRunId create the run nested under this one
   */
  public record Destination(
      String experimentName, String experimentId, String runId, String parentRunId) {
    public Destination {
      experimentName = experimentName == null ? "" : experimentName;
      experimentId = experimentId == null ? "" : experimentId;
      runId = runId == null ? "" : runId;
      parentRunId = parentRunId == null ? "" : parentRunId;
    }

    /** The destination a configuration names. */
    public static Destination of(TrackingConfig c) {
      return new Destination(c.experimentName(), c.experimentId(), c.runId(), c.parentRunId());
    }

    /**
     * The destination a configuration names, overridden by a request: a run or parent run on the
     * request replaces the configured ones; an experiment on the request (by id, else by name)
     * replaces the configured experiment and, unless the request also names a run, the configured
     * run and parent run (they live in the configured experiment).
     */
    public static Destination of(TrackingConfig c, TrackingOptions o) {
      if (o == null || o.isNone()) {
        return of(c);
      }
      boolean ownExperiment = !o.experimentId().isEmpty() || !o.experimentName().isEmpty();
      String name = o.experimentName().isEmpty() ? c.experimentName() : o.experimentName();
      String id = ownExperiment ? o.experimentId() : c.experimentId();
      if (!o.runId().isEmpty()) {
        return new Destination(name, id, o.runId(), "");
      }
      if (!o.parentRunId().isEmpty()) {
        return new Destination(name, id, "", o.parentRunId());
      }
      return ownExperiment
          ? new Destination(name, id, "", "")
          : new Destination(name, id, c.runId(), c.parentRunId());
    }
  }

  /**
   * One metric value.
   *
   * @param key metric name
   * @param value the value (NaN and infinities allowed, as in MLflow)
   * @param timestampMs epoch milliseconds
   * @param step the step index (0 for single values; iteration for histories)
   */
  public record MetricPoint(String key, double value, long timestampMs, long step) {}
}
