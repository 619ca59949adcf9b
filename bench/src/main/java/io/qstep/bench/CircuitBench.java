package io.qstep.bench;

import com.sun.management.OperatingSystemMXBean;
import io.qstep.circuit.Circuit;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Time per circuit for layered random circuits: per layer H or RZ(random angle) on every qubit,
 * then CX on a brickwork of neighbouring pairs (even offsets on even layers, odd on odd). Seeded,
 * so every run times the same circuits. Prints a Markdown table: threads 1 and 2 with fusion, and
 * threads 1 without fusion, measured back to back in one JVM, with the process's CPU time per
 * wall-clock second during the 2-thread runs (near 2 when both cores were ours; lower means other
 * work on the machine took one, and the speed-up is not the engine's).
 *
 * <p>{@code CircuitBench [n=8,10,...,26] [layers=10] [seconds=2]}. Needs a heap of about {@code 2 x
 * 16 x 2^maxN} bytes: {@code -Xmx4g} up to 26 qubits.
 */
public final class CircuitBench {
  private CircuitBench() {}

  /** The benchmark circuit. */
  static Circuit layered(int n, int layers, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Circuit.Builder b = Circuit.builder(n);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        if (rng.nextBoolean()) {
          b.h(q);
        } else {
          b.rz(q, rng.nextDouble() * 2 * Math.PI);
        }
      }
      for (int q = l & 1; q + 1 < n; q += 2) {
        b.cx(q, q + 1);
      }
    }
    return b.build();
  }

  /** Median milliseconds per circuit run, and the process's CPU time over wall time. */
  record Timing(double medianMs, double cpuPerWall) {}

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** After one warm-up run: at least 3 runs, more until {@code seconds} have passed. */
  static Timing time(StateVectorSimulator sim, Circuit c, double seconds) {
    try (StateVector warm = sim.run(c)) {
      if (warm.norm() < 0.5) {
        throw new IllegalStateException("norm lost");
      }
    }
    List<Double> runs = new ArrayList<>();
    long start = System.nanoTime();
    long cpuStart = OS.getProcessCpuTime();
    long deadline = start + (long) (seconds * 1e9);
    while (runs.size() < 3 || (System.nanoTime() < deadline && runs.size() < 1000)) {
      long t0 = System.nanoTime();
      StateVector s = sim.run(c);
      runs.add((System.nanoTime() - t0) / 1e6);
      s.close();
    }
    double cpu = (double) (OS.getProcessCpuTime() - cpuStart) / (System.nanoTime() - start);
    double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Timing(sorted[sorted.length / 2], cpu);
  }

  public static void main(String[] args) {
    int[] ns = {8, 10, 12, 14, 16, 18, 20, 22, 24, 26};
    int layers = 10;
    double seconds = 2;
    for (String a : args) {
      if (a.startsWith("n=")) {
        ns = Arrays.stream(a.substring(2).split(",")).mapToInt(Integer::parseInt).toArray();
      } else if (a.startsWith("layers=")) {
        layers = Integer.parseInt(a.substring(7));
      } else if (a.startsWith("seconds=")) {
        seconds = Double.parseDouble(a.substring(8));
      } else {
        throw new IllegalArgumentException(
            "usage: CircuitBench [n=8,10,...] [layers=10] [seconds=2]");
      }
    }
    StateVectorSimulator t1 = new StateVectorSimulator(new SimOptions(1, true));
    StateVectorSimulator t2 = new StateVectorSimulator(new SimOptions(2, true));
    StateVectorSimulator t1NoFuse = new StateVectorSimulator(new SimOptions(1, false));
    // warm the JIT on every kernel and both thread paths before anything is timed
    for (StateVectorSimulator sim : List.of(t1, t2, t1NoFuse)) {
      time(sim, layered(10, layers, 1), 1);
      time(sim, layered(16, layers, 2), 1);
    }
    System.out.printf(
        Locale.ROOT,
        "layered circuits, %d layers, %d processors, %s, load average %.2f%n%n",
        layers,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        OS.getSystemLoadAverage());
    System.out.println(
        "| n | gates | 1 thread ms | 2 threads ms | speed-up | CPUs busy (2 threads) |"
            + " 1 thread, no fusion ms | ns / gate / amplitude (1 thread) |");
    System.out.println(
        "|---|-------|-------------|--------------|----------|-----------------------|"
            + "------------------------|----------------------------------|");
    for (int n : ns) {
      Circuit c = layered(n, layers, 1000 + n);
      Timing a = time(t1, c, seconds);
      Timing b = time(t2, c, seconds);
      Timing d = time(t1NoFuse, c, seconds);
      int gates = c.gates().size();
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %s | %s | %.2f | %.2f | %s | %.2f |%n",
          n,
          gates,
          fmt(a.medianMs()),
          fmt(b.medianMs()),
          a.medianMs() / b.medianMs(),
          b.cpuPerWall(),
          fmt(d.medianMs()),
          a.medianMs() * 1e6 / gates / Math.pow(2, n));
    }
    System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n", OS.getSystemLoadAverage());
  }

  private static String fmt(double ms) {
    return ms < 10
        ? String.format(Locale.ROOT, "%.3f", ms)
        : String.format(Locale.ROOT, "%.1f", ms);
  }
}
