package io.qstep.runner.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.transpile.PhysicalQasm;
import io.qstep.runner.transpile.Target;
import io.qstep.runner.transpile.TranspileOptions;
import io.qstep.runner.transpile.TranspiledCircuit;
import io.qstep.runner.transpile.Transpiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep transpile}: compile an OpenQASM program for a device's gates and coupling map. */
@Command(
    name = "transpile",
    mixinStandardHelpOptions = true,
    description =
        "Transpile OpenQASM 2/3 for a target device (layout, SABRE routing, native gates).")
final class TranspileCommand implements Callable<Integer> {
  @Option(names = "--qasm", required = true, description = "Input OpenQASM 2 or 3 file.")
  Path qasm;

  @Option(
      names = "--target",
      required = true,
      description =
          "ibm-falcon-27 (ibm-heavy-hex-27), ibm-eagle-127, ibm-heron-156, ionq-N, rigetti-RxC,"
              + " line-N, ring-N, grid-RxC, all-N.")
  String target;

  @Option(names = "--out", description = "Output file (default: standard output).")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--layout",
      defaultValue = "sabre",
      description = "sabre | dense | trivial (default ${DEFAULT-VALUE}).")
  String layout;

  @Option(
      names = "--format",
      defaultValue = "openqasm3",
      description =
          "openqasm3 (physical $k qubits, IBM names) | braket (Braket names, verbatim box) |"
              + " logical (canonical OpenQASM 3 on a register; default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--no-optimize", description = "Skip one-qubit merging and pair cancellation.")
  boolean noOptimize;

  @Option(
      names = "--no-resynthesis",
      description = "Skip two-qubit block resynthesis (KAK) and merge-favouring routing trials.")
  boolean noResynthesis;

  @Option(names = "--json", description = "Print the summary as JSON (on standard error).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Target t = Target.named(target);
      TranspileOptions.Layout l = parseLayout(layout);
      String fmt = format.toLowerCase(Locale.ROOT);
      if (!fmt.equals("openqasm3") && !fmt.equals("braket") && !fmt.equals("logical")) {
        throw QStepException.invalid(
            "format", "unknown format '" + format + "'; known: openqasm3, braket, logical");
      }
      String source;
      try {
        source = Files.readString(qasm, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new QStepException(ErrorReason.INVALID_VALUE, "qasm", "cannot read " + qasm);
      }
      Circuit c = OpenQasm.parse(source);
      long t0 = System.nanoTime();
      TranspiledCircuit tc =
          Transpiler.transpile(
              c,
              t,
              TranspileOptions.defaults(seed)
                  .withLayout(l)
                  .withOptimize(!noOptimize)
                  .withResynthesis2q(!noResynthesis));
      double ms = (System.nanoTime() - t0) / 1e6;
      String text =
          switch (fmt) {
            case "braket" -> PhysicalQasm.write(tc, PhysicalQasm.Dialect.BRAKET);
            case "logical" -> OpenQasm.toQasm3(tc.circuit());
            default -> PhysicalQasm.write(tc, PhysicalQasm.Dialect.OPENQASM3);
          };
      if (out != null) {
        try {
          Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new QStepException(ErrorReason.INVALID_VALUE, "out", "cannot write " + out);
        }
      } else {
        stdout.print(text);
        stdout.flush();
      }
      PrintWriter summary = out != null ? stdout : err;
      if (json) {
        JsonObject o = new JsonObject();
        o.addProperty("target", t.name());
        o.addProperty("qubits_in", c.numQubits());
        o.addProperty("swaps", tc.swapCount());
        o.addProperty("two_qubit_gates", tc.twoQubitCount());
        o.addProperty("gates", tc.circuit().gates().size());
        o.addProperty("depth", tc.depth());
        o.addProperty("ms", ms);
        o.add("initial_layout", array(tc.initialLayout()));
        o.add("final_layout", array(tc.finalLayout()));
        JsonObject counts = new JsonObject();
        tc.gateCounts().forEach(counts::addProperty);
        o.add("gate_counts", counts);
        summary.println(new GsonBuilder().create().toJson(o));
      } else {
        summary.printf(
            Locale.ROOT,
            "%s: %d qubits, %d swaps, %d two-qubit gates, %d gates, depth %d, %.1f ms;"
                + " layout %s -> %s%n",
            t.name(),
            c.numQubits(),
            tc.swapCount(),
            tc.twoQubitCount(),
            tc.circuit().gates().size(),
            tc.depth(),
            ms,
            Arrays.toString(tc.initialLayout()),
            Arrays.toString(tc.finalLayout()));
      }
      summary.flush();
      return 0;
    } catch (QStepException e) {
      err.println("qstep: " + StepCommandSupport.oneLine(e));
      return StepCommandSupport.exitCode(e);
    }
  }

  private static TranspileOptions.Layout parseLayout(String s) {
    try {
      return TranspileOptions.Layout.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid(
          "layout", "unknown layout '" + s + "'; known: sabre, dense, trivial");
    }
  }

  private static JsonArray array(int[] xs) {
    JsonArray a = new JsonArray();
    for (int x : xs) {
      a.add(x);
    }
    return a;
  }
}
