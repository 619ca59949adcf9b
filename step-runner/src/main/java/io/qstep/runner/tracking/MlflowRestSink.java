package io.qstep.runner.tracking;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow_project.google.protobuf.InvalidProtocolBufferException;
import org.mlflow_project.google.protobuf.Message;
import org.mlflow_project.google.protobuf.MessageOrBuilder;
import org.mlflow_project.google.protobuf.util.JsonFormat;

/**
 * Logs runs to an MLflow tracking server over its REST API: the MLflow Java client's request and
 * response types ({@code org.mlflow.api.proto.Service}) and JSON mapping, sent with {@code
 * java.net.http} rather than the client's own Apache HttpClient, which sets no socket timeouts and
 * took about 40 ms per call even against an in-process fake server (the signature of Nagle's
 * algorithm meeting delayed ACKs; the JDK client sets TCP_NODELAY). A new run costs three round
 * trips: create (with the run-key tag), then params, tags and metrics in as few {@code log-batch}
 * calls as the server's limits allow together with every artifact upload (HTTP PUT to the proxied
 * artifact endpoint {@code /api/2.0/mlflow-artifacts/artifacts/...}, so no Python is needed), all
 * in parallel, then the final status. Each record has a time budget; past it the write fails as
 * retryable. Thread-safe: several records may be written at once.
 */
public final class MlflowRestSink implements RunSink {
  /** The server's limits per log-batch request (mlflow/utils/validation.py). */
  static final int MAX_PARAMS = 100;

  static final int MAX_TAGS = 100;
  static final int MAX_METRICS = 1000;
  static final int MAX_ENTITIES = 1000;

  /** The server refuses log-batch bodies over 1,000,000 bytes; this leaves room for escaping. */
  static final int MAX_BATCH_CHARS = 600_000;

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSE = JsonFormat.parser().ignoringUnknownFields();

  private final TrackingConfig config;
  private final String base;
  private final ExecutorService httpPool;
  private final HttpClient http;

  /** Experiment ids by "parent:", "id:" or "name:" and the destination's value. */
  private final Map<String, String> experiments = new ConcurrentHashMap<>();

  public MlflowRestSink(TrackingConfig config) {
    if (!config.remote()) {
      throw new IllegalArgumentException("not an http(s) tracking URI: " + config.scheme());
    }
    this.config = config;
    this.base = config.trackingUri().replaceAll("/+$", "");
    this.httpPool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "qstep-tracking-http");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(config.timeoutMs()))
            .executor(httpPool)
            .build();
  }

  @Override
  public String describe() {
    return "MLflow server " + TrackingConfig.redact(base);
  }

  @Override
  public String write(RunRecord rec) throws TrackingException {
    return write(rec, false);
  }

  @Override
  public String writeFresh(RunRecord rec) throws TrackingException {
    return write(rec, true);
  }

  private String write(RunRecord rec, boolean fresh) throws TrackingException {
    long deadline = System.nanoTime() + config.timeoutMs() * 1_000_000L;
    try {
      return send(rec, fresh, deadline);
    } catch (HttpStatus e) {
      throw new TrackingException(
          describe() + " answered " + e.status + " to " + e.what + ": " + oneLine(e.body),
          retryable(e.status),
          e);
    }
  }

  private String send(RunRecord rec, boolean fresh, long deadline)
      throws TrackingException, HttpStatus {
    RunRecord.Destination d = rec.destination();
    boolean into = !d.runId().isEmpty();
    Service.RunInfo info;
    if (into) {
      info = existingRun(d.runId(), deadline);
    } else {
      String exp = experimentId(d, deadline);
      // A fresh record was never sent, so no earlier attempt can have made its run.
      info = fresh ? null : findByKey(exp, rec.runKey(), deadline).orElse(null);
      if (info == null) {
        Service.CreateRun.Builder create =
            Service.CreateRun.newBuilder()
                .setExperimentId(exp)
                .setStartTime(rec.startTimeMs())
                .setRunName(rec.runName())
                .addTags(tag(RunRecord.RUN_KEY_TAG, rec.runKey()));
        info =
            call(
                    "POST",
                    "runs/create",
                    create.build(),
                    Service.CreateRun.Response.getDefaultInstance(),
                    deadline)
                .getRun()
                .getInfo();
      }
    }
    String runId = info.getRunId();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (Service.LogBatch batch : batches(runId, rec, into)) {
      calls.add(callAsync("POST", "runs/log-batch", batch, deadline));
    }
    String artifactRoot = artifactRoot(info.getArtifactUri());
    if (!rec.artifacts().isEmpty() && artifactRoot == null) {
      // The server does not proxy this run's artifact store (started with --no-serve-artifacts):
      // the run keeps everything else, and says why its artifacts are missing.
      calls.add(
          callAsync(
              "POST",
              "runs/log-batch",
              Service.LogBatch.newBuilder()
                  .setRunId(runId)
                  .addTags(
                      tag(
                          "qstep.artifacts_skipped",
                          "artifact store "
                              + TrackingConfig.redact(info.getArtifactUri())
                              + " is not served by the tracking server"))
                  .build(),
              deadline));
    } else if (artifactRoot != null) {
      String prefix = into ? "qstep/" + rec.runKey() + "/" : "";
      for (Map.Entry<String, byte[]> e : rec.artifacts().entrySet()) {
        calls.add(
            exchange(
                request(
                        "mlflow-artifacts/artifacts/" + artifactRoot + prefix + e.getKey(),
                        deadline)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(e.getValue())),
                "artifact " + e.getKey()));
      }
    }
    awaitAll(calls, deadline);
    if (!into) {
      call(
          "POST",
          "runs/update",
          Service.UpdateRun.newBuilder()
              .setRunId(runId)
              .setStatus(Service.RunStatus.FINISHED)
              .setEndTime(rec.endTimeMs())
              .build(),
          Service.UpdateRun.Response.getDefaultInstance(),
          deadline);
    }
    String prefix = into ? "qstep/" + rec.runKey() + "/" : "";
    for (ModelRegistration m : rec.models()) {
      register(m, runId, info.getArtifactUri() + "/" + prefix + m.artifactDir(), deadline);
    }
    return runId;
  }

  /**
   * Registers {@code source} as a version of model {@code m.name()} unless this run already
   * registered it (a replay after a lost answer must not add a second version).
   */
  private void register(ModelRegistration m, String runId, String source, long deadline)
      throws TrackingException, HttpStatus {
    try {
      call(
          "POST",
          "registered-models/create",
          ModelRegistry.CreateRegisteredModel.newBuilder().setName(m.name()).build(),
          ModelRegistry.CreateRegisteredModel.Response.getDefaultInstance(),
          deadline);
    } catch (HttpStatus e) {
      if (!(e.status == 400 && e.body != null && e.body.contains("RESOURCE_ALREADY_EXISTS"))) {
        throw e;
      }
    }
    ModelRegistry.SearchModelVersions.Response found =
        call(
            "GET",
            "model-versions/search?max_results=1000&filter="
                + enc("name='" + m.name() + "' and run_id='" + runId + "'"),
            null,
            ModelRegistry.SearchModelVersions.Response.getDefaultInstance(),
            deadline);
    for (ModelRegistry.ModelVersion v : found.getModelVersionsList()) {
      if (v.getSource().equals(source)) {
        return;
      }
    }
    ModelRegistry.CreateModelVersion.Builder create =
        ModelRegistry.CreateModelVersion.newBuilder()
            .setName(m.name())
            .setSource(source)
            .setRunId(runId)
            .setDescription(m.description());
    m.tags()
        .forEach(
            (k, v) ->
                create.addTags(
                    ModelRegistry.ModelVersionTag.newBuilder().setKey(k).setValue(v).build()));
    call(
        "POST",
        "model-versions/create",
        create.build(),
        ModelRegistry.CreateModelVersion.Response.getDefaultInstance(),
        deadline);
  }

  /**
   * Params, tags and metrics as log-batch requests within the server's limits: each request takes
   * up to 100 params, 100 tags and as many metrics as keep it at 1,000 entities and under the size
   * limit.
   */
  static List<Service.LogBatch> batches(String runId, RunRecord rec, boolean into) {
    List<Service.Param> params = new ArrayList<>();
    rec.params()
        .forEach((k, v) -> params.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
    List<Service.RunTag> tags = new ArrayList<>();
    rec.tags()
        .forEach(
            (k, v) -> {
              // The run-key tag went with create; a run logged into keeps its own name.
              if (!(into && k.equals("mlflow.runName"))
                  && !(!into && k.equals(RunRecord.RUN_KEY_TAG))) {
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
    List<Service.LogBatch> out = new ArrayList<>();
    int p = 0;
    int t = 0;
    int m = 0;
    while (p < params.size() || t < tags.size() || m < metrics.size()) {
      Service.LogBatch.Builder b = Service.LogBatch.newBuilder().setRunId(runId);
      long chars = 0;
      int n = 0;
      // Always take at least one entity so that an oversized one fails loudly, not forever.
      while (p < params.size() && b.getParamsCount() < MAX_PARAMS) {
        Service.Param x = params.get(p);
        long c = x.getKey().length() + x.getValue().length() + 32L;
        if (n > 0 && chars + c > MAX_BATCH_CHARS) {
          break;
        }
        b.addParams(x);
        chars += c;
        n++;
        p++;
      }
      while (t < tags.size() && b.getTagsCount() < MAX_TAGS) {
        Service.RunTag x = tags.get(t);
        long c = x.getKey().length() + x.getValue().length() + 32L;
        if (n > 0 && chars + c > MAX_BATCH_CHARS) {
          break;
        }
        b.addTags(x);
        chars += c;
        n++;
        t++;
      }
      while (m < metrics.size() && b.getMetricsCount() < MAX_METRICS && n < MAX_ENTITIES) {
        long c = metrics.get(m).getKey().length() + 96L;
        if (n > 0 && chars + c > MAX_BATCH_CHARS) {
          break;
        }
        b.addMetrics(metrics.get(m));
        chars += c;
        n++;
        m++;
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * The run's artifact path under the proxied endpoint, with a trailing '/'; null if not served.
   */
  private static String artifactRoot(String uri) {
    if (!uri.startsWith("mlflow-artifacts:")) {
      return null;
    }
    String path = uri.substring("mlflow-artifacts:".length());
    if (path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "" : path.substring(slash);
    }
    path = path.replaceAll("^/+", "").replaceAll("/+$", "");
    return path.isEmpty() ? "" : path + "/";
  }

  private Service.RunInfo existingRun(String runId, long deadline)
      throws TrackingException, HttpStatus {
    Service.Run run;
    try {
      run =
          call(
                  "GET",
                  "runs/get?run_id=" + enc(runId),
                  null,
                  Service.GetRun.Response.getDefaultInstance(),
                  deadline)
              .getRun();
    } catch (HttpStatus e) {
      if (e.status == 404 || e.status == 400) {
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

  private String experimentId(RunRecord.Destination d, long deadline)
      throws TrackingException, HttpStatus {
    String key =
        !d.parentRunId().isEmpty()
            ? "parent:" + d.parentRunId()
            : !d.experimentId().isEmpty()
                ? "id:" + d.experimentId()
                : "name:"
                    + (d.experimentName().isEmpty()
                        ? TrackingConfig.DEFAULT_EXPERIMENT
                        : d.experimentName());
    String cached = experiments.get(key);
    if (cached != null) {
      return cached;
    }
    // One lookup at a time: workers starting together would otherwise each create the experiment.
    synchronized (experiments) {
      return resolveExperiment(d, deadline);
    }
  }

  private String resolveExperiment(RunRecord.Destination d, long deadline)
      throws TrackingException, HttpStatus {
    if (!d.parentRunId().isEmpty()) {
      String key = "parent:" + d.parentRunId();
      String cached = experiments.get(key);
      if (cached != null) {
        return cached;
      }
      Service.RunInfo parent;
      try {
        parent =
            call(
                    "GET",
                    "runs/get?run_id=" + enc(d.parentRunId()),
                    null,
                    Service.GetRun.Response.getDefaultInstance(),
                    deadline)
                .getRun()
                .getInfo();
      } catch (HttpStatus e) {
        if (e.status == 404 || e.status == 400) {
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
        call(
            "GET",
            "experiments/get?experiment_id=" + enc(d.experimentId()),
            null,
            Service.GetExperiment.Response.getDefaultInstance(),
            deadline);
      } catch (HttpStatus e) {
        if (e.status == 404 || e.status == 400) {
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
    Optional<String> found = experimentByName(name, deadline);
    String id;
    if (found.isPresent()) {
      id = found.get();
    } else {
      try {
        id =
            call(
                    "POST",
                    "experiments/create",
                    Service.CreateExperiment.newBuilder().setName(name).build(),
                    Service.CreateExperiment.Response.getDefaultInstance(),
                    deadline)
                .getExperimentId();
      } catch (HttpStatus ex) {
        // Another runner (or another of our threads) created it first.
        Optional<String> again = experimentByName(name, deadline);
        if (again.isEmpty()) {
          throw ex;
        }
        id = again.get();
      }
    }
    experiments.put(key, id);
    return id;
  }

  private Optional<String> experimentByName(String name, long deadline)
      throws TrackingException, HttpStatus {
    String quoted = name.replace("'", "\\'");
    Service.SearchExperiments.Response r =
        call(
            "POST",
            "experiments/search",
            Service.SearchExperiments.newBuilder()
                .setFilter("name = '" + quoted + "'")
                .setMaxResults(10)
                .setViewType(Service.ViewType.ACTIVE_ONLY)
                .build(),
            Service.SearchExperiments.Response.getDefaultInstance(),
            deadline);
    for (Service.Experiment e : r.getExperimentsList()) {
      if (e.getName().equals(name)) {
        return Optional.of(e.getExperimentId());
      }
    }
    return Optional.empty();
  }

  private Optional<Service.RunInfo> findByKey(String exp, String runKey, long deadline)
      throws TrackingException, HttpStatus {
    Service.SearchRuns.Response r =
        call(
            "POST",
            "runs/search",
            Service.SearchRuns.newBuilder()
                .addExperimentIds(exp)
                .setFilter("tags.`" + RunRecord.RUN_KEY_TAG + "` = '" + runKey + "'")
                .setRunViewType(Service.ViewType.ALL)
                .setMaxResults(1)
                .build(),
            Service.SearchRuns.Response.getDefaultInstance(),
            deadline);
    return r.getRunsCount() == 0 ? Optional.empty() : Optional.of(r.getRuns(0).getInfo());
  }

  /** One REST call, waited for; the answer parsed as a {@code type}. */
  @SuppressWarnings("unchecked")
  private <T extends Message> T call(
      String method, String op, MessageOrBuilder body, T type, long deadline)
      throws TrackingException, HttpStatus {
    String text = await(callAsync(method, op, body, deadline), deadline);
    Message.Builder into = type.newBuilderForType();
    try {
      PARSE.merge(text.isBlank() ? "{}" : text, into);
    } catch (InvalidProtocolBufferException e) {
      throw new TrackingException(
          describe() + " answered " + op + " with something unreadable: " + oneLine(text), true, e);
    }
    return (T) into.build();
  }

  private CompletableFuture<String> callAsync(
      String method, String op, MessageOrBuilder body, long deadline) throws TrackingException {
    HttpRequest.Builder b = request("mlflow/" + op, deadline);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String json;
      try {
        json = JSON.print(body);
      } catch (InvalidProtocolBufferException e) {
        throw new TrackingException("cannot encode " + op + ": " + e.getMessage(), false, e);
      }
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    int q = op.indexOf('?');
    return exchange(b, q < 0 ? op : op.substring(0, q));
  }

  private HttpRequest.Builder request(String apiPath, long deadline) throws TrackingException {
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    if (left <= 0) {
      throw timedOut(null);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/2.0/" + apiPath))
            .timeout(Duration.ofMillis(left));
    authorization().ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  /** Sends; the future fails with {@link HttpStatus} on a non-2xx answer. */
  private CompletableFuture<String> exchange(HttpRequest.Builder b, String what) {
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(
            r -> {
              if (r.statusCode() / 100 != 2) {
                throw new CompletionException(new HttpStatus(what, r.statusCode(), r.body()));
              }
              return r.body();
            });
  }

  private String await(CompletableFuture<String> f, long deadline)
      throws TrackingException, HttpStatus {
    awaitAll(List.of(f), deadline);
    return f.join();
  }

  /**
   * Waits for every call. A refusal for good (4xx) wins over a retryable failure, so that a record
   * the server will never take is not retried forever.
   */
  private void awaitAll(List<CompletableFuture<String>> calls, long deadline)
      throws TrackingException, HttpStatus {
    HttpStatus refused = null;
    TrackingException retry = null;
    for (CompletableFuture<String> f : calls) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
      try {
        f.get(left, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        retry = retry == null ? timedOut(e) : retry;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrackingException("interrupted while logging to " + describe(), true, e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof HttpStatus h) {
          if (!retryable(h.status) && refused == null) {
            refused = h;
          } else if (retry == null) {
            retry =
                new TrackingException(
                    describe() + " answered " + h.status + " to " + h.what + ": " + oneLine(h.body),
                    true,
                    h);
          }
        } else if (retry == null) {
          retry =
              c instanceof HttpTimeoutException
                  ? timedOut(c)
                  : new TrackingException(
                      describe() + " unreachable: " + oneLine(String.valueOf(c)), true, c);
        }
      }
    }
    if (refused != null) {
      throw refused;
    }
    if (retry != null) {
      throw retry;
    }
  }

  private TrackingException timedOut(Throwable cause) {
    return new TrackingException(
        describe() + " did not answer within " + config.timeoutMs() + " ms", true, cause);
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

  private static Service.RunTag tag(String k, String v) {
    return Service.RunTag.newBuilder().setKey(k).setValue(v).build();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static boolean retryable(int status) {
    return status >= 500 || status == 429 || status == 408;
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replace('\n', ' ').trim();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  /** A non-2xx answer. Never carries the request (it may hold credentials). */
  static final class HttpStatus extends Exception {
    private static final long serialVersionUID = 1L;
    final String what;
    final int status;
    final String body;

    HttpStatus(String what, int status, String body) {
      super(what + ": HTTP " + status, null, false, false);
      this.what = what;
      this.status = status;
      this.body = body;
    }
  }

  @Override
  public void close() {
    httpPool.shutdownNow();
  }
}
