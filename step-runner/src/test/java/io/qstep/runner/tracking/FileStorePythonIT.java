package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file store as MLflow itself reads it: {@code scripts/check_mlruns.py} runs {@code
 * mlflow.search_runs()} on it and again after {@code mlflow migrate-filestore} into SQLite. Runs
 * when {@code QSTEP_PYTHON} has MLflow (scripts/test.sh sets it up).
 */
class FileStorePythonIT {
  @TempDir Path dir;

  @Test
  void mlflowReadsEveryRun_directlyAndAfterMigrateFilestore() throws Exception {
    String python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && !python.isBlank(), "QSTEP_PYTHON is not set");
    Process probe = new ProcessBuilder(python, "-c", "import mlflow").start();
    assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no mlflow");

    Path root = dir.resolve("mlruns");
    List<StepRequest> reqs =
        List.of(
            TrackingTestSupport.ghzShots(1),
            TrackingTestSupport.sweep(2),
            TrackingTestSupport.ghzShots(3));
    List<StepResult> results = new ArrayList<>();
    try (Tracker t = Trackers.create(TrackingConfig.local(root).withExperimentName("py-check"))) {
      StepEngine engine = TrackingTestSupport.engine(t);
      for (StepRequest r : reqs) {
        results.add(engine.run(r));
      }
      assertThat(t.flush(60_000)).isTrue();
    }
    JsonArray expected = new JsonArray();
    for (int i = 0; i < reqs.size(); i++) {
      StepResult r = results.get(i);
      JsonObject e = new JsonObject();
      e.addProperty("run_id", runIdOf(root, r.requestId()));
      e.addProperty("experiment", "py-check");
      JsonObject params = new JsonObject();
      params.addProperty("task", r.task());
      params.addProperty("backend", r.backendName());
      params.addProperty("seed", Long.toUnsignedString(r.seed()));
      params.addProperty("shots", Long.toString(reqs.get(i).backend().shots()));
      e.add("params", params);
      JsonObject tags = new JsonObject();
      tags.addProperty("qstep.circuit_version", r.circuitVersion());
      tags.addProperty("qstep.backend_version", r.backendVersion());
      tags.addProperty("qstep.request_id", r.requestId());
      e.add("tags", tags);
      JsonObject metrics = new JsonObject();
      r.metrics().forEach(metrics::addProperty);
      r.timingsMs().forEach((k, v) -> metrics.addProperty("time_" + k + "_ms", v));
      e.add("metrics", metrics);
      JsonArray arts = new JsonArray();
      arts.add("circuit.qasm");
      arts.add("result.json");
      r.outputs().keySet().forEach(o -> arts.add("outputs/" + o + ".npy"));
      if (r.outputs().containsKey("counts")) {
        arts.add("plots/outcome_histogram.png");
      }
      e.add("artifacts", arts);
      expected.add(e);
    }
    Path exp = dir.resolve("expected.json");
    Files.writeString(exp, new GsonBuilder().create().toJson(expected), StandardCharsets.UTF_8);
    Path script = Path.of("..", "scripts", "check_mlruns.py").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder(
                python, script.toString(), root.toString(), exp.toString(), dir.toString())
            .redirectErrorStream(true);
    pb.environment().put("MLFLOW_ALLOW_FILE_STORE", "true");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("file store: 3 runs").contains("migrate-filestore -> sqlite: 3 runs");
  }

  /** The run whose qstep.request_id tag is {@code requestId}. */
  private static String runIdOf(Path root, String requestId) throws Exception {
    try (var files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.endsWith(Path.of("tags", "qstep.request_id"))).toList()) {
        if (Files.readString(p).equals(requestId)) {
          return p.getParent().getParent().getFileName().toString();
        }
      }
    }
    throw new AssertionError("no run for request " + requestId);
  }
}
