package io.qstep.runner.qpu.dwave;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.qpu.FakeHttpServer;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake of D-Wave's SAPI REST interface, written from D-Wave's documentation: solvers with
 * working qubits and couplers, {@code qp}-format QUBO problems (NaN for unused qubits), statuses
 * PENDING → IN_PROGRESS → COMPLETED, answers in {@code qp} format (packed bits, float64 energies,
 * int32 occurrences and active variables), labels, cancel. Its "annealer" enumerates the active
 * variables of the embedded problem it receives (at most {@link #MAX_ACTIVE}; more is refused with
 * 400) and returns the three lowest-energy states with 70 / 20 / 10 % of the reads. The {@code qp}
 * format can only address working qubits and couplers: a {@code lin} or {@code quad} array of the
 * wrong length is refused with 400.
 */
public final class FakeSapi extends FakeHttpServer {
  public static final String TOKEN = "DEV-fake-sapi-token-0123456789abcdef";

  /** Complete graph on qubits 0..12 except 5 (a dead qubit, as real chips have). */
  public static final String DENSE = "Advantage_fake_K12";

  /** A ring of 8 qubits. */
  public static final String RING = "Advantage_fake_ring8";

  /** Chimera C(2, 2, 4) (32 qubits, D-Wave's numbering) with qubit 5 dead: bipartite, so chains. */
  public static final String CHIMERA = "DW_2000Q_fake_C2";

  /** The most active qubits the fake enumerates. */
  public static final int MAX_ACTIVE = 22;

  static final Chimera CHIMERA_GRAPH = Chimera.of(2, 2, 4, java.util.Set.of(5), java.util.Set.of());

  static boolean known(String solver) {
    return solver.equals(DENSE) || solver.equals(RING) || solver.equals(CHIMERA);
  }

  public volatile int queuedPolls = 1;
  public volatile String endState = "COMPLETED";
  public volatile String failReason = "";
  public final AtomicInteger submissions = new AtomicInteger();
  private final Map<String, Problem> problems = new ConcurrentHashMap<>();

  private static final class Problem {
    final String id;
    final String solver;
    final String label;
    final JsonObject answer;
    volatile String status = "PENDING";
    volatile int polls;

    Problem(String id, String solver, String label, JsonObject answer) {
      this.id = id;
      this.solver = solver;
      this.label = label;
      this.answer = answer;
    }
  }

  static int[] qubits(String solver) {
    if (solver.equals(CHIMERA)) {
      return CHIMERA_GRAPH.qubits();
    }
    List<Integer> q = new ArrayList<>();
    int n = solver.equals(DENSE) ? 13 : 8;
    for (int i = 0; i < n; i++) {
      if (!(solver.equals(DENSE) && i == 5)) {
        q.add(i);
      }
    }
    return q.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[][] couplers(String solver) {
    if (solver.equals(CHIMERA)) {
      return CHIMERA_GRAPH.couplers();
    }
    int[] q = qubits(solver);
    List<int[]> c = new ArrayList<>();
    if (solver.equals(DENSE)) {
      for (int i = 0; i < q.length; i++) {
        for (int j = i + 1; j < q.length; j++) {
          c.add(new int[] {q[i], q[j]});
        }
      }
    } else {
      for (int i = 0; i < 8; i++) {
        int a = i;
        int b = (i + 1) % 8;
        c.add(new int[] {Math.min(a, b), Math.max(a, b)});
      }
    }
    return c.toArray(new int[0][]);
  }

  private static JsonObject solver(String id) {
    JsonObject p = new JsonObject();
    JsonArray qs = new JsonArray();
    for (int q : qubits(id)) {
      qs.add(q);
    }
    p.add("qubits", qs);
    JsonArray cs = new JsonArray();
    for (int[] c : couplers(id)) {
      JsonArray a = new JsonArray();
      a.add(c[0]);
      a.add(c[1]);
      cs.add(a);
    }
    p.add("couplers", cs);
    p.addProperty("num_qubits", id.equals(DENSE) ? 13 : id.equals(CHIMERA) ? 32 : 8);
    JsonArray range = new JsonArray();
    range.add(1);
    range.add(10000);
    p.add("num_reads_range", range);
    JsonArray types = new JsonArray();
    types.add("ising");
    types.add("qubo");
    p.add("supported_problem_types", types);
    p.addProperty("category", "qpu");
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("status", "ONLINE");
    o.addProperty("description", "fake annealer");
    o.add("properties", p);
    o.addProperty("avg_load", 0.1);
    return o;
  }

  @Override
  protected String route(String method, String path) {
    if (path.startsWith("/sapi/v2/problems/") && path.length() > "/sapi/v2/problems/".length()) {
      return method + " /problems/{id}/";
    }
    return method + " " + path.replaceFirst("^/sapi/v2", "");
  }

  @Override
  protected Reply handle(Seen req) {
    if (!TOKEN.equals(req.header("X-Auth-Token"))) {
      return Reply.json(
          401, "{\"error_code\":401,\"error_msg\":\"Invalid token or access denied\"}");
    }
    String p = req.path().replaceFirst("^/sapi/v2", "");
    if (p.equals("/solvers/remote/")) {
      JsonArray a = new JsonArray();
      a.add(solver(DENSE));
      a.add(solver(RING));
      a.add(solver(CHIMERA));
      return Reply.json(200, a.toString());
    }
    if (p.startsWith("/solvers/remote/")) {
      String id =
          URLDecoder.decode(
              p.substring("/solvers/remote/".length()).replace("/", ""), StandardCharsets.UTF_8);
      if (!known(id)) {
        return Reply.json(404, "{\"error_code\":404,\"error_msg\":\"Solver not found\"}");
      }
      return Reply.json(200, solver(id).toString());
    }
    if (p.equals("/problems/") && req.method().equals("POST")) {
      return submit(req.body());
    }
    if (p.equals("/problems/") && req.method().equals("GET")) {
      String label = null;
      for (String kv : req.query().split("&")) {
        String[] a = kv.split("=", 2);
        if (a[0].equals("label") && a.length > 1) {
          label = URLDecoder.decode(a[1], StandardCharsets.UTF_8);
        }
      }
      JsonArray out = new JsonArray();
      for (Problem pr : problems.values()) {
        if (label == null || label.equals(pr.label)) {
          out.add(view(pr, false));
        }
      }
      return Reply.json(200, out.toString());
    }
    if (p.startsWith("/problems/")) {
      String id = p.substring("/problems/".length()).replace("/", "").replace("answer", "");
      Problem pr = problems.get(id);
      if (pr == null) {
        return Reply.json(404, "{\"error_code\":404,\"error_msg\":\"Problem does not exist\"}");
      }
      if (req.method().equals("DELETE")) {
        synchronized (pr) {
          if (pr.status.equals("PENDING") || pr.status.equals("IN_PROGRESS")) {
            pr.status = "CANCELLED";
          }
        }
        return Reply.json(200, view(pr, false).toString());
      }
      synchronized (pr) {
        if (pr.status.equals("PENDING") || pr.status.equals("IN_PROGRESS")) {
          pr.polls++;
          if (pr.polls > queuedPolls + 1) {
            pr.status = endState;
          } else if (pr.polls > queuedPolls) {
            pr.status = "IN_PROGRESS";
          }
        }
      }
      return Reply.json(200, view(pr, true).toString());
    }
    return Reply.json(404, "{}");
  }

  private JsonObject view(Problem pr, boolean withAnswer) {
    JsonObject o = new JsonObject();
    o.addProperty("id", pr.id);
    o.addProperty("status", pr.status);
    o.addProperty("solver", pr.solver);
    o.addProperty("type", "qubo");
    o.addProperty("label", pr.label);
    o.addProperty("submitted_on", "2026-01-01T00:00:00.000Z");
    if (pr.status.equals("COMPLETED")) {
      o.addProperty("solved_on", "2026-01-01T00:00:01.000Z");
      if (withAnswer) {
        o.add("answer", pr.answer);
      }
    }
    if (pr.status.equals("FAILED")) {
      o.addProperty("error_message", failReason);
    }
    return o;
  }

  private Reply submit(String body) {
    JsonElement parsed = JsonParser.parseString(body);
    JsonObject prob =
        parsed.isJsonArray()
            ? parsed.getAsJsonArray().get(0).getAsJsonObject()
            : parsed.getAsJsonObject();
    String solver = prob.get("solver").getAsString();
    if (!known(solver)) {
      return Reply.json(404, "{\"error_code\":404,\"error_msg\":\"Solver not found\"}");
    }
    JsonObject data = prob.getAsJsonObject("data");
    if (!"qp".equals(data.get("format").getAsString())
        || !"qubo".equals(prob.get("type").getAsString())) {
      return Reply.json(400, "{\"error_code\":400,\"error_msg\":\"unsupported format\"}");
    }
    int[] qs = qubits(solver);
    double[] lin = doubles(data.get("lin").getAsString());
    if (lin.length != qs.length) {
      return Reply.json(400, "{\"error_code\":400,\"error_msg\":\"lin has the wrong length\"}");
    }
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < qs.length; i++) {
      if (!Double.isNaN(lin[i])) {
        active.add(i);
      }
    }
    List<int[]> activeCouplers = new ArrayList<>();
    for (int[] c : couplers(solver)) {
      int a = indexOf(qs, c[0]);
      int b = indexOf(qs, c[1]);
      if (!Double.isNaN(lin[a]) && !Double.isNaN(lin[b])) {
        activeCouplers.add(new int[] {a, b});
      }
    }
    double[] quad = doubles(data.get("quad").getAsString());
    if (quad.length != activeCouplers.size()) {
      return Reply.json(400, "{\"error_code\":400,\"error_msg\":\"quad has the wrong length\"}");
    }
    long reads = prob.getAsJsonObject("params").get("num_reads").getAsLong();
    int m = active.size();
    if (m > MAX_ACTIVE) {
      return Reply.json(
          400, "{\"error_code\":400,\"error_msg\":\"the fake enumerates at most 22 qubits\"}");
    }
    int[] ka = new int[quad.length];
    int[] kb = new int[quad.length];
    for (int c = 0; c < quad.length; c++) {
      ka[c] = active.indexOf(activeCouplers.get(c)[0]);
      kb[c] = active.indexOf(activeCouplers.get(c)[1]);
    }
    double[] h = new double[m];
    for (int k = 0; k < m; k++) {
      h[k] = lin[active.get(k)];
    }
    // enumerate states of the active variables, keeping the three lowest (energy, then index)
    int[] order = {-1, -1, -1};
    double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    for (int x = 0; x < 1 << m; x++) {
      double v = 0;
      for (int k = 0; k < m; k++) {
        if ((x >>> k & 1) != 0) {
          v += h[k];
        }
      }
      for (int c = 0; c < quad.length; c++) {
        if ((x >>> ka[c] & 1) != 0 && (x >>> kb[c] & 1) != 0) {
          v += quad[c];
        }
      }
      for (int r = 0; r < 3; r++) {
        if (v < best[r]) {
          for (int t = 2; t > r; t--) {
            best[t] = best[t - 1];
            order[t] = order[t - 1];
          }
          best[r] = v;
          order[r] = x;
          break;
        }
      }
    }
    int keep = Math.min(3, 1 << m);
    long[] occ = {Math.round(reads * 0.7), Math.round(reads * 0.2), 0};
    occ[2] = reads - occ[0] - occ[1];
    int bytesPerRow = (m + 7) / 8;
    ByteBuffer sol = ByteBuffer.allocate(bytesPerRow * keep);
    ByteBuffer en = ByteBuffer.allocate(8 * keep).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer oc = ByteBuffer.allocate(4 * keep).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < keep; r++) {
      int x = order[r];
      byte[] row = new byte[bytesPerRow];
      for (int k = 0; k < m; k++) {
        if ((x >>> k & 1) != 0) {
          row[k / 8] |= (byte) (0x80 >>> (k % 8));
        }
      }
      sol.put(row);
      en.putDouble(best[r]);
      oc.putInt((int) (keep == 1 ? reads : occ[r]));
    }
    ByteBuffer av = ByteBuffer.allocate(4 * m).order(ByteOrder.LITTLE_ENDIAN);
    for (int k : active) {
      av.putInt(qs[k]);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    JsonObject answer = new JsonObject();
    answer.addProperty("format", "qp");
    answer.addProperty("num_variables", qs[qs.length - 1] + 1);
    answer.addProperty("active_variables", b64.encodeToString(av.array()));
    answer.addProperty("solutions", b64.encodeToString(sol.array()));
    answer.addProperty("energies", b64.encodeToString(en.array()));
    answer.addProperty("num_occurrences", b64.encodeToString(oc.array()));
    JsonObject timing = new JsonObject();
    timing.addProperty("qpu_access_time", 15_432.0);
    answer.add("timing", timing);
    String id = "fake-" + submissions.incrementAndGet();
    String label = prob.has("label") ? prob.get("label").getAsString() : "";
    Problem pr = new Problem(id, solver, label, answer);
    problems.put(id, pr);
    JsonArray r = new JsonArray();
    r.add(view(pr, false));
    return Reply.json(200, r.toString());
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static double[] doubles(String b64) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[b.remaining() / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getDouble();
    }
    return out;
  }
}
