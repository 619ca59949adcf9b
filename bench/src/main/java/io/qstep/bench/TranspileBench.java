package io.qstep.bench;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.transpile.Target;
import io.qstep.runner.transpile.TranspileOptions;
import io.qstep.runner.transpile.TranspiledCircuit;
import io.qstep.runner.transpile.Transpiler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Transpile time and swap / two-qubit-gate counts on a heavy-hex device for QFT-like and random
 * circuits, next to Qiskit's {@code transpile(optimization_level=1..3)} on the same coupling map
 * and basis in the same run. Prints a markdown table (and writes it to {@code --out}).
 *
 * <p>Usage: {@code TranspileBench [--target ibm-eagle-127] [--sizes 10,20,30,50] [--levels 1,2,3]
 * [--reps 3] [--seed 1] [--python PATH] [--no-qiskit] [--out FILE]}. Python: {@code --python}, else
 * {@code $QSTEP_PYTHON}, else {@code .venv/bin/python} (from {@code scripts/setup-python.sh
 * --bench}, which installs qiskit 2.6.1).
 */
public final class TranspileBench {
  private TranspileBench() {}

  /** H on each qubit and controlled phases π/2^(k-j) to every later qubit; no final swaps. */
  static Circuit qft(int n) {
    Circuit.Builder b = Circuit.builder(n);
    for (int j = 0; j < n; j++) {
      b.h(j);
      for (int k = j + 1; k < n; k++) {
        b.cp(k, j, Math.PI / Math.pow(2, k - j));
      }
    }
    return b.build();
  }

  /** {@code layers} layers of random one-qubit gates and CX on a random perfect matching. */
  static Circuit random(int n, int layers, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        switch (r.nextInt(4)) {
          case 0 -> b.h(q);
          case 1 -> b.t(q);
          case 2 -> b.sx(q);
          default -> b.rz(q, r.nextDouble(-Math.PI, Math.PI));
        }
      }
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int i = 0; i + 1 < n; i += 2) {
        b.cx(perm[i], perm[i + 1]);
      }
    }
    return b.build();
  }

  record Row(
      String name,
      int n,
      int inputTwoQ,
      double ms,
      TranspiledCircuit out,
      double plainMs,
      TranspiledCircuit plain) {}

  /** Median wall time (ms) of {@code reps} transpilations after two warm-ups; the last output. */
  static Object[] time(Circuit c, Target target, TranspileOptions o, int reps) {
    TranspiledCircuit tc = null;
    for (int w = 0; w < 2; w++) {
      tc = Transpiler.transpile(c, target, o); // warm-up
    }
    double[] t = new double[reps];
    for (int k = 0; k < reps; k++) {
      long t0 = System.nanoTime();
      tc = Transpiler.transpile(c, target, o);
      t[k] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return new Object[] {t[reps / 2], tc};
  }

  record Peer(double ms, int twoQ, int depth) {}

  public static void main(String[] args) throws Exception {
    String targetName = "ibm-eagle-127";
    int[] sizes = {10, 20, 30, 50};
    String levels = "1,2,3";
    int reps = 3;
    long seed = 1;
    String env = System.getenv("QSTEP_PYTHON");
    Path python = Path.of(env != null && !env.isBlank() ? env : ".venv/bin/python");
    boolean qiskit = true;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--target" -> targetName = args[++i];
        case "--sizes" ->
            sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--levels" -> levels = args[++i];
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--python" -> python = Path.of(args[++i]);
        case "--no-qiskit" -> qiskit = false;
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    Target target = Target.named(targetName);
    Map<String, Circuit> circuits = new LinkedHashMap<>();
    for (int n : sizes) {
      circuits.put(String.format(Locale.ROOT, "qft_%03d", n), qft(n));
    }
    for (int n : sizes) {
      circuits.put(String.format(Locale.ROOT, "random_%03d", n), random(n, 10, 1000 + n));
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Circuit> e : circuits.entrySet()) {
      Circuit c = e.getValue();
      TranspileOptions on = TranspileOptions.defaults(seed);
      Object[] plain = time(c, target, on.withResynthesis2q(false), reps);
      Object[] full = time(c, target, on, reps);
      TranspiledCircuit tc = (TranspiledCircuit) full[1];
      int inTwoQ = 0;
      for (var g : c.gates()) {
        inTwoQ += g.arity() == 2 ? (g.kind().name().equals("CP") ? 2 : 1) : 0;
      }
      rows.add(
          new Row(
              e.getKey(),
              c.numQubits(),
              inTwoQ,
              (Double) full[0],
              tc,
              (Double) plain[0],
              (TranspiledCircuit) plain[1]));
      System.err.printf(
          Locale.ROOT,
          "ours %s: %.1f ms, %d 2q (without 2q resynthesis: %.1f ms, %d 2q)%n",
          e.getKey(),
          (Double) full[0],
          tc.twoQubitCount(),
          (Double) plain[0],
          ((TranspiledCircuit) plain[1]).twoQubitCount());
    }
    Map<String, Peer> peers = new HashMap<>();
    String[] lv = levels.split(",");
    if (qiskit) {
      Path dir = Files.createTempDirectory("transpile-bench");
      StringBuilder tgt = new StringBuilder();
      for (var g : target.basis()) {
        tgt.append(g.qasmName()).append(' ');
      }
      tgt.append('\n');
      for (Target.Edge ed : target.edges()) {
        tgt.append(ed.a()).append(' ').append(ed.b()).append('\n');
        if (!target.directed() || target.entangler().name().equals("CZ")) {
          tgt.append(ed.b()).append(' ').append(ed.a()).append('\n');
        }
      }
      Files.writeString(dir.resolve("target.txt"), tgt.toString());
      for (Map.Entry<String, Circuit> e : circuits.entrySet()) {
        Files.writeString(dir.resolve(e.getKey() + ".qasm"), OpenQasm.toQasm2(e.getValue()));
      }
      Process p =
          new ProcessBuilder(
                  python.toString(),
                  "bench/python/transpile_qiskit.py",
                  dir.toString(),
                  levels,
                  Long.toString(seed),
                  Integer.toString(reps))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.trim().split("\\s+");
          peers.put(
              f[0] + "/" + f[1],
              new Peer(Double.parseDouble(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])));
          System.err.println("qiskit " + line);
        }
      }
      if (p.waitFor() != 0) {
        System.err.println("qiskit peer failed (exit " + p.exitValue() + ")");
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("Target `")
        .append(target.name())
        .append("` (")
        .append(target.numQubits())
        .append(" qubits, basis ")
        .append(target.basis())
        .append(target.directed() ? ", directed" : "")
        .append("), seed ")
        .append(seed)
        .append(", median of ")
        .append(reps)
        .append(" runs. 2q = two-qubit gates in the output (input 2q counts a CP as 2 CX).")
        .append(" \"no resynth\": ours with two-qubit block resynthesis off.\n\n");
    md.append("| circuit | n | input 2q | ours ms | ours swaps | ours 2q | ours depth |");
    for (String l : lv) {
      md.append(" qiskit L").append(l).append(" ms | L").append(l).append(" 2q | L");
      md.append(l).append(" depth |");
    }
    String top = "L" + lv[lv.length - 1];
    md.append(" ours 2q / ").append(top).append(" 2q | no resynth ms | no resynth 2q |");
    md.append(" no resynth 2q / ").append(top).append(" 2q |\n|");
    md.append("---|".repeat(7 + 3 * lv.length + 4)).append('\n');
    for (Row row : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.1f | %d | %d | %d |",
              row.name().replaceAll("_0*", " "),
              row.n(),
              row.inputTwoQ(),
              row.ms(),
              row.out().swapCount(),
              row.out().twoQubitCount(),
              row.out().depth()));
      Peer last = null;
      for (String l : lv) {
        Peer pr = peers.get(row.name() + "/" + l);
        if (pr == null) {
          md.append(" n/a | n/a | n/a |");
        } else {
          md.append(
              String.format(Locale.ROOT, " %.1f | %d | %d |", pr.ms(), pr.twoQ(), pr.depth()));
          last = pr;
        }
      }
      md.append(
          last == null
              ? " n/a |"
              : String.format(
                  Locale.ROOT, " %.2f |", (double) row.out().twoQubitCount() / last.twoQ()));
      md.append(
          String.format(Locale.ROOT, " %.1f | %d |", row.plainMs(), row.plain().twoQubitCount()));
      md.append(
          last == null
              ? " n/a |"
              : String.format(
                  Locale.ROOT, " %.2f |", (double) row.plain().twoQubitCount() / last.twoQ()));
      md.append('\n');
    }
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString());
    }
  }
}
