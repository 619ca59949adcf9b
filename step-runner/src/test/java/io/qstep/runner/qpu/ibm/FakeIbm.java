package io.qstep.runner.qpu.ibm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.qpu.FakeHttpServer;
import io.qstep.runner.stage.StepContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake of IBM Cloud IAM and the Qiskit Runtime REST API, written from IBM's API reference:
 * token exchange, bearer + Service-CRN + IBM-API-Version checks, backends with configuration,
 * status and properties, Sampler V2 jobs of one or more PUBs that "run" on qstep's state-vector
 * simulator and return hex-encoded per-shot samples per PUB, tags, metrics and cancel.
 */
public final class FakeIbm extends FakeHttpServer {
  public static final String API_KEY = "ibm-secret-apikey-9f8e7d6c5b4a";
  public static final String CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/123:456::";
  public static final String DEVICE = "ibm_fake_eagle";
  public static final int QUBITS = 6;

  /** Job states polled through: QUEUED for queuedPolls polls, one RUNNING, then the end state. */
  public volatile int queuedPolls = 1;

  public volatile String endState = "Completed";
  public volatile String failReason = "";

  /** When positive: the jobs submitted from this one on (1-based) end Failed. */
  public volatile int failFromSubmission = 0;

  public volatile String deviceStatus = "active";
  public volatile long tokenLifetimeSec = 3600;

  /** The clock of token expirations (tests share theirs with the client). */
  public volatile java.util.function.LongSupplier clock = System::currentTimeMillis;

  public final AtomicInteger submissions = new AtomicInteger();
  public final AtomicInteger tokensIssued = new AtomicInteger();
  public final AtomicInteger cancels = new AtomicInteger();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final Backend sim = new StateVectorBackendProvider().create(20);
  private final long epochMs = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  /**
   * {@code max_experiments} in the backend configuration (null: the field is absent); the fake
   * refuses a job with more PUBs, as a provider limit would.
   */
  public volatile Integer maxExperiments = null;

  /** PUBs of every accepted submission, in order. */
  public final List<Integer> pubsPerSubmission = new CopyOnWriteArrayList<>();

  private static final class Job {
    final String id;
    final String backend;
    final List<String> qasm;
    final List<Long> shots;
    final JsonArray tags;
    volatile int polls;
    volatile String status = "Queued";

    Job(String id, String backend, List<String> qasm, List<Long> shots, JsonArray tags) {
      this.id = id;
      this.backend = backend;
      this.qasm = List.copyOf(qasm);
      this.shots = List.copyOf(shots);
      this.tags = tags;
    }
  }

  @Override
  protected String route(String method, String path) {
    if (path.equals("/identity/token")) {
      return method + " /identity/token";
    }
    String p = path.replaceFirst("^/api", "");
    p = p.replaceFirst("^/v1/jobs/[^/]+", "/v1/jobs/{id}");
    p = p.replaceFirst("^/v1/backends/[^/]+", "/v1/backends/{name}");
    return method + " " + p;
  }

  @Override
  protected Reply handle(Seen req) {
    if (req.path().equals("/identity/token")) {
      return token(req);
    }
    String auth = req.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
      return Reply.json(
          401, "{\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Invalid token\"}]}");
    }
    if (!CRN.equals(req.header("Service-CRN"))) {
      return Reply.json(401, "{\"errors\":[{\"message\":\"Service-CRN does not match\"}]}");
    }
    if (req.header("IBM-API-Version") == null) {
      return Reply.json(400, "{\"errors\":[{\"message\":\"IBM-API-Version header is required\"}]}");
    }
    String p = req.path().replaceFirst("^/api", "");
    String[] parts = p.split("/");
    // parts: "", "v1", "backends"|"jobs", [name|id], [sub]
    if (parts.length >= 3 && parts[2].equals("backends")) {
      if (parts.length == 3) {
        return Reply.json(200, "{\"devices\":[\"" + DEVICE + "\"]}");
      }
      String name = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
      if (!name.equals(DEVICE)) {
        return Reply.json(
            404, "{\"errors\":[{\"code\":1216,\"message\":\"Backend not found: " + name + "\"}]}");
      }
      String sub = parts.length > 4 ? parts[4] : "";
      return switch (sub) {
        case "configuration" -> Reply.json(200, configuration(maxExperiments));
        case "status" ->
            Reply.json(
                200,
                "{\"state\":"
                    + deviceStatus.equals("active")
                    + ",\"status\":\""
                    + deviceStatus
                    + "\",\"message\":\""
                    + deviceStatus
                    + "\",\"length_queue\":3,\"backend_version\":\"1.2.3\"}");
        case "properties" -> Reply.json(200, properties());
        default -> Reply.json(404, "{}");
      };
    }
    if (parts.length >= 3 && parts[2].equals("jobs")) {
      if (parts.length == 3 && req.method().equals("POST")) {
        return submit(req);
      }
      if (parts.length == 3) {
        return list(req.query());
      }
      Job j = jobs.get(parts[3]);
      if (j == null) {
        return Reply.json(404, "{\"errors\":[{\"message\":\"Job not found\"}]}");
      }
      String sub = parts.length > 4 ? parts[4] : "";
      return switch (sub) {
        case "" -> Reply.json(200, status(j));
        case "results" ->
            j.status.equals("Completed")
                ? Reply.json(200, results(j))
                : Reply.json(409, "{\"errors\":[{\"message\":\"job not completed\"}]}");
        case "metrics" -> Reply.json(200, metrics(j));
        case "cancel" -> cancel(j);
        default -> Reply.json(404, "{}");
      };
    }
    return Reply.json(404, "{}");
  }

  private Reply token(Seen req) {
    Map<String, String> form = new java.util.HashMap<>();
    for (String kv : req.body().split("&")) {
      String[] a = kv.split("=", 2);
      form.put(
          URLDecoder.decode(a[0], StandardCharsets.UTF_8),
          a.length > 1 ? URLDecoder.decode(a[1], StandardCharsets.UTF_8) : "");
    }
    if (!"urn:ibm:params:oauth:grant-type:apikey".equals(form.get("grant_type"))) {
      return Reply.json(
          400, "{\"errorCode\":\"BXNIM0103E\",\"errorMessage\":\"Unsupported grant type\"}");
    }
    if (!API_KEY.equals(form.get("apikey"))) {
      return Reply.json(
          400,
          "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"Provided API key could not be found.\"}");
    }
    String t = "tok-" + tokensIssued.incrementAndGet();
    tokens.put(t, tokenLifetimeSec);
    long exp = clock.getAsLong() / 1000 + tokenLifetimeSec;
    return Reply.json(
        200,
        "{\"access_token\":\""
            + t
            + "\",\"refresh_token\":\"not_supported\",\"token_type\":\"Bearer\","
            + "\"expires_in\":"
            + tokenLifetimeSec
            + ",\"expiration\":"
            + exp
            + ",\"scope\":\"ibm openid\"}");
  }

  private static String configuration(Integer maxExperiments) {
    JsonObject c = new JsonObject();
    c.addProperty("backend_name", DEVICE);
    c.addProperty("backend_version", "1.2.3");
    c.addProperty("n_qubits", QUBITS);
    JsonArray basis = new JsonArray();
    // an IBM Heron-like basis and a line coupling map, both directions (CZ is symmetric)
    for (String g : new String[] {"cz", "id", "rz", "sx", "x", "measure", "reset", "delay"}) {
      basis.add(g);
    }
    c.add("basis_gates", basis);
    JsonArray cm = new JsonArray();
    for (int i = 0; i + 1 < QUBITS; i++) {
      for (int[] e : new int[][] {{i, i + 1}, {i + 1, i}}) {
        JsonArray a = new JsonArray();
        a.add(e[0]);
        a.add(e[1]);
        cm.add(a);
      }
    }
    c.add("coupling_map", cm);
    c.addProperty("max_shots", 100000);
    if (maxExperiments != null) {
      c.addProperty("max_experiments", maxExperiments);
    }
    c.addProperty("simulator", false);
    return c.toString();
  }

  private static String properties() {
    JsonObject p = new JsonObject();
    p.addProperty("backend_name", DEVICE);
    p.addProperty("backend_version", "1.2.3");
    p.addProperty("last_update_date", "2026-01-01T06:00:00Z");
    JsonArray qubits = new JsonArray();
    for (int q = 0; q < QUBITS; q++) {
      JsonArray props = new JsonArray();
      props.add(prop("T1", "us", 120.0 + q));
      props.add(prop("T2", "us", 80.0 + q));
      props.add(prop("readout_error", "", 0.02));
      props.add(prop("prob_meas0_prep1", "", 0.03));
      props.add(prop("prob_meas1_prep0", "", 0.01));
      qubits.add(props);
    }
    p.add("qubits", qubits);
    JsonArray gates = new JsonArray();
    for (int q = 0; q + 1 < QUBITS; q++) {
      JsonObject g = new JsonObject();
      g.addProperty("gate", "cz");
      JsonArray qs = new JsonArray();
      qs.add(q);
      qs.add(q + 1);
      g.add("qubits", qs);
      JsonArray params = new JsonArray();
      params.add(prop("gate_error", "", 0.008));
      params.add(prop("gate_length", "ns", 68));
      g.add("parameters", params);
      g.addProperty("name", "cz" + q + "_" + (q + 1));
      gates.add(g);
    }
    p.add("gates", gates);
    p.add("general", new JsonArray());
    return p.toString();
  }

  private static JsonObject prop(String name, String unit, double value) {
    JsonObject o = new JsonObject();
    o.addProperty("date", "2026-01-01T06:00:00Z");
    o.addProperty("name", name);
    o.addProperty("unit", unit);
    o.addProperty("value", value);
    return o;
  }

  private Reply submit(Seen req) {
    JsonObject b = JsonParser.parseString(req.body()).getAsJsonObject();
    if (!"sampler".equals(b.get("program_id").getAsString())) {
      return Reply.json(400, "{\"errors\":[{\"message\":\"unknown program\"}]}");
    }
    String backend = b.get("backend").getAsString();
    if (!backend.equals(DEVICE)) {
      return Reply.json(404, "{\"errors\":[{\"message\":\"Backend not found\"}]}");
    }
    JsonObject params = b.getAsJsonObject("params");
    JsonArray pubs = params.getAsJsonArray("pubs");
    Integer maxPubs = maxExperiments;
    if (pubs == null || pubs.isEmpty() || (maxPubs != null && pubs.size() > maxPubs)) {
      return Reply.json(
          400,
          "{\"errors\":[{\"message\":\"a job takes 1 to "
              + maxPubs
              + " PUBs, got "
              + (pubs == null ? 0 : pubs.size())
              + "\"}]}");
    }
    List<String> qasms = new ArrayList<>();
    List<Long> shotList = new ArrayList<>();
    for (JsonElement e : pubs) {
      JsonArray pub = e.getAsJsonArray();
      String qasm = pub.get(0).getAsString();
      long shots = pub.size() > 2 ? pub.get(2).getAsLong() : params.get("shots").getAsLong();
      Circuit c = OpenQasm.parse(qasm);
      if (c.numQubits() > QUBITS) {
        return Reply.json(
            400,
            "{\"errors\":[{\"message\":\"circuit has "
                + c.numQubits()
                + " qubits, backend has "
                + QUBITS
                + "\"}]}");
      }
      qasms.add(qasm);
      shotList.add(shots);
    }
    String id = "d" + Long.toHexString(0xabc000 + submissions.incrementAndGet());
    JsonArray tags = b.has("tags") ? b.getAsJsonArray("tags") : new JsonArray();
    jobs.put(id, new Job(id, backend, qasms, shotList, tags));
    pubsPerSubmission.add(qasms.size());
    return Reply.json(
        200, "{\"id\":\"" + id + "\",\"backend\":\"" + backend + "\",\"private\":false}");
  }

  private Reply list(String query) {
    String tag = null;
    for (String kv : query.split("&")) {
      String[] a = kv.split("=", 2);
      if (a[0].equals("tags") && a.length > 1) {
        tag = URLDecoder.decode(a[1], StandardCharsets.UTF_8);
      }
    }
    JsonArray out = new JsonArray();
    for (Job j : jobs.values()) {
      if (tag == null || j.tags.contains(new com.google.gson.JsonPrimitive(tag))) {
        JsonObject o = JsonParser.parseString(view(j)).getAsJsonObject();
        out.add(o);
      }
    }
    JsonObject r = new JsonObject();
    r.add("jobs", out);
    r.addProperty("count", out.size());
    return Reply.json(200, r.toString());
  }

  private synchronized String status(Job j) {
    if (j.status.equals("Queued") || j.status.equals("Running")) {
      j.polls++;
      if (j.polls > queuedPolls + 1) {
        long number = Long.parseLong(j.id.substring(1), 16) - 0xabc000;
        j.status = failFromSubmission > 0 && number >= failFromSubmission ? "Failed" : endState;
      } else if (j.polls > queuedPolls) {
        j.status = "Running";
      }
    }
    return view(j);
  }

  private synchronized String view(Job j) {
    JsonObject o = new JsonObject();
    o.addProperty("id", j.id);
    o.addProperty("backend", j.backend);
    o.addProperty("status", j.status);
    JsonObject st = new JsonObject();
    st.addProperty("status", j.status);
    if (j.status.equals("Failed")) {
      st.addProperty("reason", failReason);
    }
    o.add("state", st);
    o.addProperty("created", Instant.ofEpochMilli(epochMs).toString());
    o.add("tags", j.tags);
    JsonObject prog = new JsonObject();
    prog.addProperty("id", "sampler");
    o.add("program", prog);
    return o.toString();
  }

  private String metrics(Job j) {
    JsonObject ts = new JsonObject();
    ts.addProperty("created", Instant.ofEpochMilli(epochMs).toString());
    ts.addProperty("running", Instant.ofEpochMilli(epochMs + 5_000).toString());
    ts.addProperty("finished", Instant.ofEpochMilli(epochMs + 7_000).toString());
    JsonObject usage = new JsonObject();
    usage.addProperty("quantum_seconds", 2);
    usage.addProperty("seconds", 2);
    JsonObject o = new JsonObject();
    o.add("timestamps", ts);
    o.add("usage", usage);
    return o.toString();
  }

  /**
   * Sampler V2's result schema: {@code results[i]} for PUB {@code i}, each with {@code data.<creg>}
   * holding one hex string per shot; PUB {@code i} is simulated with seed (tag hash + i).
   */
  private String results(Job j) {
    long seed = j.tags.isEmpty() ? 1 : j.tags.get(0).getAsString().hashCode();
    JsonArray results = new JsonArray();
    for (int i = 0; i < j.qasm.size(); i++) {
      Circuit c = OpenQasm.parse(j.qasm.get(i));
      long[] samples =
          sim.execute(
                  ExecutionRequest.sampled(c, j.shots.get(i), seed + i),
                  StepContext.unbounded(seed + i))
              .samples();
      JsonArray hex = new JsonArray();
      for (long s : samples) {
        hex.add("0x" + Long.toHexString(s));
      }
      JsonObject reg = new JsonObject();
      reg.add("samples", hex);
      reg.addProperty("num_bits", c.numClbits());
      JsonObject data = new JsonObject();
      data.add("c", reg);
      JsonObject pubResult = new JsonObject();
      pubResult.add("data", data);
      pubResult.add("metadata", new JsonObject());
      results.add(pubResult);
    }
    JsonObject o = new JsonObject();
    o.add("results", results);
    JsonObject md = new JsonObject();
    md.addProperty("version", 2);
    o.add("metadata", md);
    return o.toString();
  }

  private Reply cancel(Job j) {
    synchronized (this) {
      if (j.status.equals("Completed") || j.status.equals("Failed")) {
        return Reply.json(409, "{\"errors\":[{\"message\":\"job already finished\"}]}");
      }
      j.status = "Cancelled";
    }
    cancels.incrementAndGet();
    return new Reply(204, "", Map.of());
  }

  /** The state of a job the fake holds, for assertions. */
  public String jobStatus(String id) {
    Job j = jobs.get(id);
    return j == null ? null : j.status;
  }

  static JsonElement parse(String s) {
    return JsonParser.parseString(s);
  }

  @Override
  public void close() {
    super.close();
    sim.close();
  }
}
