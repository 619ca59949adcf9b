package io.qstep.runner.qpu.braket;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.Measurement;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.qpu.FakeHttpServer;
import io.qstep.runner.stage.StepContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake of the Amazon Braket REST API and of S3 (path-style) as the AWS SDK calls them,
 * written from the API reference and the Braket schemas: GetDevice with capabilities and
 * standardized properties, SearchDevices, CreateQuantumTask (idempotent on clientToken, tags),
 * GetQuantumTask, SearchQuantumTasks, CancelQuantumTask, and results.json objects in the gate-model
 * task result schema. Requests must be SigV4-signed with {@link #ACCESS_KEY}.
 */
public final class FakeBraket extends FakeHttpServer {
  public static final String ACCESS_KEY = "AKIAFAKEQSTEP0000001";
  public static final String SECRET_KEY = "fakeSecretKeyForQstepTests/0123456789abcd";
  public static final String DEVICE = "arn:aws:braket:us-west-1::device/qpu/fake/Line-5";
  public static final String BUCKET = "amazon-braket-qstep-test";
  public static final int QUBITS = 5;

  public volatile int queuedPolls = 1;
  public volatile String endState = "COMPLETED";
  public volatile String failReason = "";
  public volatile String deviceStatus = "ONLINE";
  public final AtomicInteger submissions = new AtomicInteger();
  public final AtomicInteger cancels = new AtomicInteger();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<String, String> byToken = new ConcurrentHashMap<>();
  private final Map<String, String> objects = new ConcurrentHashMap<>();
  private final Backend sim = new StateVectorBackendProvider().create(20);

  private static final class Task {
    final String arn;
    final String token;
    final String source;
    final long shots;
    final String prefix;
    final JsonObject tags;
    volatile String status = "QUEUED";
    volatile int polls;

    Task(String arn, String token, String source, long shots, String prefix, JsonObject tags) {
      this.arn = arn;
      this.token = token;
      this.source = source;
      this.shots = shots;
      this.prefix = prefix;
      this.tags = tags;
    }
  }

  @Override
  protected String route(String method, String path) {
    if (path.startsWith("/" + BUCKET + "/")) {
      return method + " s3";
    }
    if (path.startsWith("/quantum-task/")) {
      return path.endsWith("/cancel")
          ? method + " /quantum-task/{arn}/cancel"
          : method + " /quantum-task/{arn}";
    }
    if (path.startsWith("/device/")) {
      return method + " /device/{arn}";
    }
    return method + " " + path;
  }

  private static Reply error(int status, String type, String message) {
    return new Reply(
        status,
        "{\"message\":\"" + message + "\"}",
        Map.of("Content-Type", "application/json", "x-amzn-ErrorType", type));
  }

  @Override
  protected Reply handle(Seen req) {
    String auth = req.header("Authorization");
    boolean s3 = req.path().startsWith("/" + BUCKET + "/");
    if (auth == null || !auth.contains("Credential=" + ACCESS_KEY + "/")) {
      return s3
          ? new Reply(
              403,
              "<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>",
              Map.of("Content-Type", "application/xml"))
          : error(
              403,
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
    }
    if (s3) {
      String key =
          URLDecoder.decode(req.path().substring(BUCKET.length() + 2), StandardCharsets.UTF_8);
      String body = objects.get(key);
      return body == null
          ? new Reply(
              404,
              "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
              Map.of("Content-Type", "application/xml"))
          : new Reply(200, body, Map.of("Content-Type", "application/json"));
    }
    String p = req.path();
    if (p.startsWith("/device/")) {
      String arn = URLDecoder.decode(p.substring("/device/".length()), StandardCharsets.UTF_8);
      if (!arn.equals(DEVICE)) {
        return error(404, "ResourceNotFoundException", "Braket device " + arn + " not found");
      }
      return Reply.json(200, device());
    }
    if (p.equals("/devices") && req.method().equals("POST")) {
      return Reply.json(
          200,
          "{\"devices\":[{\"deviceArn\":\""
              + DEVICE
              + "\",\"deviceName\":\"Line-5\",\"providerName\":\"Fake\",\"deviceType\":\"QPU\",\"deviceStatus\":\""
              + deviceStatus
              + "\"}]}");
    }
    if (p.equals("/quantum-task") && req.method().equals("POST")) {
      return create(JsonParser.parseString(req.body()).getAsJsonObject());
    }
    if (p.equals("/quantum-tasks") && req.method().equals("POST")) {
      return search(JsonParser.parseString(req.body()).getAsJsonObject());
    }
    if (p.startsWith("/quantum-task/")) {
      String rest = p.substring("/quantum-task/".length());
      boolean cancel = rest.endsWith("/cancel");
      String arn =
          URLDecoder.decode(
              cancel ? rest.substring(0, rest.length() - "/cancel".length()) : rest,
              StandardCharsets.UTF_8);
      Task t = tasks.get(arn);
      if (t == null) {
        return error(404, "ResourceNotFoundException", "quantum task not found");
      }
      if (cancel) {
        synchronized (t) {
          if (!t.status.equals("COMPLETED") && !t.status.equals("FAILED")) {
            t.status = "CANCELLED";
            cancels.incrementAndGet();
          }
        }
        return Reply.json(
            200, "{\"cancellationStatus\":\"CANCELLING\",\"quantumTaskArn\":\"" + arn + "\"}");
      }
      return Reply.json(200, get(t));
    }
    return error(404, "ResourceNotFoundException", "no route " + p);
  }

  private String device() {
    JsonObject caps = new JsonObject();
    JsonObject header = new JsonObject();
    header.addProperty("name", "braket.device_schema.rigetti.rigetti_device_capabilities");
    header.addProperty("version", "1");
    caps.add("braketSchemaHeader", header);
    JsonObject service = new JsonObject();
    JsonArray range = new JsonArray();
    range.add(10);
    range.add(50000);
    service.add("shotsRange", range);
    service.addProperty("updatedAt", "2026-01-01T05:00:00Z");
    caps.add("service", service);
    JsonObject action = new JsonObject();
    JsonObject oq = new JsonObject();
    oq.addProperty("actionType", "braket.ir.openqasm.program");
    JsonArray ops = new JsonArray();
    for (String g : new String[] {"cz", "rx", "rz", "h", "cnot", "x"}) {
      ops.add(g);
    }
    oq.add("supportedOperations", ops);
    action.add("braket.ir.openqasm.program", oq);
    caps.add("action", action);
    JsonObject paradigm = new JsonObject();
    paradigm.addProperty("qubitCount", QUBITS);
    JsonArray nat = new JsonArray();
    for (String g : new String[] {"rx", "rz", "cz"}) {
      nat.add(g);
    }
    paradigm.add("nativeGateSet", nat);
    JsonObject conn = new JsonObject();
    conn.addProperty("fullyConnected", false);
    JsonObject graph = new JsonObject();
    for (int q = 0; q < QUBITS; q++) {
      JsonArray n = new JsonArray();
      if (q > 0) {
        n.add(Integer.toString(q - 1));
      }
      if (q + 1 < QUBITS) {
        n.add(Integer.toString(q + 1));
      }
      graph.add(Integer.toString(q), n);
    }
    conn.add("connectivityGraph", graph);
    paradigm.add("connectivity", conn);
    caps.add("paradigm", paradigm);
    JsonObject std = new JsonObject();
    JsonObject sh = new JsonObject();
    sh.addProperty("name", "braket.device_schema.standardized_gate_model_qpu_device_properties");
    sh.addProperty("version", "1");
    std.add("braketSchemaHeader", sh);
    JsonObject one = new JsonObject();
    for (int q = 0; q < QUBITS; q++) {
      JsonObject props = new JsonObject();
      props.add("T1", time(3.1e-5));
      props.add("T2", time(2.2e-5));
      JsonArray fid = new JsonArray();
      fid.add(fidelity("RANDOMIZED_BENCHMARKING", 0.998, null));
      fid.add(fidelity("READOUT", 0.96, null));
      props.add("oneQubitFidelity", fid);
      one.add(Integer.toString(q), props);
    }
    std.add("oneQubitProperties", one);
    JsonObject two = new JsonObject();
    for (int q = 0; q + 1 < QUBITS; q++) {
      JsonObject props = new JsonObject();
      JsonArray fid = new JsonArray();
      fid.add(fidelity("RANDOMIZED_BENCHMARKING", 0.985, "CZ"));
      props.add("twoQubitGateFidelity", fid);
      two.add(q + "-" + (q + 1), props);
    }
    std.add("twoQubitProperties", two);
    caps.add("standardized", std);
    JsonObject d = new JsonObject();
    d.addProperty("deviceArn", DEVICE);
    d.addProperty("deviceName", "Line-5");
    d.addProperty("providerName", "Fake");
    d.addProperty("deviceType", "QPU");
    d.addProperty("deviceStatus", deviceStatus);
    d.addProperty("deviceCapabilities", caps.toString());
    return d.toString();
  }

  private static JsonObject time(double seconds) {
    JsonObject t = new JsonObject();
    t.addProperty("value", seconds);
    t.addProperty("unit", "S");
    return t;
  }

  private static JsonObject fidelity(String type, double f, String gate) {
    JsonObject o = new JsonObject();
    JsonObject ft = new JsonObject();
    ft.addProperty("name", type);
    o.add("fidelityType", ft);
    o.addProperty("fidelity", f);
    if (gate != null) {
      o.addProperty("gateName", gate);
    }
    return o;
  }

  private synchronized Reply create(JsonObject b) {
    String token = b.get("clientToken").getAsString();
    String existing = byToken.get(token);
    if (existing != null) { // AWS semantics: the same client token returns the same task
      return Reply.json(201, "{\"quantumTaskArn\":\"" + existing + "\"}");
    }
    if (!b.get("deviceArn").getAsString().equals(DEVICE)) {
      return error(404, "ResourceNotFoundException", "device not found");
    }
    JsonObject action = JsonParser.parseString(b.get("action").getAsString()).getAsJsonObject();
    if (!"braket.ir.openqasm.program"
        .equals(action.getAsJsonObject("braketSchemaHeader").get("name").getAsString())) {
      return error(400, "ValidationException", "unsupported action");
    }
    int n = submissions.incrementAndGet();
    String arn =
        "arn:aws:braket:us-west-1:123456789012:quantum-task/"
            + String.format("%08x-0000-4000-8000-%012x", n, n);
    String prefix =
        b.get("outputS3KeyPrefix").getAsString() + "/" + Integer.toHexString(arn.hashCode());
    tasks.put(
        arn,
        new Task(
            arn,
            token,
            action.get("source").getAsString(),
            b.get("shots").getAsLong(),
            prefix,
            b.has("tags") ? b.getAsJsonObject("tags") : new JsonObject()));
    byToken.put(token, arn);
    return Reply.json(201, "{\"quantumTaskArn\":\"" + arn + "\"}");
  }

  private String summary(Task t) {
    JsonObject o = new JsonObject();
    o.addProperty("quantumTaskArn", t.arn);
    o.addProperty("status", t.status);
    o.addProperty("deviceArn", DEVICE);
    o.addProperty("shots", t.shots);
    o.addProperty("outputS3Bucket", BUCKET);
    o.addProperty("outputS3Directory", t.prefix);
    o.addProperty("createdAt", "2026-01-01T00:00:00Z");
    o.add("tags", t.tags);
    return o.toString();
  }

  private Reply search(JsonObject b) {
    JsonArray out = new JsonArray();
    for (Task t : tasks.values()) {
      out.add(JsonParser.parseString(summary(t)));
    }
    JsonObject r = new JsonObject();
    r.add("quantumTasks", out);
    return Reply.json(200, r.toString());
  }

  private String get(Task t) {
    synchronized (t) {
      if (t.status.equals("QUEUED") || t.status.equals("RUNNING")) {
        t.polls++;
        if (t.polls > queuedPolls + 1) {
          t.status = endState;
          if (endState.equals("COMPLETED")) {
            objects.put(t.prefix + "/results.json", results(t));
          }
        } else if (t.polls > queuedPolls) {
          t.status = "RUNNING";
        }
      }
    }
    JsonObject o = JsonParser.parseString(summary(t)).getAsJsonObject();
    if (t.status.equals("FAILED")) {
      o.addProperty("failureReason", failReason);
    }
    if (t.status.equals("COMPLETED") || t.status.equals("FAILED")) {
      o.addProperty("endedAt", "2026-01-01T00:00:09Z");
    }
    return o.toString();
  }

  /** Runs the verbatim program on the simulator; Braket names mapped back to stdgates. */
  private String results(Task t) {
    String qasm =
        t.source
            .replace("#pragma braket verbatim\n", "")
            .replace("box {\n", "")
            .replaceAll("(?m)^}\\n", "")
            .replace("OPENQASM 3.0;\n", "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    for (String[] m :
        new String[][] {
          {"cnot ", "cx "},
          {"si ", "sdg "},
          {"ti ", "tdg "},
          {"v ", "sx "},
          {"phaseshift(", "p("},
          {"cphaseshift(", "cp("},
          {"xx(", "rxx("},
          {"yy(", "ryy("},
          {"zz(", "rzz("},
          {"ccnot ", "ccx "}
        }) {
      qasm = qasm.replaceAll("(?m)^\\s*" + java.util.regex.Pattern.quote(m[0]), m[1]);
    }
    Circuit c = OpenQasm.parse(qasm);
    long[] samples =
        sim.execute(
                ExecutionRequest.sampled(c, t.shots, t.token.hashCode()), StepContext.unbounded(1))
            .samples();
    TreeSet<Integer> measured = new TreeSet<>();
    Map<Integer, Integer> clbitOf = new java.util.HashMap<>();
    for (Measurement m : c.measurements()) {
      measured.add(m.qubit());
      clbitOf.put(m.qubit(), m.clbit());
    }
    JsonArray rows = new JsonArray();
    for (long s : samples) {
      JsonArray row = new JsonArray();
      for (int q : measured) {
        row.add((int) (s >>> clbitOf.get(q) & 1));
      }
      rows.add(row);
    }
    JsonObject r = new JsonObject();
    JsonObject header = new JsonObject();
    header.addProperty("name", "braket.task_result.gate_model_task_result");
    header.addProperty("version", "1");
    r.add("braketSchemaHeader", header);
    r.add("measurements", rows);
    JsonArray mq = new JsonArray();
    measured.forEach(mq::add);
    r.add("measuredQubits", mq);
    JsonObject md = new JsonObject();
    md.addProperty("id", t.arn);
    md.addProperty("shots", t.shots);
    md.addProperty("deviceId", DEVICE);
    md.addProperty("createdAt", Instant.parse("2026-01-01T00:00:00Z").toString());
    r.add("taskMetadata", md);
    return r.toString();
  }

  public String taskStatus(String arn) {
    Task t = tasks.get(arn);
    return t == null ? null : t.status;
  }

  @Override
  public void close() {
    super.close();
    sim.close();
  }
}
