package io.qstep.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A burst of small steps tracked into an MLflow tracking server: how long until every run is logged
 * (counted back over MLflow's REST API), and what tracking adds to a step's response time (p50/p99
 * with tracking minus without, and the Track stage's own time). Prints a table.
 *
 * <p>{@code java -cp "bench/target/qstep-bench.jar:bench/target/lib/*" io.qstep.bench.TrackingBench
 * http://127.0.0.1:5000 [steps] [threads]}. Uses only the environment-driven tracker API, so the
 * same class also runs against older builds.
 */
public final class TrackingBench {
  static final String CIRCUIT =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      input float theta;
      qubit[2] q;
      ry(theta) q[0];
      cx q[0], q[1];
      """;

  private TrackingBench() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : System.getenv("MLFLOW_TRACKING_URI");
    if (uri == null || uri.isBlank()) {
      System.err.println("usage: TrackingBench <tracking URI> [steps] [threads]");
      System.exit(2);
    }
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String threads = args.length > 2 ? args[2] : "4";
    String experiment = "qstep-bench-" + UUID.randomUUID();
    Path spool = Files.createTempDirectory("qstep-bench-spool");
    Map<String, String> env = new HashMap<>();
    env.put("MLFLOW_TRACKING_URI", uri);
    env.put("MLFLOW_EXPERIMENT_NAME", experiment);
    env.put("QSTEP_TRACKING_SPOOL_DIR", spool.toString());
    env.put("QSTEP_TRACKING_THREADS", threads);
    env.put("QSTEP_TRACKING_TIMEOUT_MS", "30000");
    RunnerConfig rc = RunnerConfig.defaults();
    BackendRegistry backends = BackendRegistry.loadDefault(rc.maxQubits());

    // Untracked: the step's own latency, after warm-up.
    StepEngine plain = new StepEngine(rc, backends, Tracker.noop());
    for (int i = 0; i < 2000; i++) {
      plain.run(step(i));
    }
    long[] base = new long[steps];
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      plain.run(step(i));
      base[i] = System.nanoTime() - t0;
    }

    long[] tracked = new long[steps];
    double[] trackStage = new double[steps];
    long burstStart;
    long loggedAt;
    boolean drained;
    String stats;
    try (Tracker tracker = Trackers.create(TrackingConfig.fromEnv(env))) {
      StepEngine engine = new StepEngine(rc, backends, tracker);
      burstStart = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        long t0 = System.nanoTime();
        StepResult r = engine.run(step(i));
        tracked[i] = System.nanoTime() - t0;
        trackStage[i] = r.timingsMs().getOrDefault("track", Double.NaN);
      }
      drained = tracker.flush(3_600_000);
      loggedAt = System.nanoTime();
      stats = tracker.toString();
      try {
        stats = String.valueOf(tracker.getClass().getMethod("stats").invoke(tracker));
      } catch (ReflectiveOperationException e) {
        // not an AsyncTracker: keep toString()
      }
    }
    long runs = countRuns(uri, experiment);
    double burstS = (loggedAt - burstStart) / 1e9;
    Arrays.sort(base);
    Arrays.sort(tracked);
    Arrays.sort(trackStage);
    System.out.printf(
        "MLflow tracking burst: %d steps into %s (threads=%s)%n", steps, uri, threads);
    System.out.println("| measure | value |");
    System.out.println("|---|---|");
    System.out.printf("| burst fully logged (first step to flush) | %.1f s |%n", burstS);
    System.out.printf("| throughput | %.1f runs/s |%n", steps / burstS);
    System.out.printf(
        "| runs counted over REST | %d of %d%s |%n",
        runs, steps, drained ? "" : " (flush timed out)");
    System.out.printf(
        "| step latency p50 / p99, untracked | %.3f / %.3f ms |%n", pct(base, 50), pct(base, 99));
    System.out.printf(
        "| step latency p50 / p99, tracked | %.3f / %.3f ms |%n",
        pct(tracked, 50), pct(tracked, 99));
    System.out.printf(
        "| p99 added by tracking | %.3f ms |%n", Math.max(0, pct(tracked, 99) - pct(base, 99)));
    System.out.printf(
        "| Track stage (timings_ms.track) p50 / p99 | %.3f / %.3f ms |%n",
        trackStage[steps / 2], trackStage[Math.min(steps - 1, (int) Math.ceil(steps * 0.99) - 1)]);
    System.out.println("tracker: " + stats);
  }

  private static StepRequest step(int i) {
    return StepRequest.builder(new CircuitSpec(CIRCUIT, List.of("ZZ", "XX")))
        .input("params", Tensor.ofDoubles(new double[] {0.001 * i}, 1, 1))
        .seed(i)
        .build();
  }

  private static double pct(long[] sortedNs, int p) {
    int i = Math.min(sortedNs.length - 1, (int) Math.ceil(sortedNs.length * p / 100.0) - 1);
    return sortedNs[Math.max(0, i)] / 1e6;
  }

  /** Runs in the experiment, counted page by page through runs/search. */
  private static long countRuns(String uri, String experiment) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = uri.replaceAll("/+$", "");
    HttpResponse<String> e =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                            + experiment))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (e.statusCode() != 200) {
      return 0;
    }
    String exp =
        JsonParser.parseString(e.body())
            .getAsJsonObject()
            .getAsJsonObject("experiment")
            .get("experiment_id")
            .getAsString();
    long n = 0;
    String token = "";
    do {
      JsonObject q = new JsonObject();
      q.add("experiment_ids", JsonParser.parseString("[\"" + exp + "\"]"));
      q.addProperty("max_results", 1000);
      q.addProperty("run_view_type", "ALL");
      if (!token.isEmpty()) {
        q.addProperty("page_token", token);
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/runs/search"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(q.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
      n += o.has("runs") ? o.getAsJsonArray("runs").size() : 0;
      token = o.has("next_page_token") ? o.get("next_page_token").getAsString() : "";
    } while (!token.isEmpty());
    return n;
  }
}
