package io.qstep.runner.qpu.ibm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.qpu.CircuitAdapter;
import io.qstep.runner.qpu.DeviceInfo;
import io.qstep.runner.qpu.GateModelClient;
import io.qstep.runner.qpu.Http;
import io.qstep.runner.qpu.JobOps;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.ProviderJob;
import io.qstep.runner.qpu.QpuCalibration;
import io.qstep.runner.qpu.QpuTime;
import io.qstep.runner.transpile.PhysicalQasm;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Qiskit Runtime REST client. Thread-safe; the bearer token is shared by all calls.
 *
 * <p>The API key is held only here and only sent to the IAM endpoint; no message or log line
 * contains it or the token.
 */
public final class IbmClient implements GateModelClient {
  /** IBM's documented production endpoints and API version. */
  public static final String DEFAULT_API_URL = "https://quantum.cloud.ibm.com/api";

  public static final String DEFAULT_IAM_URL = "https://iam.cloud.ibm.com";
  public static final String DEFAULT_API_VERSION = "2025-05-01";

  /**
   * PUBs per Sampler job when the backend configuration has no {@code max_experiments}: the value
   * IBM devices have long reported there. IBM's job-limits guide says the field is no longer
   * enforced; the documented per-job limit is on executions ({@link #MAX_EXECUTIONS}). Keeping jobs
   * at a few hundred circuits bounds what one failed job loses and the size of its result.
   */
  public static final int DEFAULT_MAX_PUBS = 300;

  /**
   * Executions (circuits × shots) per job: IBM's job-limits guide gives 5 million (newer revisions
   * 10 million); the lower figure is used.
   */
  public static final long MAX_EXECUTIONS = 5_000_000L;

  /** Refresh the token this long before IBM says it expires. */
  static final long TOKEN_MARGIN_MS = 5 * 60_000;

  /**
   * @param apiUrl Qiskit Runtime base, up to and including {@code /api}
   * @param iamUrl IAM base ({@code /identity/token} is appended)
   * @param apiKey IBM Cloud API key
   * @param serviceCrn the Qiskit Runtime instance's CRN
   * @param apiVersion the {@code IBM-API-Version} header
   * @param timeout per-request timeout
   */
  public record Settings(
      URI apiUrl,
      URI iamUrl,
      String apiKey,
      String serviceCrn,
      String apiVersion,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(iamUrl, "iamUrl");
      apiKey = apiKey == null ? "" : apiKey;
      serviceCrn = serviceCrn == null ? "" : serviceCrn;
      apiVersion = apiVersion == null || apiVersion.isBlank() ? DEFAULT_API_VERSION : apiVersion;
    }

    @Override
    public String toString() {
      return "Settings[apiUrl=" + apiUrl + ", iamUrl=" + iamUrl + ", apiKey=***]";
    }
  }

  private final Settings settings;
  private final Http http;
  private final QpuTime time;
  private String token;
  private long tokenExpiresMs;
  private final Map<String, Integer> maxPubs = new java.util.concurrent.ConcurrentHashMap<>();

  public IbmClient(Settings settings, QpuTime time) {
    this.settings = settings;
    this.time = time;
    this.http =
        new Http(
            "ibm",
            Duration.ofSeconds(10),
            settings.timeout(),
            List.of(settings::apiKey, this::currentToken));
  }

  @Override
  public String provider() {
    return "ibm";
  }

  private synchronized String currentToken() {
    return token;
  }

  /** The bearer token, fetched or refreshed when it is missing or about to expire. */
  synchronized String bearer() {
    if (token != null && time.nowMs() < tokenExpiresMs - TOKEN_MARGIN_MS) {
      return token;
    }
    if (settings.apiKey().isBlank()) {
      throw new ProviderException(
          ProviderException.Kind.AUTH, 0, -1, "ibm: no API key is configured (QSTEP_IBM_API_KEY)");
    }
    String form =
        "grant_type="
            + URLEncoder.encode("urn:ibm:params:oauth:grant-type:apikey", StandardCharsets.UTF_8)
            + "&apikey="
            + URLEncoder.encode(settings.apiKey(), StandardCharsets.UTF_8);
    Http.Response r;
    try {
      r =
          http.post(
              resolve(settings.iamUrl(), "/identity/token"),
              Map.of(
                  "Content-Type", "application/x-www-form-urlencoded",
                  "Accept", "application/json"),
              form);
    } catch (ProviderException e) {
      if (e.isTransient()) {
        throw e;
      }
      // IAM answers 400 for an unknown key: for us every refusal is a credentials problem
      throw new ProviderException(
          ProviderException.Kind.AUTH,
          e.httpStatus(),
          -1,
          "ibm: IAM refused the API key (HTTP " + e.httpStatus() + "); check QSTEP_IBM_API_KEY");
    }
    JsonObject o = r.json().getAsJsonObject();
    String t = str(o, "access_token");
    if (t.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.AUTH, r.status(), -1, "ibm: IAM returned no access_token");
    }
    long now = time.nowMs();
    long expires =
        o.has("expiration")
            ? o.get("expiration").getAsLong() * 1000
            : now + (o.has("expires_in") ? o.get("expires_in").getAsLong() * 1000 : 3_600_000);
    token = t;
    tokenExpiresMs = expires;
    return t;
  }

  private synchronized void dropToken() {
    token = null;
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + bearer());
    h.put("Service-CRN", settings.serviceCrn());
    h.put("IBM-API-Version", settings.apiVersion());
    h.put("Accept", "application/json");
    return h;
  }

  /** One call; a 401 drops the cached token and tries once more with a fresh one. */
  private JsonElement call(String method, String path, JsonObject body) {
    for (int attempt = 0; ; attempt++) {
      try {
        URI uri = resolve(settings.apiUrl(), path);
        Http.Response r =
            switch (method) {
              case "GET" -> http.get(uri, headers());
              case "POST" -> {
                Map<String, String> h = headers();
                h.put("Content-Type", "application/json");
                yield http.post(uri, h, body == null ? "" : body.toString());
              }
              default -> throw new IllegalArgumentException(method);
            };
        return r.json();
      } catch (ProviderException e) {
        if (e.kind() == ProviderException.Kind.AUTH && e.httpStatus() == 401 && attempt == 0) {
          dropToken();
          continue;
        }
        throw e;
      }
    }
  }

  @Override
  public List<String> devices() {
    JsonObject o = call("GET", "/v1/backends", null).getAsJsonObject();
    List<String> out = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("devices")) {
      out.add(e.isJsonObject() ? str(e.getAsJsonObject(), "name") : e.getAsString());
    }
    return out;
  }

  @Override
  public DeviceInfo device(String name) {
    String base = "/v1/backends/" + enc(name);
    JsonObject conf = call("GET", base + "/configuration", null).getAsJsonObject();
    JsonObject status = call("GET", base + "/status", null).getAsJsonObject();
    Set<String> gates = new HashSet<>();
    if (conf.has("basis_gates")) {
      conf.getAsJsonArray("basis_gates")
          .forEach(g -> gates.add(g.getAsString().toLowerCase(Locale.ROOT)));
    }
    gates.remove("id");
    gates.remove("delay");
    gates.remove("reset");
    gates.remove("measure");
    List<int[]> coupling = new ArrayList<>();
    if (conf.has("coupling_map") && conf.get("coupling_map").isJsonArray()) {
      for (JsonElement e : conf.getAsJsonArray("coupling_map")) {
        JsonArray a = e.getAsJsonArray();
        coupling.add(new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()});
      }
    }
    int pubs =
        conf.has("max_experiments") && conf.get("max_experiments").isJsonPrimitive()
            ? Math.max(1, conf.get("max_experiments").getAsInt())
            : DEFAULT_MAX_PUBS;
    maxPubs.put(name, pubs);
    if (!str(conf, "backend_name").isEmpty()) {
      maxPubs.put(str(conf, "backend_name"), pubs);
    }
    boolean online =
        (!status.has("state") || status.get("state").getAsBoolean())
            && "active"
                .equalsIgnoreCase(
                    str(status, "status").isEmpty() ? "active" : str(status, "status"));
    return new DeviceInfo(
        str(conf, "backend_name").isEmpty() ? name : str(conf, "backend_name"),
        str(conf, "backend_version"),
        conf.get("n_qubits").getAsInt(),
        gates,
        coupling,
        online,
        str(status, "message").isEmpty() ? str(status, "status") : str(status, "message"),
        conf.has("max_shots") ? conf.get("max_shots").getAsLong() : 0);
  }

  @Override
  public QpuCalibration calibration(String device) {
    JsonElement props = call("GET", "/v1/backends/" + enc(device) + "/properties", null);
    if (!props.isJsonObject()) {
      return QpuCalibration.NONE;
    }
    String updated = str(props.getAsJsonObject(), "last_update_date");
    long ts = 0;
    try {
      ts = updated.isEmpty() ? 0 : Instant.parse(updated).toEpochMilli();
    } catch (RuntimeException e) {
      ts = 0;
    }
    return new QpuCalibration(device + "@" + updated, ts, props.toString());
  }

  /** The raw backend properties document (IBM's schema), for calibration importers. */
  public JsonObject properties(String device) {
    return call("GET", "/v1/backends/" + enc(device) + "/properties", null).getAsJsonObject();
  }

  @Override
  public String program(CircuitAdapter.Adapted circuit) {
    return circuit.transpiled() != null
        ? PhysicalQasm.write(circuit.transpiled(), PhysicalQasm.Dialect.OPENQASM3)
        : OpenQasm.toQasm3(circuit.circuit());
  }

  @Override
  public int maxCircuitsPerJob(String device) {
    Integer n = maxPubs.get(device);
    if (n == null) {
      device(device);
      n = maxPubs.getOrDefault(device, DEFAULT_MAX_PUBS);
    }
    return n;
  }

  @Override
  public long maxExecutionsPerJob(String device) {
    return MAX_EXECUTIONS;
  }

  @Override
  public JobOps<long[]> job(String device, CircuitAdapter.Adapted circuit, long shots) {
    JobOps<List<long[]>> ops = batchJob(device, List.of(circuit), new long[] {shots});
    return new JobOps<>() {
      @Override
      public String submit(String clientToken) {
        return ops.submit(clientToken);
      }

      @Override
      public Optional<String> lookup(String clientToken) {
        return ops.lookup(clientToken);
      }

      @Override
      public ProviderJob status(String jobId) {
        return ops.status(jobId);
      }

      @Override
      public long[] fetch(String jobId) {
        return ops.fetch(jobId).get(0);
      }

      @Override
      public void cancel(String jobId) {
        ops.cancel(jobId);
      }
    };
  }

  /**
   * One Sampler V2 job with one PUB {@code [qasm, [], shots]} per circuit (bound circuits: no
   * parameter values), results read per PUB in order.
   */
  @Override
  public JobOps<List<long[]>> batchJob(
      String device, List<CircuitAdapter.Adapted> circuits, long[] shots) {
    if (circuits.isEmpty() || circuits.size() != shots.length) {
      throw new IllegalArgumentException("one shot count per circuit, at least one circuit");
    }
    List<String> programs = new ArrayList<>(circuits.size());
    long maxShots = 0;
    for (int i = 0; i < circuits.size(); i++) {
      programs.add(program(circuits.get(i)));
      maxShots = Math.max(maxShots, shots[i]);
    }
    long defaultShots = maxShots;
    long[] pubShots = shots.clone();
    return new JobOps<>() {
      @Override
      public String submit(String clientToken) {
        JsonObject body = new JsonObject();
        body.addProperty("program_id", "sampler");
        body.addProperty("backend", device);
        JsonObject params = new JsonObject();
        JsonArray pubs = new JsonArray();
        for (int i = 0; i < programs.size(); i++) {
          JsonArray pub = new JsonArray();
          pub.add(programs.get(i));
          pub.add(new JsonArray()); // parameter values: the circuit is bound
          pub.add(pubShots[i]);
          pubs.add(pub);
        }
        params.add("pubs", pubs);
        params.addProperty("shots", defaultShots);
        params.addProperty("version", 2);
        body.add("params", params);
        JsonArray tags = new JsonArray();
        tags.add(clientToken);
        body.add("tags", tags);
        JsonObject r = call("POST", "/v1/jobs", body).getAsJsonObject();
        String id = str(r, "id");
        if (id.isEmpty()) {
          throw ProviderException.transientFailure("ibm: POST /v1/jobs returned no job id");
        }
        return id;
      }

      @Override
      public Optional<String> lookup(String clientToken) {
        JsonObject r =
            call("GET", "/v1/jobs?tags=" + enc(clientToken) + "&backend=" + enc(device), null)
                .getAsJsonObject();
        if (r.has("jobs")) {
          for (JsonElement e : r.getAsJsonArray("jobs")) {
            JsonObject j = e.getAsJsonObject();
            if (j.has("tags")
                && j.getAsJsonArray("tags")
                    .contains(new com.google.gson.JsonPrimitive(clientToken))) {
              return Optional.of(str(j, "id"));
            }
          }
        }
        return Optional.empty();
      }

      @Override
      public ProviderJob status(String jobId) {
        JsonObject j = call("GET", "/v1/jobs/" + enc(jobId), null).getAsJsonObject();
        String status = str(j, "status");
        String reason = "";
        if (j.has("state") && j.get("state").isJsonObject()) {
          JsonObject st = j.getAsJsonObject("state");
          status = str(st, "status").isEmpty() ? status : str(st, "status");
          reason = str(st, "reason");
        }
        ProviderJob.State s = state(status);
        long created = time(str(j, "created"));
        long started = 0;
        long finished = 0;
        double execMs = -1;
        if (s == ProviderJob.State.COMPLETED || s == ProviderJob.State.FAILED) {
          try {
            JsonObject m =
                call("GET", "/v1/jobs/" + enc(jobId) + "/metrics", null).getAsJsonObject();
            if (m.has("timestamps")) {
              JsonObject t = m.getAsJsonObject("timestamps");
              started = time(str(t, "running"));
              finished = time(str(t, "finished"));
              created = created == 0 ? time(str(t, "created")) : created;
            }
            if (m.has("usage") && m.getAsJsonObject("usage").has("quantum_seconds")) {
              execMs = m.getAsJsonObject("usage").get("quantum_seconds").getAsDouble() * 1000;
            }
          } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.AUTH) {
              throw e;
            }
            // metrics are provenance, not the result: a job without them still completes
          }
        }
        return new ProviderJob(jobId, s, reason, created, started, finished, execMs);
      }

      @Override
      public List<long[]> fetch(String jobId) {
        JsonObject r = call("GET", "/v1/jobs/" + enc(jobId) + "/results", null).getAsJsonObject();
        return samples(r, pubShots);
      }

      @Override
      public void cancel(String jobId) {
        call("POST", "/v1/jobs/" + enc(jobId) + "/cancel", null);
      }
    };
  }

  /** Sampler V2 result of a one-PUB job: its single classical register, one hex string a shot. */
  static long[] samples(JsonObject result, long shots) {
    return samples(result, new long[] {shots}).get(0);
  }

  /**
   * Sampler V2 result: {@code results[i]} answers PUB {@code i}; each has one classical register
   * holding one hex string per shot. Anything else (fewer or more PUB results, a wrong shot count)
   * is refused whole.
   */
  static List<long[]> samples(JsonObject result, long[] shots) {
    JsonArray results = result.getAsJsonArray("results");
    if (results == null || results.isEmpty()) {
      throw ProviderException.transientFailure("ibm: the job result has no PUB results");
    }
    if (results.size() != shots.length) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          0,
          -1,
          "ibm: expected " + shots.length + " PUB results, got " + results.size());
    }
    List<long[]> out = new ArrayList<>(shots.length);
    for (int p = 0; p < shots.length; p++) {
      out.add(pubSamples(results.get(p).getAsJsonObject(), shots[p], p));
    }
    return out;
  }

  private static long[] pubSamples(JsonObject pubResult, long shots, int pub) {
    JsonObject data = pubResult.getAsJsonObject("data");
    if (data == null || data.size() != 1) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          0,
          -1,
          "ibm: expected one classical register in the result of PUB " + pub);
    }
    JsonObject reg = data.entrySet().iterator().next().getValue().getAsJsonObject();
    JsonArray s = reg.getAsJsonArray("samples");
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) {
      String h = s.get(i).getAsString();
      String hex = h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h;
      BigInteger v = new BigInteger(hex.isEmpty() ? "0" : hex, 16);
      if (v.bitLength() > 63) {
        throw new ProviderException(
            ProviderException.Kind.REJECTED, 0, -1, "ibm: outcome wider than 63 bits");
      }
      out[i] = v.longValue();
    }
    if (shots > 0 && out.length != shots) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          0,
          -1,
          "ibm: expected " + shots + " samples in PUB " + pub + ", got " + out.length);
    }
    return out;
  }

  static ProviderJob.State state(String s) {
    String v = s.toLowerCase(Locale.ROOT);
    if (v.startsWith("completed") || v.equals("done")) {
      return ProviderJob.State.COMPLETED;
    }
    if (v.startsWith("cancel")) {
      return ProviderJob.State.CANCELLED;
    }
    if (v.startsWith("fail") || v.equals("error")) {
      return ProviderJob.State.FAILED;
    }
    if (v.startsWith("running")) {
      return ProviderJob.State.RUNNING;
    }
    return ProviderJob.State.QUEUED;
  }

  private static long time(String iso) {
    if (iso.isEmpty()) {
      return 0;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static String str(JsonObject o, String k) {
    JsonElement e = o == null ? null : o.get(k);
    return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static URI resolve(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }

  @Override
  public void close() {
    http.close();
  }
}
