package io.qstep.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.circuit.Param;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Error-mitigation quality and cost (issue 5), printed as Markdown: GHZ, layered random, QAOA and
 * VQE circuits on 4..10 qubits run on {@code noisy-dm} (density matrix, noise of the sample IBM
 * calibration, readout error on the samples) with shots; for each method the mean absolute error of
 * the expectation values against the exact ideal ones, and the extra circuit executions it costs
 * per parameter row. Mitiq 1.1.0 folds and extrapolates the same circuits in the same run (global
 * folding, Richardson at 1, 3, 5), its folded circuits executed on the same backend, so both see
 * identical noise.
 *
 * <p>{@code java -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.MitigationBench widths=4,6,8,10 shots=100000 rows=3 train=40 mlp=true
 * python=.venv/bin/python}
 */
public final class MitigationBench {
  private MitigationBench() {}

  record Case(
      String family,
      int n,
      Circuit template,
      List<String> observables,
      double[] params,
      int rows) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String s : args) {
      int i = s.indexOf('=');
      a.put(s.substring(0, i), s.substring(i + 1));
    }
    int[] widths =
        java.util.Arrays.stream(a.getOrDefault("widths", "4,6,8,10").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    long shots = Long.parseLong(a.getOrDefault("shots", "100000"));
    int rows = Integer.parseInt(a.getOrDefault("rows", "3"));
    int train = Integer.parseInt(a.getOrDefault("train", "40"));
    boolean mlp = Boolean.parseBoolean(a.getOrDefault("mlp", "true"));
    String python = a.getOrDefault("python", ".venv/bin/python");
    String backend = a.getOrDefault("backend", "noisy-dm");
    boolean havePython = Files.isExecutable(Path.of(python));

    List<Case> cases = new ArrayList<>();
    for (int n : widths) {
      cases.add(ghz(n));
      cases.add(layered(n, rows));
      cases.add(qaoa(n, rows));
      cases.add(vqe(n, rows));
    }
    List<String> cols =
        new ArrayList<>(
            List.of(
                a.getOrDefault(
                        "methods",
                        shots == 0
                            ? "none,zne,surrogate"
                            : "none,readout,zne,readout+zne,surrogate,readout+surrogate")
                    .split(",")));
    if (mlp) {
      cols.add("surrogate(mlp)");
    }
    Map<String, double[][]> mitiqValues = Map.of();
    if (havePython && Boolean.parseBoolean(a.getOrDefault("mitiq", "true"))) {
      cols.add("mitiq zne");
    }
    Map<String, double[]> errSum = new LinkedHashMap<>();
    Map<String, double[]> errSumNoGhz = new LinkedHashMap<>();
    Map<String, double[]> extraSum = new LinkedHashMap<>();
    for (String c : cols) {
      errSum.put(c, new double[1]);
      extraSum.put(c, new double[1]);
    }
    StringBuilder table = new StringBuilder();
    table.append("| circuit | n | rows | ").append(String.join(" | ", cols)).append(" |\n");
    table.append("|---|---|---|").append("---|".repeat(cols.size())).append('\n');
    StringBuilder cost = new StringBuilder();
    cost.append("| circuit | n | ").append(String.join(" | ", cols)).append(" |\n");
    cost.append("|---|---|").append("---|".repeat(cols.size())).append('\n');
    try (BackendRegistry reg = BackendRegistry.loadDefault(16)) {
      StepEngine engine = new StepEngine(RunnerConfig.defaults(), reg);
      if (cols.contains("mitiq zne")) {
        long t0 = System.nanoTime();
        mitiqValues = mitiq(engine, cases, backend, shots, python);
        System.err.printf(
            Locale.ROOT, "mitiq (all circuits) %.1fs%n", (System.nanoTime() - t0) / 1e9);
      }
      for (Case c : cases) {
        double[][] ideal = ideal(c);
        Map<String, Double> err = new LinkedHashMap<>();
        Map<String, Double> extra = new LinkedHashMap<>();
        for (String m : cols) {
          long t0 = System.nanoTime();
          double[] v;
          double x;
          if (m.equals("mitiq zne")) {
            v = flat(mitiqValues.get(c.family() + c.n()));
            x = 2; // two folded circuits per row beyond the raw one
          } else {
            Map<String, String> p = new LinkedHashMap<>();
            String method = m.equals("surrogate(mlp)") ? "surrogate" : m;
            p.put("mitigation", method);
            if (m.contains("zne")) {
              p.put("zne_scales", "1,3,5");
              p.put("zne_extrapolator", "richardson");
            }
            if (m.contains("readout")) {
              p.put("readout_calibration", "backend");
            }
            if (m.contains("surrogate")) {
              p.put("surrogate_train", "true");
              p.put("surrogate_train_size", Integer.toString(train));
              p.put("surrogate_non_clifford", a.getOrDefault("keep", "0.3"));
              p.put("surrogate_kind", m.equals("surrogate(mlp)") ? "mlp" : "linear");
            }
            StepResult r = run(engine, c, backend, shots, p);
            v = r.outputs().get("expectations").toDoubleArray();
            x = r.metrics().getOrDefault("mitigation_extra_executions", 0.0) / c.rows();
          }
          double e = meanAbs(v, ideal);
          err.put(m, e);
          extra.put(m, x);
          errSum.get(m)[0] += e;
          if (!c.family().equals("ghz")) {
            errSumNoGhz.computeIfAbsent(m, kk -> new double[1])[0] += e;
          }
          extraSum.get(m)[0] += x;
          System.err.printf(
              Locale.ROOT,
              "%s n=%d %s err=%.4f extra/row=%.1f %.1fs%n",
              c.family(),
              c.n(),
              m,
              e,
              x,
              (System.nanoTime() - t0) / 1e9);
        }
        table.append(String.format(Locale.ROOT, "| %s | %d | %d |", c.family(), c.n(), c.rows()));
        cost.append(String.format(Locale.ROOT, "| %s | %d |", c.family(), c.n()));
        for (String m : cols) {
          table.append(String.format(Locale.ROOT, " %.4f |", err.get(m)));
          cost.append(String.format(Locale.ROOT, " %.1f |", extra.get(m)));
        }
        table.append('\n');
        cost.append('\n');
      }
    }
    StringBuilder summary =
        new StringBuilder(
            "| method | mean abs error | error reduction vs unmitigated | extra executions per row (mean) |\n|---|---|---|---|\n");
    double base = errSum.get("none")[0] / cases.size();
    for (String m : cols) {
      double e = errSum.get(m)[0] / cases.size();
      summary.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.1fx | %.1f |%n",
              m,
              e,
              base / e,
              extraSum.get(m)[0] / cases.size()));
    }
    System.out.println(
        "### Mean absolute error of the expectation values (backend "
            + backend
            + ", "
            + shots
            + " shots)\n");
    System.out.println(table);
    System.out.println("### Extra circuit executions per parameter row\n");
    System.out.println(cost);
    System.out.println("### Summary over all circuits\n");
    System.out.println(summary);
    long noGhz = cases.stream().filter(c -> !c.family().equals("ghz")).count();
    if (noGhz > 0 && errSumNoGhz.containsKey("none")) {
      StringBuilder held =
          new StringBuilder(
              "| method | mean abs error | error reduction vs unmitigated |\n|---|---|---|\n");
      double b0 = errSumNoGhz.get("none")[0] / noGhz;
      for (String m : cols) {
        double e = errSumNoGhz.getOrDefault(m, new double[1])[0] / noGhz;
        held.append(String.format(Locale.ROOT, "| %s | %.4f | %.1fx |%n", m, e, b0 / e));
      }
      System.out.println("### Summary without GHZ (non-Clifford circuits, held-out rows)\n");
      System.out.println(held);
    }
  }

  static StepResult run(
      StepEngine engine, Case c, String backend, long shots, Map<String, String> p) {
    StepRequest.Builder b =
        StepRequest.builder(new CircuitSpec(OpenQasm.toQasm3(c.template()), c.observables()))
            .backend(backend)
            .shots(shots)
            .seed(17);
    if (c.template().isParameterized()) {
      b.input("params", Tensor.ofDoubles(c.params(), c.rows(), c.template().parameters().size()));
    }
    p.forEach(b::parameter);
    return engine.run(b.build());
  }

  /** Mitiq folds every row of every case in one call, we run them, Mitiq extrapolates in one. */
  static Map<String, double[][]> mitiq(
      StepEngine engine, List<Case> cases, String backend, long shots, String python)
      throws Exception {
    Path dir = Files.createTempDirectory("mitiq");
    Gson gson = new Gson();
    Map<String, String> circuits = new LinkedHashMap<>();
    for (Case c : cases) {
      int m = c.template().parameters().size();
      for (int r = 0; r < c.rows(); r++) {
        double[] row = java.util.Arrays.copyOfRange(c.params(), r * m, r * m + m);
        circuits.put(c.family() + c.n() + "_" + r, OpenQasm.toQasm2(c.template().bind(row)));
      }
    }
    JsonObject in = new JsonObject();
    in.add("scales", gson.toJsonTree(new double[] {1, 3, 5}));
    in.add("circuits", gson.toJsonTree(circuits));
    Files.writeString(dir.resolve("in.json"), gson.toJson(in));
    py(python, "fold", dir.resolve("in.json"), dir.resolve("folded.json"));
    JsonObject folded =
        JsonParser.parseString(Files.readString(dir.resolve("folded.json"))).getAsJsonObject();
    Map<String, double[][]> values = new LinkedHashMap<>();
    for (Case c : cases) {
      for (int r = 0; r < c.rows(); r++) {
        String id = c.family() + c.n() + "_" + r;
        var arr = folded.getAsJsonArray(id);
        double[][] perScale = new double[arr.size()][];
        for (int j = 0; j < arr.size(); j++) {
          Circuit fc = OpenQasm.parse(arr.get(j).getAsString());
          StepRequest req =
              StepRequest.builder(new CircuitSpec(OpenQasm.toQasm3(fc), c.observables()))
                  .backend(backend)
                  .shots(shots)
                  .seed(17 + 31L * r + j)
                  .build();
          perScale[j] = engine.run(req).outputs().get("expectations").toDoubleArray();
        }
        values.put(id, perScale);
      }
    }
    JsonObject vin = new JsonObject();
    vin.add("scales", gson.toJsonTree(new double[] {1, 3, 5}));
    vin.add("values", gson.toJsonTree(values));
    Files.writeString(dir.resolve("values.json"), gson.toJson(vin));
    py(python, "extrapolate", dir.resolve("values.json"), dir.resolve("zne.json"));
    JsonObject z =
        JsonParser.parseString(Files.readString(dir.resolve("zne.json"))).getAsJsonObject();
    Map<String, double[][]> out = new LinkedHashMap<>();
    for (Case c : cases) {
      double[][] rows = new double[c.rows()][];
      for (int r = 0; r < c.rows(); r++) {
        rows[r] = gson.fromJson(z.get(c.family() + c.n() + "_" + r), double[].class);
      }
      out.put(c.family() + c.n(), rows);
    }
    return out;
  }

  static void py(String python, String cmd, Path in, Path out) throws Exception {
    Process p =
        new ProcessBuilder(python, "bench/python/mitiq_zne.py", cmd, in.toString(), out.toString())
            .redirectErrorStream(true)
            .start();
    String text =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("mitiq_zne.py " + cmd + " failed: " + text);
    }
  }

  static double[][] ideal(Case c) {
    int m = c.template().parameters().size();
    StateVectorSimulator sim = new StateVectorSimulator(SimOptions.defaults());
    double[][] out = new double[c.rows()][];
    for (int r = 0; r < c.rows(); r++) {
      double[] row = java.util.Arrays.copyOfRange(c.params(), r * m, r * m + m);
      try (StateVector s = sim.run(c.template().bind(row))) {
        out[r] = c.observables().stream().mapToDouble(s::expectationPauli).toArray();
      }
    }
    return out;
  }

  static double meanAbs(double[] v, double[][] ideal) {
    double e = 0;
    int k = ideal[0].length;
    for (int r = 0; r < ideal.length; r++) {
      for (int i = 0; i < k; i++) {
        e += Math.abs(v[r * k + i] - ideal[r][i]);
      }
    }
    return e / v.length;
  }

  static double[] flat(double[][] a) {
    int k = a[0].length;
    double[] f = new double[a.length * k];
    for (int r = 0; r < a.length; r++) {
      System.arraycopy(a[r], 0, f, r * k, k);
    }
    return f;
  }

  /** Z_i Z_{i+1} on neighbours and Z_0. */
  static List<String> zz(int n) {
    List<String> o = new ArrayList<>();
    for (int i = 0; i + 1 < n; i++) {
      StringBuilder sb = new StringBuilder("I".repeat(n));
      sb.setCharAt(i, 'Z');
      sb.setCharAt(i + 1, 'Z');
      o.add(sb.toString());
    }
    o.add("Z" + "I".repeat(n - 1));
    return o;
  }

  static double[] randomParams(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] p = new double[count];
    for (int i = 0; i < count; i++) {
      p[i] = rng.nextDouble() * 2 * Math.PI;
    }
    return p;
  }

  static Case ghz(int n) {
    Circuit.Builder b = Circuit.builder(n).h(0);
    for (int q = 0; q + 1 < n; q++) {
      b.cx(q, q + 1);
    }
    return new Case("ghz", n, b.build(), zz(n), new double[0], 1);
  }

  static Case layered(int n, int rows) {
    Circuit.Builder b = Circuit.builder(n);
    int p = 0;
    for (int l = 0; l < 3; l++) {
      for (int q = 0; q < n; q++) {
        b.ry(q, Param.symbol("a" + p++)).rz(q, Param.symbol("a" + p++));
      }
      for (int q = l & 1; q + 1 < n; q += 2) {
        b.cx(q, q + 1);
      }
    }
    Circuit t = b.build();
    return new Case(
        "layered", n, t, zz(n), randomParams(rows * t.parameters().size(), 100 + n), rows);
  }

  static Case qaoa(int n, int rows) {
    // p = 1 Max-Cut QAOA on a ring: ZZ phases as CX-RZ-CX, RX mixer
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.h(q);
    }
    for (int q = 0; q < n; q++) {
      int r = (q + 1) % n;
      b.cx(q, r).rz(r, Param.symbol("gamma")).cx(q, r);
    }
    for (int q = 0; q < n; q++) {
      b.rx(q, Param.symbol("beta"));
    }
    Circuit t = b.build();
    double[] params = new double[2 * rows];
    SplittableRandom rng = new SplittableRandom(200 + n);
    for (int r = 0; r < rows; r++) {
      // declaration order follows first use: gamma, then beta
      params[2 * r] = 0.2 + 0.8 * rng.nextDouble();
      params[2 * r + 1] = 0.1 + 0.6 * rng.nextDouble();
    }
    return new Case("qaoa", n, t, zz(n), params, rows);
  }

  static Case vqe(int n, int rows) {
    // hardware-efficient ansatz: RY layer, CX ladder, RY layer, CX ladder, RY layer
    Circuit.Builder b = Circuit.builder(n);
    int p = 0;
    for (int rep = 0; rep < 3; rep++) {
      for (int q = 0; q < n; q++) {
        b.ry(q, Param.symbol("t" + p++));
      }
      if (rep < 2) {
        for (int q = 0; q + 1 < n; q++) {
          b.cx(q, q + 1);
        }
      }
    }
    Circuit t = b.build();
    return new Case("vqe", n, t, zz(n), randomParams(rows * t.parameters().size(), 300 + n), rows);
  }
}
