package io.qstep.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.compress.TtSvd;
import io.qstep.runner.stateprep.AmplitudeEncoding;
import io.qstep.runner.stateprep.Encoding;
import io.qstep.runner.stateprep.MpsEncoding;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The tensor-network benchmarks of issue 4, printed as Markdown:
 *
 * <ol>
 *   <li>TT-SVD of a 2^20-element vector at χ = 32 (20 modes of size 2): our EJML TT-SVD next to
 *       TensorLy 0.10.0's {@code tensor_train} (NumPy/LAPACK) on the same vector in the same run,
 *       for a smooth signal (low TT rank) and Gaussian noise (full rank, the worst case): median
 *       time of {@code reps} runs after a warm-up, and the achieved relative error;
 *   <li>state preparation of scikit-learn's 8×8 digits (64 amplitudes, 6 qubits): fidelity vs CX
 *       count of the MPS encoding (1…L staircase layers, optimisation sweeps) next to exact
 *       amplitude encoding (Möttönen, 62 CX), and the CX needed to reach fidelity 0.95 and 0.99.
 * </ol>
 *
 * <p>{@code java -Xmx4g -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.TnBench --python .venv/bin/python --digits .data/digits --out
 * bench/results/tensor-networks.md}
 */
public final class TnBench {
  private TnBench() {}

  public static void main(String[] args) throws Exception {
    String python = null;
    Path digits = null;
    Path out = null;
    int reps = 5;
    int maxLayers = 6;
    int sweeps = 20;
    boolean tt = true;
    int images = Integer.MAX_VALUE;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--python" -> python = args[++i];
        case "--digits" -> digits = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--layers" -> maxLayers = Integer.parseInt(args[++i]);
        case "--sweeps" -> sweeps = Integer.parseInt(args[++i]);
        case "--no-tt" -> tt = false;
        case "--images" -> images = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Java %s, %d processors, max heap %d MiB%n%n",
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20));
    if (tt) {
      ttSvd(md, python, reps);
    }
    if (digits != null) {
      encodings(md, digits, maxLayers, sweeps, images);
    }
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }
  }

  /** A smooth signal on 2^n points: a few Gaussian bumps and a chirp (low TT rank, not trivial). */
  static double[] smooth(int n) {
    int len = 1 << n;
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      double t = (double) i / len;
      x[i] =
          Math.exp(-Math.pow((t - 0.3) / 0.05, 2))
              + 0.5 * Math.exp(-Math.pow((t - 0.7) / 0.1, 2))
              + 0.2 * Math.sin(40 * t * t)
              + 0.1 * t;
    }
    return x;
  }

  static double[] gaussian(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[1 << n];
    for (int i = 0; i < x.length; i++) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      x[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    return x;
  }

  static void ttSvd(StringBuilder md, String python, int reps) throws Exception {
    int n = 20;
    int chi = 32;
    md.append("## TT-SVD of a 2^20-element vector at χ = 32\n\n");
    md.append(
        "20 modes of size 2, bond dimension capped at 32; median of "
            + reps
            + " runs after one warm-up; relative error = ‖x − TT‖_F / ‖x‖_F of the reconstruction."
            + "\n\n");
    md.append(
        "| vector | ours (EJML) ms | ours rel. error | TensorLy 0.10.0 ms | TensorLy rel. error |"
            + " TensorLy / ours |\n");
    md.append("|---|---|---|---|---|---|\n");
    Path dir = Files.createTempDirectory("tnbench");
    for (String name : List.of("smooth", "gaussian")) {
      double[] x = name.equals("smooth") ? smooth(n) : gaussian(n, 1);
      int[] dims = TtSvd.qubitDims(x.length);
      TtSvd.decompose(x, dims, TtSvd.Options.maxBond(chi)); // warm-up
      double[] ms = new double[reps];
      TtSvd.Result r = null;
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        r = TtSvd.decompose(x, dims, TtSvd.Options.maxBond(chi));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      double ours = median(ms);
      double check = relErr(x, r.train().reconstruct());
      String peer = "n/a";
      String peerErr = "n/a";
      String ratio = "n/a";
      if (python != null) {
        Path f = dir.resolve(name + ".npy");
        Npy.write(Tensor.ofDoubles(x, x.length), f);
        JsonObject j =
            runPython(python, "bench/python/tt_tensorly.py", f.toString(), "" + chi, "" + reps);
        if (j != null) {
          double peerMs = j.get("seconds").getAsDouble() * 1e3;
          peer = fmt(peerMs);
          peerErr = String.format(Locale.ROOT, "%.3e", j.get("relative_error").getAsDouble());
          ratio = String.format(Locale.ROOT, "%.2f", peerMs / ours);
        }
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3e (reported %.3e) | %s | %s | %s |%n",
              name,
              fmt(ours),
              check,
              r.relativeError(),
              peer,
              peerErr,
              ratio));
    }
    md.append("\n");
  }

  static JsonObject runPython(String python, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(python);
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || text.isEmpty()) {
      System.err.println("peer failed: " + cmd);
      return null;
    }
    String[] lines = text.split("\n");
    return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
  }

  static void encodings(StringBuilder md, Path dir, int maxLayers, int sweeps, int images)
      throws IOException {
    double[][] all = Npy.read(dir.resolve("digits_x.npy")).toDoubleMatrix();
    double[][] x = Arrays.copyOf(all, Math.min(images, all.length));
    int count = x.length;
    md.append("## State preparation of the 8×8 digits: fidelity vs CX\n\n");
    md.append(
        (count == all.length ? "All " : "The first ")
            + count
            + " images of scikit-learn's digits, 64 pixels = 6 qubits, natural pixel order (row-major,"
            + " qubit 0 = lowest index bit). Fidelity |⟨x̂|C|0⟩|² to the normalised image, checked"
            + " by the state-vector engine in the tests. MPS: L staircase layers (Ran 2020) + "
            + sweeps
            + " optimisation sweeps, every two-qubit gate in SO(4) → 2 CX, the first → 1 CX.\n\n");
    md.append(
        "| encoding | CX per image | mean fidelity | min fidelity | share ≥ 0.95 | share ≥ 0.99 |"
            + " CX vs amplitude | build ms per image |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    long t0 = System.nanoTime();
    int ampCx = 0;
    for (double[] img : x) {
      ampCx = AmplitudeEncoding.encode(img, "x").cxCount();
    }
    double ampMs = (System.nanoTime() - t0) / 1e6 / count;
    md.append(
        String.format(
            Locale.ROOT,
            "| amplitude (Möttönen) | %d | 1 | 1 | 100%% | 100%% | — | %.3f |%n",
            ampCx,
            ampMs));
    for (boolean auto : new boolean[] {false, true}) {
      for (int l = 1; l <= maxLayers; l++) {
        if (auto && l > 4) {
          break;
        }
        double[] f = new double[count];
        int cx = 0;
        long t1 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          Encoding e =
              MpsEncoding.encode(x[i], "x", new MpsEncoding.Options(0, l, sweeps, 0, auto, false))
                  .encoding();
          f[i] = e.fidelity();
          cx = e.cxCount();
        }
        double ms = (System.nanoTime() - t1) / 1e6 / count;
        md.append(
            String.format(
                Locale.ROOT,
                "| MPS%s, %d layer%s | %d | %.4f | %.4f | %.1f%% | %.1f%% | %.1f%% fewer | %.2f |%n",
                auto ? " (auto order)" : "",
                l,
                l == 1 ? "" : "s",
                cx,
                Arrays.stream(f).average().orElse(0),
                Arrays.stream(f).min().orElse(0),
                100 * share(f, 0.95),
                100 * share(f, 0.99),
                100.0 * (ampCx - cx) / ampCx,
                ms));
      }
    }
    md.append("\n");
    md.append(
        "Per image, the fewest CX that reach a fidelity target: MPS with `fidelity` set (layers"
            + " added until the target is met, up to "
            + maxLayers
            + "), optionally with the chain-order search and with pruning (gates of the newest"
            + " layer dropped, re-optimised, while the target holds):\n\n");
    md.append(
        "| target | order | pruning | images reaching it | mean CX | max CX | mean fidelity |"
            + " mean CX vs amplitude (62) | build ms per image |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (double target : new double[] {0.95, 0.99}) {
      for (boolean auto : new boolean[] {false, true}) {
        for (boolean prune : new boolean[] {false, true}) {
          long reached = 0;
          double sum = 0;
          double fsum = 0;
          int max = 0;
          long t1 = System.nanoTime();
          for (int i = 0; i < count; i++) {
            Encoding e =
                MpsEncoding.encode(
                        x[i],
                        "x",
                        new MpsEncoding.Options(0, maxLayers, sweeps, target, auto, prune))
                    .encoding();
            if (e.fidelity() >= target) {
              reached++;
            }
            sum += e.cxCount();
            fsum += e.fidelity();
            max = Math.max(max, e.cxCount());
          }
          double ms = (System.nanoTime() - t1) / 1e6 / count;
          double mean = sum / count;
          md.append(
              String.format(
                  Locale.ROOT,
                  "| F ≥ %.2f | %s | %s | %d / %d | %.1f | %d | %.4f | %.1f%% fewer | %.2f |%n",
                  target,
                  auto ? "auto" : "natural",
                  prune ? "yes" : "no",
                  reached,
                  count,
                  mean,
                  max,
                  fsum / count,
                  100.0 * (ampCx - mean) / ampCx,
                  ms));
        }
      }
    }
    md.append("\n");
  }

  static double share(double[] f, double t) {
    return Arrays.stream(f).filter(v -> v >= t).count() / (double) f.length;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double relErr(double[] x, double[] y) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - y[i]) * (x[i] - y[i]);
      den += x[i] * x[i];
    }
    return Math.sqrt(num / den);
  }

  static String fmt(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
  }
}
