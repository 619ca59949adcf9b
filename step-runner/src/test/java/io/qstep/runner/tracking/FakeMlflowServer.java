package io.qstep.runner.tracking;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of an MLflow tracking server (the REST calls the Java client and {@link
 * MlflowRestSink} make) to inject faults: every call answering 500, only log-batch answering 500 (a
 * run created but not filled), every call slow, or the server down (stopped; restarted on the same
 * port).
 */
final class FakeMlflowServer implements AutoCloseable {
  static {
    // Header and body go out as separate writes; without this each answer waits ~40 ms for the
    // client's delayed ACK (read once, when the JDK server is first used).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  enum Mode {
    HEALTHY,
    ERROR_500,
    LOG_BATCH_500,
    SLOW
  }

  /** A run as the fake stores it. */
  static final class FakeRun {
    final String id;
    final String experimentId;
    volatile String status = "RUNNING";
    final Map<String, String> params = new ConcurrentHashMap<>();
    final Map<String, String> tags = new ConcurrentHashMap<>();
    final List<JsonObject> metrics = new ArrayList<>();
    final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();

    FakeRun(String id, String experimentId) {
      this.id = id;
      this.experimentId = experimentId;
    }
  }

  final Map<String, FakeRun> runs = new ConcurrentHashMap<>();
  final Map<String, String> experiments = new ConcurrentHashMap<>();
  final List<String> authorizations = new ArrayList<>();
  volatile Mode mode = Mode.HEALTHY;
  volatile long slowMs = 3_000;
  private final AtomicInteger ids = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final int port;
  private HttpServer server;

  FakeMlflowServer() throws IOException {
    server = bind(0);
    port = server.getAddress().getPort();
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void start() throws IOException {
    if (server == null) {
      server = bind(port);
    }
  }

  private HttpServer bind(int p) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 50);
    s.createContext("/", this::handle);
    s.setExecutor(pool);
    s.start();
    return s;
  }

  /** Runs created per run key (the exactly-once check). */
  Map<String, Integer> runsPerKey() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (FakeRun r : runs.values()) {
      m.merge(r.tags.getOrDefault(RunRecord.RUN_KEY_TAG, "?"), 1, Integer::sum);
    }
    return m;
  }

  long finishedRuns() {
    return runs.values().stream().filter(r -> r.status.equals("FINISHED")).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      synchronized (authorizations) {
        authorizations.add(auth);
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      Mode m = mode;
      if (m == Mode.SLOW) {
        try {
          Thread.sleep(slowMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String path = ex.getRequestURI().getPath();
      if (m == Mode.ERROR_500 || m == Mode.LOG_BATCH_500 && path.endsWith("/runs/log-batch")) {
        reply(ex, 500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"injected\"}");
        return;
      }
      String api = "/api/2.0/mlflow/";
      if (path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")) {
        String rest = path.substring("/api/2.0/mlflow-artifacts/artifacts/".length());
        String[] parts = rest.split("/", 4); // exp / run / "artifacts" / path
        FakeRun r = runs.get(parts[1]);
        if (r == null || !ex.getRequestMethod().equals("PUT")) {
          reply(ex, 404, "{}");
          return;
        }
        r.artifacts.put(parts[3], body);
        reply(ex, 200, "{}");
        return;
      }
      String op = path.startsWith(api) ? path.substring(api.length()) : path;
      String q = ex.getRequestURI().getQuery();
      JsonObject in =
          body.length == 0
              ? new JsonObject()
              : JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
      switch (op) {
        case "experiments/get-by-name" -> {
          String name = q.replaceFirst(".*experiment_name=", "").replaceAll("&.*", "");
          String id = experiments.get(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8));
          if (id == null) {
            reply(ex, 404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no\"}");
          } else {
            reply(ex, 200, "{\"experiment\":{\"experiment_id\":\"" + id + "\",\"name\":\"x\"}}");
          }
        }
        case "experiments/search" -> {
          Matcher n = Pattern.compile("name = '(.*)'").matcher(in.get("filter").getAsString());
          JsonArray out = new JsonArray();
          if (n.find() && experiments.containsKey(n.group(1))) {
            JsonObject e = new JsonObject();
            e.addProperty("experiment_id", experiments.get(n.group(1)));
            e.addProperty("name", n.group(1));
            out.add(e);
          }
          JsonObject o = new JsonObject();
          o.add("experiments", out);
          reply(ex, 200, o.toString());
        }
        case "experiments/create" -> {
          String id = Integer.toString(100 + ids.incrementAndGet());
          experiments.put(in.get("name").getAsString(), id);
          reply(ex, 200, "{\"experiment_id\":\"" + id + "\"}");
        }
        case "runs/search" -> {
          Matcher k = Pattern.compile("'([0-9a-f]{32})'").matcher(in.get("filter").getAsString());
          JsonArray out = new JsonArray();
          if (k.find()) {
            for (FakeRun r : runs.values()) {
              if (k.group(1).equals(r.tags.get(RunRecord.RUN_KEY_TAG))) {
                out.add(runJson(r));
              }
            }
          }
          JsonObject o = new JsonObject();
          o.add("runs", out);
          reply(ex, 200, o.toString());
        }
        case "runs/create" -> {
          String id = String.format("%032x", ids.incrementAndGet());
          FakeRun r = new FakeRun(id, in.get("experiment_id").getAsString());
          for (JsonElement t : in.getAsJsonArray("tags")) {
            r.tags.put(
                t.getAsJsonObject().get("key").getAsString(),
                t.getAsJsonObject().get("value").getAsString());
          }
          runs.put(id, r);
          JsonObject o = new JsonObject();
          o.add("run", runJson(r));
          reply(ex, 200, o.toString());
        }
        case "runs/log-batch" -> {
          FakeRun r = runs.get(in.get("run_id").getAsString());
          if (in.has("params")) {
            for (JsonElement p : in.getAsJsonArray("params")) {
              r.params.put(
                  p.getAsJsonObject().get("key").getAsString(),
                  p.getAsJsonObject().get("value").getAsString());
            }
          }
          if (in.has("tags")) {
            for (JsonElement p : in.getAsJsonArray("tags")) {
              r.tags.put(
                  p.getAsJsonObject().get("key").getAsString(),
                  p.getAsJsonObject().get("value").getAsString());
            }
          }
          if (in.has("metrics")) {
            synchronized (r.metrics) {
              for (JsonElement p : in.getAsJsonArray("metrics")) {
                if (!r.metrics.contains(p.getAsJsonObject())) { // MLflow drops exact duplicates
                  r.metrics.add(p.getAsJsonObject());
                }
              }
            }
          }
          reply(ex, 200, "{}");
        }
        case "runs/update" -> {
          FakeRun r = runs.get(in.get("run_id").getAsString());
          r.status = in.get("status").getAsString();
          JsonObject o = new JsonObject();
          o.add("run_info", runJson(r).get("info"));
          reply(ex, 200, o.toString());
        }
        case "runs/get" -> {
          FakeRun r = runs.get(q.replaceFirst(".*run_id=", "").replaceAll("&.*", ""));
          if (r == null) {
            reply(ex, 404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no run\"}");
          } else {
            JsonObject o = new JsonObject();
            o.add("run", runJson(r));
            reply(ex, 200, o.toString());
          }
        }
        default -> reply(ex, 404, "{\"error_code\":\"ENDPOINT_NOT_FOUND\"}");
      }
    }
  }

  private static JsonObject runJson(FakeRun r) {
    JsonObject info = new JsonObject();
    info.addProperty("run_id", r.id);
    info.addProperty("run_uuid", r.id);
    info.addProperty("experiment_id", r.experimentId);
    info.addProperty("status", r.status);
    info.addProperty("lifecycle_stage", "active");
    info.addProperty(
        "artifact_uri", "mlflow-artifacts:/" + r.experimentId + "/" + r.id + "/artifacts");
    JsonObject run = new JsonObject();
    run.add("info", info);
    run.add("data", new JsonObject());
    return run;
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
  }
}
