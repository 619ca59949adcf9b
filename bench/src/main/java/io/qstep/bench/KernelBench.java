package io.qstep.bench;

import io.qstep.bench.examples.Digits;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.runner.encode.Entanglement;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.encode.FeatureMaps;
import io.qstep.runner.kernel.FidelityKernel;
import io.qstep.task.KernelSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel benchmarks of issue 4, printed as Markdown:
 *
 * <ol>
 *   <li>encoding time per sample: all 1797 digits (64 pixels reduced to 8 features by 2x2 average
 *       pooling and a variance selection, {@link Digits#poolAndSelect}, standing in for PCA)
 *       through each feature map, circuit built in the IR and simulated; median of 5 passes after 2
 *       warm-up passes, and the share spent building circuits;
 *   <li>the exact Gram matrix for N = 50 … 1000 digits on 8 qubits (ZZ map, 2 reps, full
 *       entanglement: 112 CX per state) with 1 and 2 threads, and the whole {@code kernel} step
 *       through the SDK ({@code QStep.local()}, including the RBF baseline and the eigenvalue
 *       check); with {@code peer=PYTHON} a plain NumPy state-vector kernel on the same rows ({@code
 *       bench/python/kernel_numpy.py}) in the same run.
 * </ol>
 *
 * <p>{@code java -Xmx4g -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.KernelBench [digits=DIR] [sizes=50,100,200,500,1000] [peer=.venv/bin/python]}
 */
public final class KernelBench {
  private KernelBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    Path digits =
        Path.of(
            a.getOrDefault(
                "digits", System.getenv().getOrDefault("QSTEP_DIGITS_DIR", ".data/digits")));
    int[] sizes =
        Arrays.stream(a.getOrDefault("sizes", "50,100,200,500,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    String peer = a.get("peer");
    System.out.printf(
        Locale.ROOT,
        "Java %s, %d processors, max heap %d MiB%n%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Digits.Split all = Digits.load(digits, new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1797, 0, 1);
    double[][] x = Digits.poolAndSelect(8).apply(all.xTrain(), new double[0][])[0];
    System.out.println("load average at start: " + loadAverage() + "\n");
    encoding(x);
    gram(x, sizes, peer);
    System.out.println("load average at end: " + loadAverage());
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void encoding(double[][] x) {
    System.out.println(
        "### Encoding time per sample (1797 digits, 64 pixels -> 8 features, 8 qubits)\n");
    System.out.println(
        "| feature map | reps | entanglement | depth | CX | ms / sample | of which building the"
            + " circuit |");
    System.out.println("|---|---|---|---|---|---|---|");
    record Case(String name, int reps, Entanglement ent) {}
    List<Case> cases =
        List.of(
            new Case("zz", 2, Entanglement.FULL),
            new Case("zz", 2, Entanglement.LINEAR),
            new Case("iqp", 2, Entanglement.FULL),
            new Case("angle_ry", 1, Entanglement.FULL));
    for (Case c : cases) {
      FeatureMap map = FeatureMaps.create(c.name(), 8, c.reps(), c.ent(), 0.5);
      FidelityKernel k = new FidelityKernel(map, 1);
      double[] total = new double[5];
      double[] build = new double[5];
      double sink = 0;
      for (int pass = -2; pass < 5; pass++) {
        long t0 = System.nanoTime();
        for (double[] row : x) {
          sink += map.circuit(row).gates().size();
        }
        long t1 = System.nanoTime();
        for (double[] row : x) {
          sink += k.state(row)[0];
        }
        long t2 = System.nanoTime();
        if (pass >= 0) {
          build[pass] = (t1 - t0) / 1e6 / x.length;
          total[pass] = (t2 - t1) / 1e6 / x.length;
        }
      }
      var r = map.report(x[0]);
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %s | %d | %d | %.4f | %.4f |%s%n",
          c.name(),
          c.name().startsWith("angle") ? 1 : c.reps(),
          c.name().startsWith("angle") ? "-" : c.ent().id(),
          r.depth(),
          r.cxCount(),
          median(total),
          median(build),
          sink == 42 ? " " : "");
    }
    System.out.println();
  }

  static void gram(double[][] x, int[] sizes, String peer) throws Exception {
    Map<Integer, Double> peerMs = peer == null ? Map.of() : peer(x, sizes, peer);
    System.out.println(
        "### Exact Gram matrix, 8 qubits (ZZ feature map, 2 reps, full entanglement, 112 CX)\n");
    System.out.println(
        "| N | kernel, 1 thread (ms) | kernel, 2 threads (ms) | of which encoding (2 thr.) |"
            + " whole step via SDK (ms) | validate stage (ms) |"
            + (peer == null ? "" : " NumPy peer (ms) | ours 2 thr. / peer |"));
    System.out.println("|---|---|---|---|---|---|" + (peer == null ? "" : "---|---|"));
    FeatureMap map = FeatureMaps.create("zz", 8, 2, Entanglement.FULL, 1.0);
    try (QStepClient client = QStep.local()) {
      for (int n : sizes) {
        double[] flat = new double[n * 8];
        for (int i = 0; i < n; i++) {
          System.arraycopy(x[i], 0, flat, i * 8, 8);
        }
        double[] one = new double[3];
        double[] two = new double[3];
        double[] enc = new double[3];
        double[] step = new double[3];
        double[] validate = new double[3];
        for (int rep = -1; rep < 3; rep++) {
          long t0 = System.nanoTime();
          new FidelityKernel(map, 1).gram(flat, n, () -> {});
          long t1 = System.nanoTime();
          FidelityKernel.Result r2 = new FidelityKernel(map, 2).gram(flat, n, () -> {});
          long t2 = System.nanoTime();
          StepResult s =
              client.run(
                  StepRequest.builder(new KernelSpec(2, "zz"))
                      .input("x_train", Tensor.ofDoubles(flat, n, 8))
                      .seed(1)
                      .build());
          long t3 = System.nanoTime();
          if (rep >= 0) {
            one[rep] = (t1 - t0) / 1e6;
            two[rep] = (t2 - t1) / 1e6;
            enc[rep] = r2.encodeMs();
            step[rep] = (t3 - t2) / 1e6;
            validate[rep] = s.timingsMs().get("validate");
          }
        }
        String p = "";
        if (peer != null) {
          Double pm = peerMs.get(n);
          p =
              pm == null
                  ? " - | - |"
                  : String.format(Locale.ROOT, " %.1f | %.2f |", pm, median(two) / pm);
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.1f | %.1f | %.1f | %.1f |%s%n",
            n,
            median(one),
            median(two),
            median(enc),
            median(step),
            median(validate),
            p);
      }
    }
    System.out.println();
  }

  /** Runs the NumPy peer on the same rows; total ms (states + Gram) per size. */
  static Map<Integer, Double> peer(double[][] x, int[] sizes, String python) throws Exception {
    Path tmp = Files.createTempFile("kernel-bench", ".npy");
    try {
      Npy.write(Tensor.ofDoubles(x), tmp);
      List<String> cmd = new ArrayList<>();
      cmd.addAll(List.of(python, "bench/python/kernel_numpy.py", "--x", tmp.toString()));
      cmd.addAll(List.of("--reps", "2", "--repeat", "3", "--sizes"));
      cmd.add(String.join(",", Arrays.stream(sizes).mapToObj(Integer::toString).toList()));
      Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Map<Integer, Double> out = new HashMap<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(pr.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("{")) {
            var o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            out.put(o.get("n").getAsInt(), o.get("total_ms").getAsDouble());
          } else {
            System.err.println("peer: " + line);
          }
        }
      }
      pr.waitFor();
      return out;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
