package io.qstep.bench;

import io.qstep.circuit.Circuit;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One 1-qubit gate (H: real 2x2 kernel; RZ: diagonal kernel) on an n-qubit state, on the lowest,
 * middle and highest qubit, next to a {@link System#arraycopy} of the state's bytes (16 x 2^n) in
 * the same run: the memory-bandwidth floor for a pass over the state. Target: gate / copy <= 1.5 on
 * every qubit.
 *
 * <p>Run with {@code org.openjdk.jmh.Main SingleGateBench} for JMH's own report, or run this class
 * for the ratio table: {@code SingleGateBench [n=20,24,26] [threads=1,2] [quick]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms5g", "-Xmx5g"})
public class SingleGateBench {

  /** The gate, its target and the state it acts on. */
  @State(Scope.Benchmark)
  public static class GateState {
    @Param({"20", "24"})
    public int n;

    /** {@code low} = qubit 0, {@code mid} = n/2, {@code high} = n-1. */
    @Param({"low", "mid", "high"})
    public String target;

    @Param({"H", "RZ"})
    public String gate;

    @Param({"1"})
    public int threads;

    StateVectorSimulator sim;
    StateVector state;
    Circuit circuit;

    @Setup(Level.Trial)
    public void setUp() {
      int q =
          switch (target) {
            case "low" -> 0;
            case "mid" -> n / 2;
            case "high" -> n - 1;
            default -> throw new IllegalArgumentException("target: " + target);
          };
      Circuit.Builder b = Circuit.builder(n);
      circuit =
          switch (gate) {
            case "H" -> b.h(q).build();
            case "RZ" -> b.rz(q, 0.3).build();
            default -> throw new IllegalArgumentException("gate: " + gate);
          };
      sim = new StateVectorSimulator(new SimOptions(threads, true));
      state = StateVector.zero(n);
      // spread the amplitude over the whole state so every kernel path does real work
      Circuit.Builder all = Circuit.builder(n);
      for (int i = 0; i < n; i++) {
        all.h(i);
      }
      sim.apply(state, all.build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      state.close();
    }
  }

  /** Two arrays of the state's size. */
  @State(Scope.Benchmark)
  public static class CopyState {
    @Param({"20", "24"})
    public int n;

    double[] src;
    double[] dst;

    @Setup(Level.Trial)
    public void setUp() {
      src = new double[2 << n];
      dst = new double[2 << n];
      Arrays.fill(src, 1e-3);
    }
  }

  @Benchmark
  public StateVector gate(GateState s) {
    s.sim.apply(s.state, s.circuit);
    return s.state;
  }

  @Benchmark
  public double[] copy(CopyState s) {
    System.arraycopy(s.src, 0, s.dst, 0, s.src.length);
    return s.dst;
  }

  /** Runs the benchmark and prints gate time / copy time for each configuration. */
  public static void main(String[] args) throws RunnerException {
    String ns = "20,24";
    String threads = "1";
    String targets = "low,mid,high";
    String gates = "H,RZ";
    boolean quick = false;
    java.util.List<String> extraJvm = new java.util.ArrayList<>();
    for (String a : args) {
      if (a.startsWith("n=")) {
        ns = a.substring(2);
      } else if (a.startsWith("threads=")) {
        threads = a.substring(8);
      } else if (a.startsWith("target=")) {
        targets = a.substring(7);
      } else if (a.startsWith("gate=")) {
        gates = a.substring(5);
      } else if (a.equals("quick")) {
        quick = true;
      } else if (a.startsWith("jvm=")) {
        extraJvm.add(a.substring(4));
      } else {
        throw new IllegalArgumentException(
            "usage: SingleGateBench [n=20,24] [threads=1,2] [target=low,mid,high] [gate=H,RZ]"
                + " [quick] [jvm=-XX:...]");
      }
    }
    int maxN = 0;
    for (String n : ns.split(",")) {
      maxN = Math.max(maxN, Integer.parseInt(n.trim()));
    }
    // state + copy source + copy destination, with room to spare
    long heapMib = Math.max(1024, 3 * (16L << maxN) / (1 << 20) + 1024);
    ChainedOptionsBuilder opt =
        new OptionsBuilder()
            .include(SingleGateBench.class.getName() + "\\.")
            .param("n", ns.split(","))
            .param("threads", threads.split(","))
            .param("target", targets.split(","))
            .param("gate", gates.split(","))
            .jvmArgsAppend("-Xms" + heapMib + "m", "-Xmx" + heapMib + "m");
    if (!extraJvm.isEmpty()) {
      java.util.List<String> all = new java.util.ArrayList<>(extraJvm);
      all.add("-Xms" + heapMib + "m");
      all.add("-Xmx" + heapMib + "m");
      opt.jvmArgsAppend(all.toArray(new String[0]));
    }
    if (quick) {
      opt.warmupIterations(2).measurementIterations(3);
    }
    Collection<RunResult> results = new Runner(opt.build()).run();
    printRatios(results);
  }

  private static void printRatios(Collection<RunResult> results) {
    Map<String, Double> copyMs = new TreeMap<>();
    Map<String, Double> copyErr = new TreeMap<>();
    List<RunResult> gates = new ArrayList<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      if (label.endsWith(".copy")) {
        copyMs.put(r.getParams().getParam("n"), r.getPrimaryResult().getScore());
        copyErr.put(r.getParams().getParam("n"), r.getPrimaryResult().getScoreError());
      } else {
        gates.add(r);
      }
    }
    System.out.println();
    System.out.println(
        "| n | gate | target qubit | threads | gate ms (± 99.9%) | copy ms (± 99.9%) | gate / copy |");
    System.out.println(
        "|---|------|--------------|---------|-------------------|-------------------|-------------|");
    for (RunResult r : gates) {
      String n = r.getParams().getParam("n");
      int qubits = Integer.parseInt(n);
      String target = r.getParams().getParam("target");
      int q =
          switch (target) {
            case "low" -> 0;
            case "mid" -> qubits / 2;
            default -> qubits - 1;
          };
      double ms = r.getPrimaryResult().getScore();
      double err = r.getPrimaryResult().getScoreError();
      double copy = copyMs.getOrDefault(n, Double.NaN);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %d (%s) | %s | %.3f ± %.3f | %.3f ± %.3f | %.2f |%n",
          n,
          r.getParams().getParam("gate"),
          q,
          target,
          r.getParams().getParam("threads"),
          ms,
          err,
          copy,
          copyErr.getOrDefault(n, Double.NaN),
          ms / copy);
    }
  }
}
