package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real steps tracked into a real MLflow server (scripts/test.sh starts one and sets {@code
 * QSTEP_TEST_MLFLOW_URI}), read back through MLflow's REST API: every param, tag, metric and
 * artifact equals what the step returned.
 */
class MlflowServerIT {
  @TempDir Path dir;
  String uri;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void server() {
    uri = serverUri();
    assumeTrue(uri != null && !uri.isBlank(), "QSTEP_TEST_MLFLOW_URI is not set");
  }

  /** The server under test; {@link MlflowContainerIT} runs this suite against a container. */
  String serverUri() {
    return System.getenv("QSTEP_TEST_MLFLOW_URI");
  }

  private TrackingConfig config(String experiment) {
    return TrackingConfig.local(dir)
        .withTrackingUri(uri)
        .withSpoolDir(dir.resolve("spool"))
        .withExperimentName(experiment)
        .withLimits(1000, 30_000, 200);
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(uri + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private JsonObject post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(uri + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private byte[] artifact(JsonObject info, String path) throws Exception {
    String base = info.get("artifact_uri").getAsString().replaceFirst("^mlflow-artifacts:/+", "");
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(uri + "/api/2.0/mlflow-artifacts/artifacts/" + base + "/" + path))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private String experimentId(String name) throws Exception {
    return get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name))
        .getAsJsonObject("experiment")
        .get("experiment_id")
        .getAsString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The runs of {@code exp} whose tag qstep.request_id is {@code requestId}. */
  private JsonArray runsFor(String exp, String requestId) throws Exception {
    JsonObject q = new JsonObject();
    JsonArray ids = new JsonArray();
    ids.add(exp);
    q.add("experiment_ids", ids);
    q.addProperty("filter", "tags.`qstep.request_id` = '" + requestId + "'");
    q.addProperty("run_view_type", "ALL");
    JsonObject r = post("/api/2.0/mlflow/runs/search", q);
    return r.has("runs") ? r.getAsJsonArray("runs") : new JsonArray();
  }

  private static Map<String, String> kv(JsonObject data, String field) {
    Map<String, String> m = new HashMap<>();
    if (data.has(field)) {
      for (JsonElement e : data.getAsJsonArray(field)) {
        m.put(
            e.getAsJsonObject().get("key").getAsString(),
            e.getAsJsonObject().get("value").getAsString());
      }
    }
    return m;
  }

  private JsonObject createRun(String exp, String name) throws Exception {
    JsonObject q = new JsonObject();
    q.addProperty("experiment_id", exp);
    q.addProperty("run_name", name);
    q.addProperty("start_time", System.currentTimeMillis());
    return post("/api/2.0/mlflow/runs/create", q).getAsJsonObject("run").getAsJsonObject("info");
  }

  @Test
  void realSteps_everyParamTagMetricAndArtifactReadsBackEqual() throws Exception {
    String name = "qstep-it-" + UUID.randomUUID();
    List<StepRequest> reqs =
        List.of(TrackingTestSupport.ghzShots(21), TrackingTestSupport.sweep(22));
    List<StepResult> results;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(name))) {
      StepEngine engine = TrackingTestSupport.engine(t);
      results = reqs.stream().map(engine::run).toList();
      assertThat(t.flush(60_000)).isTrue();
      assertThat(t.stats().sent()).as(t.stats().toString()).isEqualTo(2);
    }
    String exp = experimentId(name);
    for (int i = 0; i < reqs.size(); i++) {
      StepResult r = results.get(i);
      JsonArray runs = runsFor(exp, r.requestId());
      assertThat(runs).hasSize(1);
      String runId =
          runs.get(0).getAsJsonObject().getAsJsonObject("info").get("run_id").getAsString();
      JsonObject run = get("/api/2.0/mlflow/runs/get?run_id=" + runId).getAsJsonObject("run");
      JsonObject info = run.getAsJsonObject("info");
      JsonObject data = run.getAsJsonObject("data");
      assertThat(info.get("status").getAsString()).isEqualTo("FINISHED");
      Map<String, String> params = kv(data, "params");
      assertThat(params)
          .containsEntry("task", r.task())
          .containsEntry("backend", r.backendName())
          .containsEntry("seed", Long.toUnsignedString(r.seed()))
          .containsEntry("shots", Long.toString(reqs.get(i).backend().shots()));
      Map<String, String> tags = kv(data, "tags");
      assertThat(tags)
          .containsEntry("qstep.circuit_version", r.circuitVersion())
          .containsEntry("qstep.backend_version", r.backendVersion())
          .containsEntry("qstep.request_id", r.requestId())
          .containsKey(RunRecord.RUN_KEY_TAG)
          .containsKey("qstep.version");
      Map<String, Double> expected = new HashMap<>(r.metrics());
      r.timingsMs().forEach((k, v) -> expected.put("time_" + k + "_ms", v));
      for (Map.Entry<String, Double> m : expected.entrySet()) {
        JsonArray hist =
            get("/api/2.0/mlflow/metrics/get-history?run_id="
                    + runId
                    + "&metric_key="
                    + enc(m.getKey()))
                .getAsJsonArray("metrics");
        assertThat(hist).as(m.getKey()).hasSize(1);
        assertThat(hist.get(0).getAsJsonObject().get("value").getAsDouble())
            .as(m.getKey())
            .isEqualTo(m.getValue());
      }
      assertThat(new String(artifact(info, "result.json"), StandardCharsets.UTF_8))
          .isEqualTo(ResultJson.text(r));
      assertThat(new String(artifact(info, "circuit.qasm"), StandardCharsets.UTF_8))
          .startsWith("OPENQASM 3");
      for (Map.Entry<String, Tensor> o : r.outputs().entrySet()) {
        byte[] npy = artifact(info, "outputs/" + o.getKey() + ".npy");
        assertThat(Npy.read(new ByteArrayInputStream(npy))).isEqualTo(o.getValue());
      }
      if (r.outputs().containsKey("counts")) {
        byte[] png = artifact(info, "plots/outcome_histogram.png");
        assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
      }
    }
  }

  @Test
  void parentRun_eachStepIsANestedRun() throws Exception {
    String name = "qstep-it-nested-" + UUID.randomUUID();
    String exp;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(name))) {
      TrackingTestSupport.engine(t).run(TrackingTestSupport.sweep(1));
      assertThat(t.flush(60_000)).isTrue();
      exp = experimentId(name);
    }
    String parent = createRun(exp, "pipeline").get("run_id").getAsString();
    StepResult r;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(name).withRun("", "", parent))) {
      r = TrackingTestSupport.engine(t).run(TrackingTestSupport.sweep(2));
      assertThat(t.flush(60_000)).isTrue();
    }
    JsonArray runs = runsFor(exp, r.requestId());
    assertThat(runs).hasSize(1);
    assertThat(kv(runs.get(0).getAsJsonObject().getAsJsonObject("data"), "tags"))
        .containsEntry("mlflow.parentRunId", parent);
  }

  @Test
  void existingRun_stepLogsIntoIt() throws Exception {
    String name = "qstep-it-into-" + UUID.randomUUID();
    JsonObject q = new JsonObject();
    q.addProperty("name", name);
    String exp = post("/api/2.0/mlflow/experiments/create", q).get("experiment_id").getAsString();
    JsonObject info = createRun(exp, "kfp-component");
    String runId = info.get("run_id").getAsString();
    StepResult r;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(name).withRun("", runId, ""))) {
      r = TrackingTestSupport.engine(t).run(TrackingTestSupport.ghzShots(4));
      assertThat(t.flush(60_000)).isTrue();
      assertThat(t.stats().sent()).isEqualTo(1);
    }
    JsonObject run = get("/api/2.0/mlflow/runs/get?run_id=" + runId).getAsJsonObject("run");
    assertThat(kv(run.getAsJsonObject("data"), "params")).containsEntry("task", "circuit");
    assertThat(kv(run.getAsJsonObject("data"), "tags"))
        .containsEntry("qstep.request_id", r.requestId())
        .containsEntry("mlflow.runName", "kfp-component");
    String key = kv(run.getAsJsonObject("data"), "tags").get(RunRecord.RUN_KEY_TAG);
    assertThat(new String(artifact(info, "qstep/" + key + "/result.json"), StandardCharsets.UTF_8))
        .isEqualTo(ResultJson.text(r));
  }

  @Test
  void modelRegistration_oneVersionPerRun_evenWhenTheRecordIsReplayed() throws Exception {
    String exp = "qstep-it-models-" + UUID.randomUUID();
    String model = "qstep-it-pca-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] weights = "components v1".getBytes(StandardCharsets.UTF_8);
    RunRecord rec =
        new RunRecord(
            RunRecords.newRunKey(),
            "fit-pca",
            System.currentTimeMillis() - 5,
            System.currentTimeMillis(),
            new RunRecord.Destination(exp, "", "", ""),
            Map.of("task", "compress"),
            Map.of(),
            List.of(),
            Map.of("models/pca/projection.json", weights, "result.json", new byte[] {'{', '}'}),
            List.of(
                new ModelRegistration(
                    model, "models/pca", "PCA fitted on digits", Map.of("format", "1"))));
    String runId;
    try (MlflowRestSink sink = new MlflowRestSink(config(exp))) {
      runId = sink.writeFresh(rec);
      // A replay (the first answer was lost) finds the run by its key and adds no second version.
      assertThat(sink.write(rec)).isEqualTo(runId);
    }
    JsonObject rm =
        get("/api/2.0/mlflow/registered-models/get?name=" + enc(model))
            .getAsJsonObject("registered_model");
    assertThat(rm.get("name").getAsString()).isEqualTo(model);
    JsonObject found =
        get("/api/2.0/mlflow/model-versions/search?filter=" + enc("name='" + model + "'"));
    JsonArray versions = found.getAsJsonArray("model_versions");
    assertThat(versions).hasSize(1);
    JsonObject v = versions.get(0).getAsJsonObject();
    assertThat(v.get("run_id").getAsString()).isEqualTo(runId);
    assertThat(v.get("description").getAsString()).isEqualTo("PCA fitted on digits");
    assertThat(kv(v, "tags")).containsEntry("format", "1");
    JsonObject info =
        get("/api/2.0/mlflow/runs/get?run_id=" + runId)
            .getAsJsonObject("run")
            .getAsJsonObject("info");
    assertThat(v.get("source").getAsString())
        .isEqualTo(info.get("artifact_uri").getAsString() + "/models/pca");
    assertThat(artifact(info, "models/pca/projection.json")).isEqualTo(weights);
  }

  @Test
  void compressStep_fittedPcaIsARegisteredModelVersionLinkedToTheRun() throws Exception {
    String exp = "qstep-it-pca-" + UUID.randomUUID();
    String model = "qstep-it-pca-" + UUID.randomUUID().toString().substring(0, 8);
    double[] x = new double[40 * 6];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1) + (i % 6) * 0.3;
    }
    StepResult r;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(exp))) {
      r =
          TrackingTestSupport.engine(t)
              .run(
                  StepRequest.builder(
                          new io.qstep.task.CompressSpec("pca", 0, 0, 3, false, "", false, false))
                      .input("x", Tensor.ofDoubles(x, 40, 6))
                      .parameter("model_name", model)
                      .seed(2)
                      .build());
      assertThat(t.flush(60_000)).isTrue();
      assertThat(t.stats().sent()).isEqualTo(1);
    }
    JsonArray runs = runsFor(experimentId(exp), r.requestId());
    assertThat(runs).hasSize(1);
    JsonObject info = runs.get(0).getAsJsonObject().getAsJsonObject("info");
    JsonArray versions =
        get("/api/2.0/mlflow/model-versions/search?filter=" + enc("name='" + model + "'"))
            .getAsJsonArray("model_versions");
    assertThat(versions).hasSize(1);
    JsonObject v = versions.get(0).getAsJsonObject();
    assertThat(v.get("run_id").getAsString()).isEqualTo(info.get("run_id").getAsString());
    String version = new String(r.output("version").toBytesList().get(0), StandardCharsets.UTF_8);
    assertThat(kv(v, "tags")).containsEntry("qstep.pca_version", version);
    String meta = new String(artifact(info, "models/pca/pca.json"), StandardCharsets.UTF_8);
    assertThat(meta).contains(version);
    assertThat(Npy.read(new ByteArrayInputStream(artifact(info, "models/pca/components.npy"))))
        .isEqualTo(r.output("components"));
  }

  @Test
  void unknownExperimentId_isRejectedWithAWarning_stepSucceeds() throws Exception {
    TrackingConfig c = config("unused").withRun("987654321", "", "");
    try (AsyncTracker t = (AsyncTracker) Trackers.create(c)) {
      StepResult r = TrackingTestSupport.engine(t).run(TrackingTestSupport.sweep(3));
      assertThat(r.outputs()).containsKey("expectations");
      assertThat(t.flush(60_000)).isTrue();
      assertThat(t.stats().rejected()).isEqualTo(1);
      assertThat(t.stats().sent()).isZero();
    }
  }

  @Test
  void maxcutStep_traceIsAMetricHistoryWithSteps_requestNamesTheExperiment() throws Exception {
    String name = "qstep-it-trace-" + UUID.randomUUID();
    double[] w = new double[16];
    for (int i = 0; i < 4; i++) {
      w[i * 4 + (i + 1) % 4] = 1;
      w[(i + 1) % 4 * 4 + i] = 1;
    }
    StepRequest req =
        StepRequest.builder(io.qstep.task.MaxCutSpec.of(1))
            .input("weights", Tensor.ofDoubles(w, 4, 4))
            .seed(3)
            .options(
                io.qstep.task.StepOptions.defaults()
                    .withTracking(new io.qstep.task.TrackingOptions(name, "", "", "", false)))
            .build();
    StepResult r;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config("not-this-one"))) {
      r = TrackingTestSupport.engine(t).run(req);
      assertThat(t.flush(60_000)).isTrue();
      assertThat(t.stats().sent()).isEqualTo(1);
    }
    JsonArray runs = runsFor(experimentId(name), r.requestId());
    assertThat(runs).hasSize(1);
    JsonObject info = runs.get(0).getAsJsonObject().getAsJsonObject("info");
    String runId = info.get("run_id").getAsString();
    double[] trace = r.output("trace").toDoubleArray();
    JsonArray hist =
        get("/api/2.0/mlflow/metrics/get-history?run_id="
                + runId
                + "&max_results=25000&metric_key="
                + RunRecords.OPTIMIZER_METRIC)
            .getAsJsonArray("metrics");
    assertThat(hist).hasSize(trace.length);
    double[] byStep = new double[trace.length];
    for (JsonElement e : hist) {
      JsonObject m = e.getAsJsonObject();
      byStep[m.has("step") ? m.get("step").getAsInt() : 0] = m.get("value").getAsDouble();
    }
    assertThat(byStep).containsExactly(trace);
    byte[] png = artifact(info, "plots/optimizer_convergence.png");
    assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
  }
}
