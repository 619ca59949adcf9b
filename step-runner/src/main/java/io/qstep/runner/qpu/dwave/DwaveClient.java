package io.qstep.runner.qpu.dwave;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.Http;
import io.qstep.runner.qpu.JobOps;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.ProviderJob;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A SAPI REST client. Thread-safe. The token is sent only as {@code X-Auth-Token}. */
public final class DwaveClient implements AutoCloseable {
  /** D-Wave's documented default endpoint (Leap, North America). */
  public static final String DEFAULT_URL = "https://na-west-1.cloud.dwavesys.com/sapi/v2";

  private final URI base;
  private final String token;
  private final Http http;

  public DwaveClient(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token == null ? "" : token;
    this.http = new Http("dwave", Duration.ofSeconds(10), timeout, List.of(() -> this.token));
  }

  private Map<String, String> headers() {
    if (token.isBlank()) {
      throw new ProviderException(
          ProviderException.Kind.AUTH,
          0,
          -1,
          "dwave: no SAPI token is configured (QSTEP_DWAVE_TOKEN)");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Auth-Token", token);
    h.put("Accept", "application/json");
    return h;
  }

  private URI uri(String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }

  /** Every solver the token can use. */
  public List<Solver> solvers() {
    List<Solver> out = new ArrayList<>();
    for (JsonElement e : http.get(uri("/solvers/remote/"), headers()).json().getAsJsonArray()) {
      out.add(solver(e.getAsJsonObject()));
    }
    return out;
  }

  /** One solver. */
  public Solver solver(String id) {
    return solver(
        http.get(uri("/solvers/remote/" + enc(id) + "/"), headers()).json().getAsJsonObject());
  }

  private static Solver solver(JsonObject o) {
    JsonObject p = o.getAsJsonObject("properties");
    JsonArray qs = p.getAsJsonArray("qubits");
    int[] qubits = new int[qs.size()];
    for (int i = 0; i < qubits.length; i++) {
      qubits[i] = qs.get(i).getAsInt();
    }
    JsonArray cs = p.getAsJsonArray("couplers");
    int[][] couplers = new int[cs.size()][];
    for (int i = 0; i < couplers.length; i++) {
      JsonArray c = cs.get(i).getAsJsonArray();
      couplers[i] = new int[] {c.get(0).getAsInt(), c.get(1).getAsInt()};
    }
    long maxReads =
        p.has("num_reads_range") ? p.getAsJsonArray("num_reads_range").get(1).getAsLong() : 0;
    String status = o.has("status") ? o.get("status").getAsString() : "ONLINE";
    return new Solver(
        o.get("id").getAsString(),
        "ONLINE".equalsIgnoreCase(status),
        qubits,
        couplers,
        maxReads,
        p.toString());
  }

  /**
   * The {@code qp} encoding of {@code f} placed by {@code embedding}: {lin, quad} in base64. Each
   * variable's linear bias is spread evenly over its chain's qubits, each coupling evenly over the
   * working couplers between the two chains, and every working coupler inside a chain carries the
   * chain penalty {@code 2C·(x_a + x_b − 2·x_a·x_b)} ({@link ChainStrength}); qubits outside every
   * chain are NaN (inactive).
   */
  static String[] encode(Qubo f, Solver s, ChainEmbedding embedding, double chainStrength) {
    Map<Integer, Integer> varOf = new HashMap<>();
    for (int v = 0; v < embedding.variables(); v++) {
      for (int q : embedding.chain(v)) {
        varOf.put(q, v);
      }
    }
    // couplers between each pair of chains, to split the pair's coefficient evenly
    Map<Long, Integer> between = new HashMap<>();
    for (int[] c : s.couplers()) {
      Integer a = varOf.get(c[0]);
      Integer b = varOf.get(c[1]);
      if (a != null && b != null && !a.equals(b)) {
        between.merge(pairKey(a, b), 1, Integer::sum);
      }
    }
    Map<Integer, Double> lin = new HashMap<>();
    for (int v = 0; v < embedding.variables(); v++) {
      int[] chain = embedding.chain(v);
      for (int q : chain) {
        lin.put(q, f.linear(v) / chain.length);
      }
    }
    List<Double> quad = new ArrayList<>();
    for (int[] c : s.couplers()) {
      Integer a = varOf.get(c[0]);
      Integer b = varOf.get(c[1]);
      if (a == null || b == null) {
        continue;
      }
      if (a.equals(b)) {
        lin.merge(c[0], 2 * chainStrength, Double::sum);
        lin.merge(c[1], 2 * chainStrength, Double::sum);
        quad.add(-4 * chainStrength);
      } else {
        quad.add(f.pair(a, b) / between.get(pairKey(a, b)));
      }
    }
    ByteBuffer lb = ByteBuffer.allocate(8 * s.qubits().length).order(ByteOrder.LITTLE_ENDIAN);
    for (int q : s.qubits()) {
      lb.putDouble(lin.getOrDefault(q, Double.NaN));
    }
    ByteBuffer qb = ByteBuffer.allocate(8 * quad.size()).order(ByteOrder.LITTLE_ENDIAN);
    quad.forEach(qb::putDouble);
    Base64.Encoder enc = Base64.getEncoder();
    return new String[] {enc.encodeToString(lb.array()), enc.encodeToString(qb.array())};
  }

  private static long pairKey(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  /**
   * The calls behind one problem: {@code f} placed by {@code embedding} with chain strength {@code
   * chainStrength}; answers are unembedded with ties broken by {@code seed} ({@link Unembedding}).
   */
  public JobOps<Unembedding.Result> job(
      Solver s, Qubo f, ChainEmbedding embedding, double chainStrength, long reads, long seed) {
    String[] qp = encode(f, s, embedding, chainStrength);
    return new JobOps<>() {
      @Override
      public String submit(String clientToken) {
        JsonObject data = new JsonObject();
        data.addProperty("format", "qp");
        data.addProperty("lin", qp[0]);
        data.addProperty("quad", qp[1]);
        JsonObject params = new JsonObject();
        params.addProperty("num_reads", reads);
        JsonObject problem = new JsonObject();
        problem.addProperty("solver", s.id());
        problem.addProperty("type", "qubo");
        problem.add("data", data);
        problem.add("params", params);
        problem.addProperty("label", clientToken);
        JsonArray body = new JsonArray();
        body.add(problem);
        Map<String, String> h = headers();
        h.put("Content-Type", "application/json");
        JsonElement r = http.post(uri("/problems/"), h, body.toString()).json();
        JsonObject st =
            r.isJsonArray() ? r.getAsJsonArray().get(0).getAsJsonObject() : r.getAsJsonObject();
        if (!st.has("id")) {
          throw new ProviderException(
              ProviderException.Kind.REJECTED,
              0,
              -1,
              "dwave: problem rejected: "
                  + (st.has("error_message")
                      ? st.get("error_message").getAsString()
                      : st.toString()));
        }
        return st.get("id").getAsString();
      }

      @Override
      public Optional<String> lookup(String clientToken) {
        JsonElement r = http.get(uri("/problems/?label=" + enc(clientToken)), headers()).json();
        if (r.isJsonArray()) {
          for (JsonElement e : r.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("label") && clientToken.equals(o.get("label").getAsString())) {
              return Optional.of(o.get("id").getAsString());
            }
          }
        }
        return Optional.empty();
      }

      @Override
      public ProviderJob status(String id) {
        JsonObject o =
            http.get(uri("/problems/" + enc(id) + "/"), headers()).json().getAsJsonObject();
        String st = o.has("status") ? o.get("status").getAsString() : "PENDING";
        ProviderJob.State s =
            switch (st) {
              case "COMPLETED" -> ProviderJob.State.COMPLETED;
              case "FAILED" -> ProviderJob.State.FAILED;
              case "CANCELLED" -> ProviderJob.State.CANCELLED;
              case "IN_PROGRESS" -> ProviderJob.State.RUNNING;
              default -> ProviderJob.State.QUEUED;
            };
        double execMs = -1;
        if (o.has("answer") && o.getAsJsonObject("answer").has("timing")) {
          JsonObject t = o.getAsJsonObject("answer").getAsJsonObject("timing");
          if (t.has("qpu_access_time")) {
            execMs = t.get("qpu_access_time").getAsDouble() / 1000.0; // microseconds
          }
        }
        return new ProviderJob(
            id,
            s,
            o.has("error_message") ? o.get("error_message").getAsString() : "",
            time(o, "submitted_on"),
            0,
            time(o, "solved_on"),
            execMs);
      }

      @Override
      public Unembedding.Result fetch(String id) {
        JsonObject o =
            http.get(uri("/problems/" + enc(id) + "/"), headers()).json().getAsJsonObject();
        JsonObject a = o.has("answer") ? o.getAsJsonObject("answer") : null;
        if (a == null) {
          a =
              http.get(uri("/problems/" + enc(id) + "/answer/"), headers())
                  .json()
                  .getAsJsonObject();
        }
        return decode(a, f, embedding, seed);
      }

      @Override
      public void cancel(String id) {
        http.delete(uri("/problems/" + enc(id) + "/"), headers());
      }
    };
  }

  /**
   * Decodes a {@code qp} answer (or a list-format one: {@code solutions} as lists) back to QUBO
   * variables through the chains ({@link Unembedding}); energies are recomputed as {@code f(x)}
   * with the constant, so they are comparable to the classical baseline.
   */
  static Unembedding.Result decode(JsonObject a, Qubo f, ChainEmbedding embedding, long seed) {
    int[] active = ints(a.get("active_variables"));
    long[] occ;
    List<int[]> rows = new ArrayList<>();
    JsonElement sol = a.get("solutions");
    if (sol.isJsonArray()) {
      for (JsonElement r : sol.getAsJsonArray()) {
        JsonArray arr = r.getAsJsonArray();
        int[] row = new int[arr.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = arr.get(i).getAsInt();
        }
        rows.add(row);
      }
    } else {
      byte[] packed = Base64.getDecoder().decode(sol.getAsString());
      int bytesPerRow = (active.length + 7) / 8;
      int nRows = bytesPerRow == 0 ? 0 : packed.length / bytesPerRow;
      for (int r = 0; r < nRows; r++) {
        int[] row = new int[active.length];
        for (int k = 0; k < active.length; k++) {
          int b = packed[r * bytesPerRow + k / 8] & 0xff;
          row[k] = (b >>> (7 - k % 8)) & 1;
        }
        rows.add(row);
      }
    }
    JsonElement occE = a.get("num_occurrences");
    if (occE == null || occE.isJsonNull()) {
      occ = new long[rows.size()];
      java.util.Arrays.fill(occ, 1);
    } else {
      int[] o = ints(occE);
      occ = new long[o.length];
      for (int i = 0; i < o.length; i++) {
        occ[i] = o[i];
      }
    }
    return Unembedding.unembed(rows, active, occ, f, embedding, seed);
  }

  /** A base64 little-endian int32 array, or a JSON list. */
  private static int[] ints(JsonElement e) {
    if (e.isJsonArray()) {
      JsonArray arr = e.getAsJsonArray();
      int[] out = new int[arr.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = arr.get(i).getAsInt();
      }
      return out;
    }
    ByteBuffer b =
        ByteBuffer.wrap(Base64.getDecoder().decode(e.getAsString())).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[b.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getInt();
    }
    return out;
  }

  private static long time(JsonObject o, String k) {
    if (!o.has(k) || o.get(k).isJsonNull()) {
      return 0;
    }
    try {
      return Instant.parse(o.get(k).getAsString()).toEpochMilli();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
