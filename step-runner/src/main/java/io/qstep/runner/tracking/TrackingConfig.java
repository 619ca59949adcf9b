package io.qstep.runner.tracking;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how steps are tracked, read the MLflow way from the environment. Immutable. {@link
 * #toString()} never shows the token or password.
 *
 * @param enabled false when {@code QSTEP_TRACKING=off}
 * @param trackingUri {@code MLFLOW_TRACKING_URI}; empty = the local file store
 * @param experimentName {@code MLFLOW_EXPERIMENT_NAME}; used when no experiment id is set
 * @param experimentId {@code MLFLOW_EXPERIMENT_ID}; empty = by name
 * @param runId {@code MLFLOW_RUN_ID}: log every step into this existing run; empty = a run per step
 * @param parentRunId {@code QSTEP_MLFLOW_PARENT_RUN_ID}: each step's run is nested under this one
 * @param token {@code MLFLOW_TRACKING_TOKEN} (bearer); empty = none
 * @param username {@code MLFLOW_TRACKING_USERNAME} (basic auth); empty = none
 * @param password {@code MLFLOW_TRACKING_PASSWORD}
 * @param localDir {@code QSTEP_MLRUNS_DIR}: the file store when no server is set (default mlruns)
 * @param spoolDir {@code QSTEP_TRACKING_SPOOL_DIR}: records waiting for the server (default
 *     .qstep/tracking-spool)
 * @param queueCapacity {@code QSTEP_TRACKING_QUEUE}: steps waiting to be logged (default 10,000)
 * @param timeoutMs {@code QSTEP_TRACKING_TIMEOUT_MS}: budget to log one run before it is spooled
 *     (default 10,000)
 * @param retryMs {@code QSTEP_TRACKING_RETRY_MS}: first replay delay after a failure, doubled up to
 *     60 s (default 1,000)
 * @param threads {@code QSTEP_TRACKING_THREADS}: runs logged at once (default 4); a tracking server
 *     answers each call in tens of milliseconds, so one thread cannot keep up with a burst
 */
public record TrackingConfig(
    boolean enabled,
    String trackingUri,
    String experimentName,
    String experimentId,
    String runId,
    String parentRunId,
    String token,
    String username,
    String password,
    Path localDir,
    Path spoolDir,
    int queueCapacity,
    long timeoutMs,
    long retryMs,
    int threads) {

  /** The experiment runs go to when neither a name nor an id is configured. */
  public static final String DEFAULT_EXPERIMENT = "qstep";

  public TrackingConfig {
    trackingUri = nz(trackingUri).trim();
    experimentName = nz(experimentName).isBlank() ? DEFAULT_EXPERIMENT : experimentName.trim();
    experimentId = nz(experimentId).trim();
    runId = nz(runId).trim();
    parentRunId = nz(parentRunId).trim();
    token = nz(token);
    username = nz(username);
    password = nz(password);
    localDir = localDir == null ? Path.of("mlruns") : localDir;
    spoolDir = spoolDir == null ? Path.of(".qstep", "tracking-spool") : spoolDir;
    if (queueCapacity < 1 || timeoutMs < 1 || retryMs < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "queueCapacity, timeoutMs, retryMs and threads must be >= 1");
    }
  }

  /** Tracking to the local file store {@code dir}, everything else default. */
  public static TrackingConfig local(Path dir) {
    return fromEnv(Map.of()).withLocalDir(dir);
  }

  /** Reads the variables listed on the record; unset ones take their defaults. */
  public static TrackingConfig fromEnv(Map<String, String> env) {
    String onOff = env.getOrDefault("QSTEP_TRACKING", "on").trim().toLowerCase(Locale.ROOT);
    return new TrackingConfig(
        !(onOff.equals("off") || onOff.equals("false") || onOff.equals("0")),
        env.get("MLFLOW_TRACKING_URI"),
        env.get("MLFLOW_EXPERIMENT_NAME"),
        env.get("MLFLOW_EXPERIMENT_ID"),
        env.get("MLFLOW_RUN_ID"),
        env.get("QSTEP_MLFLOW_PARENT_RUN_ID"),
        env.get("MLFLOW_TRACKING_TOKEN"),
        env.get("MLFLOW_TRACKING_USERNAME"),
        env.get("MLFLOW_TRACKING_PASSWORD"),
        path(env, "QSTEP_MLRUNS_DIR"),
        path(env, "QSTEP_TRACKING_SPOOL_DIR"),
        (int) num(env, "QSTEP_TRACKING_QUEUE", 10_000),
        num(env, "QSTEP_TRACKING_TIMEOUT_MS", 10_000),
        num(env, "QSTEP_TRACKING_RETRY_MS", 1_000),
        (int) num(env, "QSTEP_TRACKING_THREADS", 4));
  }

  /** Whether runs go to a tracking server (http or https) rather than a local file store. */
  public boolean remote() {
    String s = scheme();
    return s.equals("http") || s.equals("https");
  }

  /**
   * The tracking URI's scheme, lower case: "" (none), "file", "http", "https" are supported; a bare
   * path counts as "file".
   */
  public String scheme() {
    int i = trackingUri.indexOf("://");
    if (trackingUri.isEmpty()) {
      return "";
    }
    if (i < 0) {
      return trackingUri.contains(":") && !trackingUri.startsWith("/") ? "unsupported" : "file";
    }
    return trackingUri.substring(0, i).toLowerCase(Locale.ROOT);
  }

  /** The file store this configuration writes when not remote. */
  public Path fileStoreDir() {
    if (scheme().equals("file")) {
      return trackingUri.startsWith("file:")
          ? Path.of(java.net.URI.create(trackingUri))
          : Path.of(trackingUri);
    }
    return localDir;
  }

  public TrackingConfig withLocalDir(Path dir) {
    Copy c = new Copy(this);
    c.localDir = dir;
    return c.build();
  }

  public TrackingConfig withTrackingUri(String uri) {
    Copy c = new Copy(this);
    c.trackingUri = uri;
    return c.build();
  }

  public TrackingConfig withSpoolDir(Path dir) {
    Copy c = new Copy(this);
    c.spoolDir = dir;
    return c.build();
  }

  public TrackingConfig withExperimentName(String name) {
    Copy c = new Copy(this);
    c.experimentName = name;
    return c.build();
  }

  /** A copy with these budgets (milliseconds) and queue size. */
  public TrackingConfig withLimits(int queue, long timeout, long retry) {
    Copy c = new Copy(this);
    c.queueCapacity = queue;
    c.timeoutMs = timeout;
    c.retryMs = retry;
    return c.build();
  }

  /** A copy logging {@code n} runs at once. */
  public TrackingConfig withThreads(int n) {
    Copy c = new Copy(this);
    c.threads = n;
    return c.build();
  }

  /** A copy logging into {@code runId} (an existing run) and nesting under {@code parentRunId}. */
  public TrackingConfig withRun(String experimentId, String runId, String parentRunId) {
    Copy c = new Copy(this);
    c.experimentId = experimentId;
    c.runId = runId;
    c.parentRunId = parentRunId;
    return c.build();
  }

  @Override
  public String toString() {
    return "TrackingConfig[enabled="
        + enabled
        + ", trackingUri="
        + (remote() ? redact(trackingUri) : fileStoreDir())
        + ", experiment="
        + (experimentId.isEmpty() ? experimentName : "id " + experimentId)
        + (runId.isEmpty() ? "" : ", runId=" + runId)
        + (parentRunId.isEmpty() ? "" : ", parentRunId=" + parentRunId)
        + ", auth="
        + (!token.isEmpty() ? "token" : !username.isEmpty() ? "basic" : "none")
        + ", spool="
        + spoolDir
        + "]";
  }

  /** {@code uri} without user info ({@code https://user:secret@host} -> {@code https://host}). */
  static String redact(String uri) {
    return uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static Path path(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  private static long num(Map<String, String> env, String key, long dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not an integer: '" + v + "'", e);
    }
  }

  /** A mutable copy of every field, so each {@code with*} method names only what it changes. */
  private static final class Copy {
    boolean enabled;
    String trackingUri;
    String experimentName;
    String experimentId;
    String runId;
    String parentRunId;
    String token;
    String username;
    String password;
    Path localDir;
    Path spoolDir;
    int queueCapacity;
    long timeoutMs;
    long retryMs;
    int threads;

    Copy(TrackingConfig t) {
      enabled = t.enabled;
      trackingUri = t.trackingUri;
      experimentName = t.experimentName;
      experimentId = t.experimentId;
      runId = t.runId;
      parentRunId = t.parentRunId;
      token = t.token;
      username = t.username;
      password = t.password;
      localDir = t.localDir;
      spoolDir = t.spoolDir;
      queueCapacity = t.queueCapacity;
      timeoutMs = t.timeoutMs;
      retryMs = t.retryMs;
      threads = t.threads;
    }

    TrackingConfig build() {
      return new TrackingConfig(
          enabled,
          trackingUri,
          experimentName,
          experimentId,
          runId,
          parentRunId,
          token,
          username,
          password,
          localDir,
          spoolDir,
          queueCapacity,
          timeoutMs,
          retryMs,
          threads);
    }
  }
}
