package io.qstep.runner.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qstep kfp} honours the variables Kubeflow's MLflow integration injects into a component's
 * pod: with MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_ID and MLFLOW_RUN_ID naming a run created
 * beforehand, the step is logged into that run, embedded and (passed in the request) on a remote
 * runner. Against a real MLflow server (scripts/test.sh sets QSTEP_TEST_MLFLOW_URI).
 */
class KfpMlflowIT {
  @TempDir Path dir;
  String uri;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void server() {
    uri = System.getenv("QSTEP_TEST_MLFLOW_URI");
    assumeTrue(uri != null && !uri.isBlank(), "QSTEP_TEST_MLFLOW_URI is not set");
  }

  static ProcessBuilder jar(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-jar");
    cmd.add(Path.of("target", "qstep-step-runner.jar").toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  JsonObject rest(String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri + path));
    b =
        body == null
            ? b.GET()
            : b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  /** An experiment and a running run, as the KFP MLflow integration creates them. */
  String[] kubeflowRun() throws Exception {
    JsonObject q = new JsonObject();
    q.addProperty("name", "kfp-it-" + UUID.randomUUID());
    String exp = rest("/api/2.0/mlflow/experiments/create", q).get("experiment_id").getAsString();
    JsonObject c = new JsonObject();
    c.addProperty("experiment_id", exp);
    c.addProperty("run_name", "qstep-task");
    c.addProperty("start_time", System.currentTimeMillis());
    String run =
        rest("/api/2.0/mlflow/runs/create", c)
            .getAsJsonObject("run")
            .getAsJsonObject("info")
            .get("run_id")
            .getAsString();
    return new String[] {exp, run};
  }

  ExecutorInputs bellSweep(Path root) throws Exception {
    Path theta = root.resolve("params");
    Files.createDirectories(root);
    Npy.write(Tensor.ofDoubles(new double[] {0.0, Math.PI / 3}, 2, 1), theta);
    return ExecutorInputs.forComponent(root.resolve("task"))
        .param("task", "circuit")
        .param(
            "qasm",
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] theta;\nqubit[2] q;\n"
                + "h q[0];\ncx q[0], q[1];\nry(theta) q[1];\n")
        .param("seed", 5)
        .param("request_id", "kfp-" + UUID.randomUUID())
        .input("params", theta);
  }

  Map<String, String> tags(String runId) throws Exception {
    JsonObject data =
        rest("/api/2.0/mlflow/runs/get?run_id=" + runId, null)
            .getAsJsonObject("run")
            .getAsJsonObject("data");
    Map<String, String> m = new HashMap<>();
    if (data.has("tags")) {
      for (JsonElement e : data.getAsJsonArray("tags")) {
        m.put(
            e.getAsJsonObject().get("key").getAsString(),
            e.getAsJsonObject().get("value").getAsString());
      }
    }
    if (data.has("params")) {
      for (JsonElement e : data.getAsJsonArray("params")) {
        m.put(
            "param." + e.getAsJsonObject().get("key").getAsString(),
            e.getAsJsonObject().get("value").getAsString());
      }
    }
    return m;
  }

  void runKfp(ExecutorInputs in, Map<String, String> env, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("kfp", "--executor-input", in.toString()));
    args.addAll(List.of(extra));
    ProcessBuilder pb = jar(args.toArray(String[]::new)).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  String circuitVersion(ExecutorInputs in) throws Exception {
    return JsonParser.parseString(Files.readString(in.executorOutput()))
        .getAsJsonObject()
        .getAsJsonObject("parameterValues")
        .get("circuit_version")
        .getAsString();
  }

  @Test
  void embedded_logsIntoTheRunKubeflowCreated() throws Exception {
    String[] er = kubeflowRun();
    ExecutorInputs in = bellSweep(dir.resolve("embedded"));
    runKfp(
        in,
        Map.of(
            "MLFLOW_TRACKING_URI",
            uri,
            "MLFLOW_EXPERIMENT_ID",
            er[0],
            "MLFLOW_RUN_ID",
            er[1],
            "QSTEP_TRACKING_SPOOL_DIR",
            dir.resolve("spool").toString()));
    Map<String, String> t = tags(er[1]);
    assertThat(t)
        .containsEntry("param.task", "circuit")
        .containsEntry("param.seed", "5")
        .containsEntry("qstep.circuit_version", circuitVersion(in))
        .containsEntry("mlflow.runName", "qstep-task");
  }

  @Test
  void remoteTarget_getsTheRunFromTheComponentsEnvironment() throws Exception {
    String[] er = kubeflowRun();
    ProcessBuilder sb =
        jar("serve", "--port", "0").redirectError(dir.resolve("server.log").toFile());
    sb.environment().put("MLFLOW_TRACKING_URI", uri); // the runner's own tracking server
    sb.environment().put("QSTEP_TRACKING_SPOOL_DIR", dir.resolve("server-spool").toString());
    Process server = sb.start();
    try {
      String line =
          new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(line).contains("serving on port");
      String port = line.replaceAll(".*serving on port (\\d+).*", "$1");
      ExecutorInputs in = bellSweep(dir.resolve("remote"));
      runKfp(
          in,
          Map.of("MLFLOW_EXPERIMENT_ID", er[0], "MLFLOW_RUN_ID", er[1]),
          "--target",
          "127.0.0.1:" + port);
      String cv = circuitVersion(in);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Map<String, String> t = tags(er[1]);
      while (!cv.equals(t.get("qstep.circuit_version")) && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(200); // the runner logs off the request thread: poll
        t = tags(er[1]);
      }
      assertThat(t)
          .containsEntry("qstep.circuit_version", cv)
          .containsEntry("param.task", "circuit");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
