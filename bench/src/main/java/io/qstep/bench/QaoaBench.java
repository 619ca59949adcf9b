package io.qstep.bench;

import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.grpc.StepServer;
import io.qstep.runner.qaoa.DiagonalQaoa;
import io.qstep.runner.qaoa.MaxCutGraph;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.qaoa.QaoaSolver;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The QAOA benchmarks of issue 3, printed as Markdown:
 *
 * <ol>
 *   <li>one QAOA layer (cost + mixer, from |+⟩) on a random 3-regular graph, n = 16…26: ours (the
 *       diagonal fast path) next to QOKit and Qiskit Aer on the same graph in the same run ({@code
 *       bench/python/qaoa_layer.py} through the venv's Python, when it is there);
 *   <li>expected approximation ratios ⟨C⟩/C_max at p = 1, 2, 3 on random 3-regular graphs, n =
 *       12…20, next to the published worst-case bounds 0.6924, 0.7559, 0.7924;
 *   <li>the end-to-end {@code maxcut} step (n = 16, p = 2, shadow baseline) over gRPC on loopback:
 *       median and p99 latency.
 * </ol>
 *
 * <p>{@code java -Xmx6g -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.QaoaBench [maxN] [calls] [python]}
 */
public final class QaoaBench {
  static final double[] BOUNDS = {0.6924, 0.7559, 0.7924};

  private QaoaBench() {}

  public static void main(String[] args) throws Exception {
    int maxN = args.length > 0 ? Integer.parseInt(args[0]) : 26;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String python = args.length > 2 ? args[2] : ".venv/bin/python";
    System.out.printf(
        Locale.ROOT,
        "Java %s, %d processors, max heap %d MiB%n%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    layers(maxN, python);
    ratios();
    endToEnd(calls);
  }

  /**
   * A random 3-regular graph on n (even) vertices: random stub matchings, rejected until simple.
   */
  static double[] random3Regular(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    while (true) {
      int[] stubs = new int[3 * n];
      for (int i = 0; i < stubs.length; i++) {
        stubs[i] = i / 3;
      }
      for (int i = stubs.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = stubs[i];
        stubs[i] = stubs[j];
        stubs[j] = t;
      }
      double[] w = new double[n * n];
      boolean ok = true;
      for (int i = 0; i < stubs.length && ok; i += 2) {
        int a = stubs[i];
        int b = stubs[i + 1];
        if (a == b || w[a * n + b] != 0) {
          ok = false;
        } else {
          w[a * n + b] = 1;
          w[b * n + a] = 1;
        }
      }
      if (ok) {
        return w;
      }
    }
  }

  /** Median of {@code reps} timed single layers, milliseconds, after one warm-up. */
  static double ourLayerMs(DiagonalQaoa sim, int reps) {
    double[] g = {0.4};
    double[] b = {0.3};
    sim.prepare(g, b);
    double[] ms = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      sim.prepare(g, b);
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[reps / 2];
  }

  static void layers(int maxN, String python) throws Exception {
    System.out.println("### One QAOA layer (cost + mixer from |+⟩), random 3-regular graph");
    System.out.println();
    System.out.println("| n | ours (ms) | QOKit (ms) | Qiskit Aer (ms) | ours vs QOKit |");
    System.out.println("|---|---|---|---|---|");
    boolean peers = Files.isExecutable(Path.of(python));
    for (int n = 16; n <= maxN; n += 2) {
      double[] w = random3Regular(n, 1000 + n);
      MaxCutGraph g = new MaxCutGraph(n, w);
      double[] cuts = g.qubo().costVector();
      DiagonalQaoa sim = new DiagonalQaoa(n, cuts, true);
      double ours = ourLayerMs(sim, n >= 24 ? 5 : 11);
      cuts = null;
      sim = null;
      System.gc();
      String qokit = "n/a";
      String aer = "n/a";
      String ratio = "";
      if (peers) {
        Path edges = Files.createTempFile("qaoa-edges", ".txt");
        StringBuilder sb = new StringBuilder();
        for (MaxCutGraph.Edge e : g.edges()) {
          sb.append(e.u()).append(' ').append(e.v()).append('\n');
        }
        Files.writeString(edges, sb.toString());
        String[] out = runPython(python, n, edges);
        Files.deleteIfExists(edges);
        qokit = out[0];
        aer = out[1];
        if (!qokit.startsWith("n/a") && !qokit.startsWith("error")) {
          ratio =
              String.format(
                  Locale.ROOT, "%.2f× faster", Double.parseDouble(qokit.split(" ")[0]) / ours);
        }
      }
      System.out.printf(Locale.ROOT, "| %d | %.2f | %s | %s | %s |%n", n, ours, qokit, aer, ratio);
    }
    System.out.println();
  }

  /** Runs the peer script; returns {QOKit ms, Aer ms} as text. */
  static String[] runPython(String python, int n, Path edges) throws Exception {
    Process p =
        new ProcessBuilder(
                python, "bench/python/qaoa_layer.py", Integer.toString(n), edges.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    }
    p.waitFor();
    String qokit = "error";
    String aer = "error";
    for (String l : lines) {
      if (l.startsWith("qokit ")) {
        qokit = l.substring(6).trim();
      } else if (l.startsWith("aer ")) {
        aer = l.substring(4).trim();
      }
    }
    if (qokit.equals("error") && aer.equals("error")) {
      System.err.println(String.join("\n", lines));
    }
    return new String[] {qokit, aer};
  }

  static void ratios() {
    System.out.println(
        "### Expected approximation ratio ⟨C⟩/C_max, random 3-regular graphs (3 per n),"
            + " BOBYQA, interpolated angles");
    System.out.println();
    System.out.println("| n | p = 1 | p = 2 | p = 3 |");
    System.out.println("|---|---|---|---|");
    double[] sum = new double[3];
    double[] worst = {1, 1, 1};
    int count = 0;
    for (int n = 12; n <= 20; n += 2) {
      double[] mean = new double[3];
      for (int s = 0; s < 3; s++) {
        MaxCutGraph g = new MaxCutGraph(n, random3Regular(n, 7 * n + s));
        double[] cuts = g.qubo().costVector();
        double best = Arrays.stream(cuts).max().orElseThrow();
        DiagonalQaoa sim = new DiagonalQaoa(n, cuts, true);
        for (int p = 1; p <= 3; p++) {
          QaoaSolver.Settings settings =
              new QaoaSolver.Settings(
                  p,
                  Minimizer.Method.BOBYQA,
                  QaoaSolver.Init.INTERP,
                  100 + 50 * p,
                  1,
                  0,
                  s,
                  (gm, bt) -> g.closedFormP1(gm, bt));
          double r = QaoaSolver.solve(sim, settings, () -> {}).expectation() / best;
          mean[p - 1] += r / 3;
          worst[p - 1] = Math.min(worst[p - 1], r);
        }
        count++;
      }
      for (int p = 0; p < 3; p++) {
        sum[p] += mean[p];
      }
      System.out.printf(Locale.ROOT, "| %d | %.4f | %.4f | %.4f |%n", n, mean[0], mean[1], mean[2]);
    }
    System.out.printf(
        Locale.ROOT,
        "| lowest of %d graphs | %.4f | %.4f | %.4f |%n",
        count,
        worst[0],
        worst[1],
        worst[2]);
    System.out.printf(
        Locale.ROOT,
        "| published bound | %.4f | %.4f | %.4f |%n%n",
        BOUNDS[0],
        BOUNDS[1],
        BOUNDS[2]);
  }

  static void endToEnd(int calls) throws Exception {
    int n = 16;
    RunnerConfig config = RunnerConfig.defaults();
    double[] w = random3Regular(n, 16);
    try (StepServer server =
            StepServer.onPort(0, config, BackendRegistry.loadDefault(config.maxQubits())).start();
        QStepClient client = QStep.connect("localhost:" + server.port())) {
      StepRequest req =
          StepRequest.builder(MaxCutSpec.of(2))
              .input("weights", Tensor.ofDoubles(w, n, n))
              .seed(1)
              .build();
      StepResult last = null;
      for (int i = 0; i < 5; i++) {
        last = client.run(req);
      }
      double[] ms = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        last = client.run(req);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.println(
          "### End-to-end `maxcut` step over gRPC on loopback (n = 16 random 3-regular, p = 2,"
              + " shadow mode)");
      System.out.println();
      System.out.println(
          "| calls | median (ms) | p99 (ms) | target | approximation ratio | " + "baseline |");
      System.out.println("|---|---|---|---|---|---|");
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %.1f | < 500 ms | %.4f | %s |%n",
          calls,
          ms[calls / 2],
          ms[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)],
          last.metrics().getOrDefault("approximation_ratio", Double.NaN),
          last.metrics().getOrDefault("baseline_optimal", 0.0) > 0 ? "optimal" : "best found");
    }
  }
}
