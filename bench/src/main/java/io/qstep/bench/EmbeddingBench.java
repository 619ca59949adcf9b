package io.qstep.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.qpu.dwave.ChainEmbedding;
import io.qstep.runner.qpu.dwave.MinorEmbedding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Minor-embedding time and chain lengths of qstep's {@link MinorEmbedding} on Chimera C(m, m, 4)
 * graphs (complete graphs, sparse random graphs, grids), next to D-Wave's minorminer {@code
 * find_embedding} on the same graphs in the same run. Every embedding (ours and minorminer's) is
 * checked with {@link MinorEmbedding#isValid}. Prints a markdown table (and writes it to {@code
 * --out}).
 *
 * <p>Usage: {@code EmbeddingBench [--reps 3] [--python PATH] [--no-peer] [--out FILE]}. Python:
 * {@code --python}, else {@code $QSTEP_PYTHON}, else {@code .venv/bin/python} (from {@code
 * scripts/setup-python.sh --bench}, which installs minorminer 0.2.22 and dwave-networkx 0.8.19).
 */
public final class EmbeddingBench {
  private EmbeddingBench() {}

  record Case(String name, int m, int n, int[][] edges) {}

  record Run(boolean ok, int maxChain, int qubits, double ms) {}

  static int[][] chimeraQubitsAndCouplers(int m, List<int[]> couplers) {
    int t = 4;
    int[] qs = new int[m * m * 2 * t];
    for (int q = 0; q < qs.length; q++) {
      qs[q] = q;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < t; k++) {
          for (int k2 = 0; k2 < t; k2++) {
            couplers.add(new int[] {idx(m, i, j, 0, k), idx(m, i, j, 1, k2)});
          }
          if (i + 1 < m) {
            couplers.add(new int[] {idx(m, i, j, 0, k), idx(m, i + 1, j, 0, k)});
          }
          if (j + 1 < m) {
            couplers.add(new int[] {idx(m, i, j, 1, k), idx(m, i, j + 1, 1, k)});
          }
        }
      }
    }
    return new int[][] {qs};
  }

  static int idx(int m, int i, int j, int u, int k) {
    return ((i * m + j) * 2 + u) * 4 + k;
  }

  static int[][] complete(int n) {
    List<int[]> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        e.add(new int[] {i, j});
      }
    }
    return e.toArray(new int[0][]);
  }

  static int[][] random(int n, double p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<int[]> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (r.nextDouble() < p) {
          e.add(new int[] {i, j});
        }
      }
    }
    return e.toArray(new int[0][]);
  }

  static int[][] grid(int side) {
    List<int[]> e = new ArrayList<>();
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        if (i + 1 < side) {
          e.add(new int[] {i * side + j, (i + 1) * side + j});
        }
        if (j + 1 < side) {
          e.add(new int[] {i * side + j, i * side + j + 1});
        }
      }
    }
    return e.toArray(new int[0][]);
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("K8", 2, 8, complete(8)));
    c.add(new Case("K12", 4, 12, complete(12)));
    c.add(new Case("K16", 4, 16, complete(16)));
    c.add(new Case("K16", 8, 16, complete(16)));
    c.add(new Case("K24", 8, 24, complete(24)));
    c.add(new Case("K32", 8, 32, complete(32)));
    c.add(new Case("G(40, 0.2)", 8, 40, random(40, 0.2, 1)));
    c.add(new Case("grid 10×10", 8, 100, grid(10)));
    c.add(new Case("G(100, 0.05)", 16, 100, random(100, 0.05, 2)));
    c.add(new Case("K40", 16, 40, complete(40)));
    return c;
  }

  static String python(String flag) {
    if (flag != null) {
      return flag;
    }
    String env = System.getenv("QSTEP_PYTHON");
    return env != null && !env.isBlank() ? env : ".venv/bin/python";
  }

  static final String PEER =
      String.join(
          "\n",
          "import json, sys, time",
          "import dwave_networkx as dnx, minorminer",
          "for line in sys.stdin:",
          "    c = json.loads(line)",
          "    g = dnx.chimera_graph(c['m'])",
          "    best = None",
          "    for r in range(c['reps']):",
          "        t0 = time.perf_counter()",
          "        emb = minorminer.find_embedding(c['edges'], g.edges(), random_seed=1)",
          "        ms = (time.perf_counter() - t0) * 1000",
          "        best = ms if best is None else min(best, ms)",
          "    out = {'ms': best, 'chains': [sorted(emb.get(v, [])) for v in range(c['n'])]}",
          "    print(json.dumps(out), flush=True)");

  public static void main(String[] args) throws Exception {
    int reps = 3;
    String py = null;
    boolean peer = true;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--python" -> py = args[++i];
        case "--no-peer" -> peer = false;
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    Process p = null;
    BufferedReader fromPeer = null;
    OutputStream toPeer = null;
    if (peer) {
      p = new ProcessBuilder(python(py), "-c", PEER).redirectErrorStream(false).start();
      fromPeer =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      toPeer = p.getOutputStream();
    }
    StringBuilder md = new StringBuilder();
    md.append("| problem | hardware | edges | qstep max chain | qstep qubits | qstep ms |")
        .append(" minorminer max chain | minorminer qubits | minorminer ms | time ratio |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Case c : cases()) {
      List<int[]> couplers = new ArrayList<>();
      int[] qubits = chimeraQubitsAndCouplers(c.m(), couplers)[0];
      int[][] cs = couplers.toArray(new int[0][]);
      // warm-up, then the best of reps (same seed: the same embedding each time)
      embed(c, qubits, cs);
      Run ours = null;
      for (int r = 0; r < reps; r++) {
        Run x = embed(c, qubits, cs);
        ours = ours == null || x.ms() < ours.ms() ? x : ours;
      }
      Run theirs = null;
      if (peer) {
        JsonObject req = new JsonObject();
        req.addProperty("m", c.m());
        req.addProperty("n", c.n());
        req.addProperty("reps", reps);
        JsonArray es = new JsonArray();
        for (int[] e : c.edges()) {
          JsonArray a = new JsonArray();
          a.add(e[0]);
          a.add(e[1]);
          es.add(a);
        }
        req.add("edges", es);
        toPeer.write((req + "\n").getBytes(StandardCharsets.UTF_8));
        toPeer.flush();
        JsonObject res = JsonParser.parseString(fromPeer.readLine()).getAsJsonObject();
        JsonArray chains = res.getAsJsonArray("chains");
        int[][] ch = new int[c.n()][];
        boolean ok = true;
        for (int v = 0; v < c.n(); v++) {
          JsonArray a = chains.get(v).getAsJsonArray();
          ch[v] = new int[a.size()];
          for (int k = 0; k < ch[v].length; k++) {
            ch[v][k] = a.get(k).getAsInt();
          }
          ok &= ch[v].length > 0;
        }
        ok =
            ok
                && MinorEmbedding.isValid(
                    new ChainEmbedding(ch, ChainEmbedding.Kind.MINOR), c.edges(), qubits, cs);
        theirs = new Run(ok, maxLen(ch), total(ch), res.get("ms").getAsDouble());
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s (n=%d) | C(%d), %d qubits | %d | %s | %s | %.1f | %s | %s | %s | %s |%n",
              c.name(),
              c.n(),
              c.m(),
              qubits.length,
              c.edges().length,
              ours.ok() ? Integer.toString(ours.maxChain()) : "failed",
              ours.ok() ? Integer.toString(ours.qubits()) : "–",
              ours.ms(),
              theirs == null ? "–" : theirs.ok() ? Integer.toString(theirs.maxChain()) : "failed",
              theirs == null || !theirs.ok() ? "–" : Integer.toString(theirs.qubits()),
              theirs == null ? "–" : String.format(Locale.ROOT, "%.1f", theirs.ms()),
              theirs == null ? "–" : String.format(Locale.ROOT, "%.2f×", ours.ms() / theirs.ms())));
      System.out.print(md.substring(md.lastIndexOf("| " + c.name())));
    }
    if (p != null) {
      toPeer.close();
      p.waitFor();
    }
    System.out.println();
    System.out.println(md);
    if (out != null) {
      Files.writeString(out, md.toString());
    }
  }

  static Run embed(Case c, int[] qubits, int[][] cs) {
    long t0 = System.nanoTime();
    Optional<ChainEmbedding> e =
        MinorEmbedding.find(
            c.n(), c.edges(), qubits, cs, 1, MinorEmbedding.Limits.DEFAULT, () -> {});
    double ms = (System.nanoTime() - t0) / 1e6;
    if (e.isEmpty()) {
      return new Run(false, 0, 0, ms);
    }
    if (!MinorEmbedding.isValid(e.get(), c.edges(), qubits, cs)) {
      throw new AssertionError("invalid embedding for " + c.name());
    }
    return new Run(true, e.get().maxChainLength(), e.get().physicalQubits(), ms);
  }

  static int maxLen(int[][] ch) {
    return Arrays.stream(ch).mapToInt(a -> a.length).max().orElse(0);
  }

  static int total(int[][] ch) {
    return Arrays.stream(ch).mapToInt(a -> a.length).sum();
  }
}
