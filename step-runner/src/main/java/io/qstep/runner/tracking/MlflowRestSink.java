package io.qstep.runner.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * Logs runs to an MLflow tracking server: experiments, runs, params, metrics and tags through the
 * MLflow Java client ({@code logBatch} chunked to the server's limits), artifacts by HTTP PUT to
 * the server's proxied artifact endpoint ({@code /api/2.0/mlflow-artifacts/artifacts/...}), so no
 * Python is needed. Each record has a time budget; past it the client's connections are closed (the
 * Java client sets no socket timeouts) and the write fails as retryable. Thread-safe.
 */
public final class MlflowRestSink implements RunSink {
  /** The server's limits per log-batch request. */
  static final int MAX_PARAMS = 100;

  static final int MAX_TAGS = 100;
  static final int MAX_METRICS = 1000;

  private final TrackingConfig config;
  private final String base;
  private final HttpClient http;
  private final ScheduledExecutorService watchdog;
  private final Map<String, String> experiments = new ConcurrentHashMap<>();
  private volatile MlflowClient client;

  public MlflowRestSink(TrackingConfig config) {
    if (!config.remote()) {
      throw new IllegalArgumentException("not an http(s) tracking URI: " + config.scheme());
    }
    this.config = config;
    this.base = config.trackingUri().replaceAll("/+$", "");
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs())).build();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "qstep-tracking-watchdog");
              t.setDaemon(true);
              return t;
            });
    this.client = newClient();
  }

  private MlflowClient newClient() {
    return new MlflowClient(
        new BasicMlflowHostCreds(
            base,
            config.username().isEmpty() ? null : config.username(),
            config.password().isEmpty() ? null : config.password(),
            config.token().isEmpty() ? null : config.token(),
            false));
  }

  @Override
  public String describe() {
    return "MLflow server " + TrackingConfig.redact(base);
  }

  @Override
  public String write(RunRecord rec) throws TrackingException {
    MlflowClient c = client;
    AtomicBoolean timedOut = new AtomicBoolean();
    long deadline = System.nanoTime() + config.timeoutMs() * 1_000_000L;
    ScheduledFuture<?> alarm =
        watchdog.schedule(
            () -> {
              timedOut.set(true);
              c.close();
            },
            config.timeoutMs(),
            TimeUnit.MILLISECONDS);
    try {
      return send(c, rec, deadline);
    } catch (MlflowHttpException e) {
      int s = e.getStatusCode();
      throw new TrackingException(
          describe() + " answered " + s + ": " + oneLine(e.getBodyMessage()), retryable(s), e);
    } catch (MlflowClientException e) {
      throw new TrackingException(
          timedOut.get()
              ? describe() + " did not answer within " + config.timeoutMs() + " ms"
              : describe() + " unreachable: " + oneLine(String.valueOf(e.getMessage())),
          true,
          e);
    } catch (RuntimeException e) {
      // The watchdog's close surfaces as "Connection pool shut down"; anything else unexpected is
      // kept for a retry too rather than dropped.
      throw new TrackingException(
          timedOut.get()
              ? describe() + " did not answer within " + config.timeoutMs() + " ms"
              : describe() + " failed: " + oneLine(e.toString()),
          true,
          e);
    } finally {
      alarm.cancel(false);
      if (timedOut.get()) {
        synchronized (this) {
          if (client == c) {
            client = newClient();
          }
        }
      }
    }
  }

  private String send(MlflowClient c, RunRecord rec, long deadline) throws TrackingException {
    RunRecord.Destination d = rec.destination();
    boolean into = !d.runId().isEmpty();
    Service.RunInfo info;
    if (into) {
      info = existingRun(c, d.runId());
    } else {
      String exp = experimentId(c, d);
      info = findByKey(c, exp, rec.runKey()).orElse(null);
      if (info == null) {
        info =
            c.createRun(
                Service.CreateRun.newBuilder()
                    .setExperimentId(exp)
                    .setStartTime(rec.startTimeMs())
                    .setRunName(rec.runName())
                    .addTags(tag(RunRecord.RUN_KEY_TAG, rec.runKey()))
                    .build());
      }
    }
    String runId = info.getRunId();
    logBatches(c, runId, rec, into);
    uploadArtifacts(c, info, rec, into, deadline);
    if (!into) {
      c.setTerminated(runId, Service.RunStatus.FINISHED, rec.endTimeMs());
    }
    return runId;
  }

  private void logBatches(MlflowClient c, String runId, RunRecord rec, boolean into) {
    List<Service.Param> params = new ArrayList<>();
    rec.params()
        .forEach((k, v) -> params.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
    List<Service.RunTag> tags = new ArrayList<>();
    rec.tags()
        .forEach(
            (k, v) -> {
              if (!(into && k.equals("mlflow.runName"))) {
                tags.add(tag(k, v));
              }
            });
    List<Service.Metric> metrics = new ArrayList<>();
    for (RunRecord.MetricPoint m : rec.metrics()) {
      metrics.add(
          Service.Metric.newBuilder()
              .setKey(m.key())
              .setValue(m.value())
              .setTimestamp(m.timestampMs())
              .setStep(m.step())
              .build());
    }
    for (int i = 0; i < params.size(); i += MAX_PARAMS) {
      c.logBatch(
          runId, List.of(), params.subList(i, Math.min(params.size(), i + MAX_PARAMS)), List.of());
    }
    for (int i = 0; i < tags.size(); i += MAX_TAGS) {
      c.logBatch(runId, List.of(), List.of(), tags.subList(i, Math.min(tags.size(), i + MAX_TAGS)));
    }
    for (int i = 0; i < metrics.size(); i += MAX_METRICS) {
      c.logBatch(
          runId,
          metrics.subList(i, Math.min(metrics.size(), i + MAX_METRICS)),
          List.of(),
          List.of());
    }
  }

  private void uploadArtifacts(
      MlflowClient c, Service.RunInfo info, RunRecord rec, boolean into, long deadline)
      throws TrackingException {
    if (rec.artifacts().isEmpty()) {
      return;
    }
    String uri = info.getArtifactUri();
    if (!uri.startsWith("mlflow-artifacts:")) {
      // The server does not proxy this run's artifact store (started with --no-serve-artifacts):
      // the run keeps everything else, and says why its artifacts are missing.
      c.setTag(
          info.getRunId(),
          "qstep.artifacts_skipped",
          "artifact store " + TrackingConfig.redact(uri) + " is not served by the tracking server");
      return;
    }
    String path = uri.substring("mlflow-artifacts:".length());
    if (path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "" : path.substring(slash);
    }
    path = path.replaceAll("^/+", "").replaceAll("/+$", "");
    String prefix = into ? "qstep/" + rec.runKey() + "/" : "";
    for (Map.Entry<String, byte[]> e : rec.artifacts().entrySet()) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new TrackingException(
            describe() + " did not take the artifacts within " + config.timeoutMs() + " ms", true);
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create(
                      base
                          + "/api/2.0/mlflow-artifacts/artifacts/"
                          + path
                          + "/"
                          + prefix
                          + e.getKey()))
              .timeout(Duration.ofMillis(left))
              .header("Content-Type", "application/octet-stream")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(e.getValue()));
      authorization().ifPresent(a -> b.header("Authorization", a));
      HttpResponse<String> resp;
      try {
        resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException ex) {
        throw new TrackingException(
            describe() + " artifact upload failed: " + oneLine(String.valueOf(ex.getMessage())),
            true,
            ex);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new TrackingException("interrupted during artifact upload", true, ex);
      }
      int s = resp.statusCode();
      if (s / 100 != 2) {
        throw new TrackingException(
            describe()
                + " answered "
                + s
                + " to artifact "
                + e.getKey()
                + ": "
                + oneLine(resp.body()),
            retryable(s));
      }
    }
  }

  private Optional<String> authorization() {
    if (!config.token().isEmpty()) {
      return Optional.of("Bearer " + config.token());
    }
    if (!config.username().isEmpty()) {
      String up = config.username() + ":" + config.password();
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  private Service.RunInfo existingRun(MlflowClient c, String runId) throws TrackingException {
    Service.Run run;
    try {
      run = c.getRun(runId);
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
        throw new TrackingException("run " + runId + " does not exist on " + describe(), false, e);
      }
      throw e;
    }
    Service.RunInfo info = run.getInfo();
    if (!"active".equals(info.getLifecycleStage())) {
      throw new TrackingException("run " + runId + " is deleted", false);
    }
    if (info.getStatus() != Service.RunStatus.RUNNING
        && info.getStatus() != Service.RunStatus.SCHEDULED) {
      throw new TrackingException(
          "run " + runId + " is " + info.getStatus() + "; qstep logs only into a running run",
          false);
    }
    return info;
  }

  private String experimentId(MlflowClient c, RunRecord.Destination d) throws TrackingException {
    if (!d.parentRunId().isEmpty()) {
      String key = "parent:" + d.parentRunId();
      String cached = experiments.get(key);
      if (cached != null) {
        return cached;
      }
      Service.RunInfo parent;
      try {
        parent = c.getRun(d.parentRunId()).getInfo();
      } catch (MlflowHttpException e) {
        if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
          throw new TrackingException(
              "parent run " + d.parentRunId() + " does not exist on " + describe(), false, e);
        }
        throw e;
      }
      experiments.put(key, parent.getExperimentId());
      return parent.getExperimentId();
    }
    if (!d.experimentId().isEmpty()) {
      String key = "id:" + d.experimentId();
      if (experiments.containsKey(key)) {
        return d.experimentId();
      }
      try {
        c.getExperiment(d.experimentId());
      } catch (MlflowHttpException e) {
        if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
          throw new TrackingException(
              "experiment id " + d.experimentId() + " does not exist on " + describe(), false, e);
        }
        throw e;
      }
      experiments.put(key, d.experimentId());
      return d.experimentId();
    }
    String name =
        d.experimentName().isEmpty() ? TrackingConfig.DEFAULT_EXPERIMENT : d.experimentName();
    String key = "name:" + name;
    String cached = experiments.get(key);
    if (cached != null) {
      return cached;
    }
    // A search, not get-by-name: the Java client retries every 404 three times.
    Optional<String> found = experimentByName(c, name);
    String id;
    if (found.isPresent()) {
      id = found.get();
    } else {
      try {
        id = c.createExperiment(name);
      } catch (MlflowHttpException ex) {
        // Another runner created it first.
        id = experimentByName(c, name).orElseThrow(() -> ex);
      }
    }
    experiments.put(key, id);
    return id;
  }

  private static Optional<String> experimentByName(MlflowClient c, String name) {
    String quoted = name.replace("'", "\\'");
    for (Service.Experiment e :
        c.searchExperiments("name = '" + quoted + "'", Service.ViewType.ACTIVE_ONLY, 10, List.of())
            .getItems()) {
      if (e.getName().equals(name)) {
        return Optional.of(e.getExperimentId());
      }
    }
    return Optional.empty();
  }

  private static Optional<Service.RunInfo> findByKey(MlflowClient c, String exp, String runKey) {
    List<Service.Run> runs =
        c.searchRuns(
                List.of(exp),
                "tags.`" + RunRecord.RUN_KEY_TAG + "` = '" + runKey + "'",
                Service.ViewType.ALL,
                1)
            .getItems();
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0).getInfo());
  }

  private static Service.RunTag tag(String k, String v) {
    return Service.RunTag.newBuilder().setKey(k).setValue(v).build();
  }

  static boolean retryable(int status) {
    return status >= 500 || status == 429 || status == 408;
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replace('\n', ' ').trim();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    client.close();
  }
}
