package io.qstep.bench;

import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.tensor.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Peer comparison on seeded layered random circuits ({@link PeerCircuit}: H or RZ on every qubit,
 * then a brickwork of CX, per layer): our {@link StateVectorSimulator} at 1 and 2 threads, Qiskit
 * Aer and qulacs (through {@code bench/peers/peer_bench.py} workers in the venv) at 1 and 2
 * threads, and Strange (single-threaded) until one of its runs takes longer than a limit, all in
 * the same run. Prints one Markdown table and, with {@code --out}, writes it to a file.
 *
 * <p>Every time is a full run from |0…0⟩ including the state's allocation: ours {@code
 * StateVectorSimulator.run} (compilation and fusion included); Aer {@code run(tqc).result()} of the
 * transpiled circuit ending in {@code save_statevector} (transpiling excluded); qulacs {@code
 * QuantumState(n)} + {@code update_quantum_state} (building the circuit excluded). Each width is
 * measured in rounds that visit every engine in turn (so slow drift on a shared machine hits all of
 * them alike): a discarded warm-up round (up to {@code --warmup-max-qubits}), then {@code --rounds}
 * rounds; in a round an engine runs the circuit at least once and until {@code --budget-s} seconds
 * have passed, and its time is the fastest run of all counted rounds. A round starts once other
 * processes leave the machine idle (waiting at most {@code --quiet-wait-s}), and the report counts
 * the rounds that other processes still disturbed ({@link PeerLoad}). {@code --unfused} also times
 * ours with fusion off.
 *
 * <p>Correctness, once per width up to {@code --verify-max} qubits: the fidelity of our final state
 * with Aer's and qulacs' (written by the workers as .npy) must exceed {@code 1 - 1e-9}, and Strange
 * (single precision) must agree to {@code 1e-4} in ⟨Z_q⟩ or {@code 1 - 1e-5} in fidelity.
 *
 * <p>{@code java -Xmx12g -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.PeerBench [--qubits 8,10,...,26] [--depth 10] [--rounds 3] [--rounds-at 26=1]
 * [--budget-s 0.2] [--seed 42] [--verify-max 20] [--strange-limit-s 60] [--strange-max-qubits 20]
 * [--python PATH] [--script bench/peers/peer_bench.py] [--out FILE] [--no-peers] [--no-strange]
 * [--unfused] [--quiet-wait-s 30] [--warmup-max-qubits 24] [--reproduce TEXT]}. Python: {@code
 * --python}, else {@code $QSTEP_PYTHON}, else {@code .venv/bin/python} (made by {@code
 * scripts/setup-python.sh --bench}); {@code scripts/bench-peers.sh} does all of it.
 */
public final class PeerBench {
  static final double FIDELITY_EPS = 1e-9;
  static final double STRANGE_Z_EPS = 1e-4;
  static final double STRANGE_FIDELITY_EPS = 1e-5;

  /** The issue's target: ours at most this many times Aer's time, for these widths. */
  static final double TARGET_RATIO = 1.5;

  static final int TARGET_MIN_QUBITS = 20;

  private static final int[] THREADS = {1, 2};

  /** Parsed command line. */
  record Options(
      List<Integer> qubits,
      int depth,
      int rounds,
      Map<Integer, Integer> roundsAt,
      double budgetSeconds,
      long seed,
      int verifyMax,
      double strangeLimitSeconds,
      int strangeMaxQubits,
      Path python,
      Path script,
      Path out,
      boolean peers,
      boolean strange,
      boolean unfused,
      double quietWaitSeconds,
      int warmUpMaxQubits,
      String reproduce) {

    static Options parse(String[] args) {
      List<Integer> qubits = List.of(8, 10, 12, 14, 16, 18, 20, 22, 24, 26);
      int depth = 10;
      int rounds = 3;
      Map<Integer, Integer> roundsAt = new HashMap<>();
      double budget = 0.2;
      long seed = 42;
      int verifyMax = 20;
      double strangeLimit = 60;
      int strangeMax = 20;
      String env = System.getenv("QSTEP_PYTHON");
      Path python = Path.of(env != null && !env.isBlank() ? env : ".venv/bin/python");
      Path script = Path.of("bench/peers/peer_bench.py");
      Path out = null;
      boolean peers = true;
      boolean strange = true;
      boolean unfused = false;
      double quietWait = 30;
      int warmUpMax = 24;
      String reproduce = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--no-peers" -> peers = false;
          case "--no-strange" -> strange = false;
          case "--unfused" -> unfused = true;
          case "--qubits",
              "--depth",
              "--rounds",
              "--rounds-at",
              "--budget-s",
              "--seed",
              "--verify-max",
              "--strange-limit-s",
              "--strange-max-qubits",
              "--python",
              "--script",
              "--out",
              "--quiet-wait-s",
              "--warmup-max-qubits",
              "--reproduce" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
              case "--qubits" ->
                  qubits = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
              case "--depth" -> depth = Integer.parseInt(v);
              case "--rounds" -> rounds = Integer.parseInt(v);
              case "--rounds-at" -> {
                for (String kv : v.split(",")) {
                  String[] p = kv.split("=");
                  roundsAt.put(Integer.valueOf(p[0]), Integer.valueOf(p[1]));
                }
              }
              case "--budget-s" -> budget = Double.parseDouble(v);
              case "--seed" -> seed = Long.parseLong(v);
              case "--verify-max" -> verifyMax = Integer.parseInt(v);
              case "--strange-limit-s" -> strangeLimit = Double.parseDouble(v);
              case "--strange-max-qubits" -> strangeMax = Integer.parseInt(v);
              case "--python" -> python = Path.of(v);
              case "--script" -> script = Path.of(v);
              case "--out" -> out = Path.of(v);
              case "--quiet-wait-s" -> quietWait = Double.parseDouble(v);
              case "--warmup-max-qubits" -> warmUpMax = Integer.parseInt(v);
              default -> reproduce = v;
            }
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (reproduce == null) {
        reproduce =
            "java -Xmx12g -cp \"bench/target/qstep-bench.jar:bench/target/lib/*\""
                + " io.qstep.bench.PeerBench "
                + String.join(" ", args);
      }
      return new Options(
          qubits,
          depth,
          rounds,
          Map.copyOf(roundsAt),
          budget,
          seed,
          verifyMax,
          strangeLimit,
          strangeMax,
          python,
          script,
          out,
          peers,
          strange,
          unfused,
          quietWait,
          warmUpMax,
          reproduce.strip());
    }

    int roundsFor(int n) {
      return roundsAt.getOrDefault(n, rounds);
    }
  }

  /** Seconds per engine for one width; NaN where not measured. */
  static final class Row {
    final int n;
    final int gates;
    final double[] ours = {Double.NaN, Double.NaN};
    final double[] aer = {Double.NaN, Double.NaN};
    final double[] aerSim = {Double.NaN, Double.NaN};
    final double[] qulacs = {Double.NaN, Double.NaN};
    final double[] oursUnfused = {Double.NaN, Double.NaN};
    double strange = Double.NaN;
    String strangeNote = "";
    int busyRounds;

    /** Strange's ⟨Z_q⟩ (through the adapter) or final state (direct) from a timed run. */
    double[] strangeZ;

    double[] strangeState;
    int rounds;

    Row(int n, int gates) {
      this.n = n;
      this.gates = gates;
    }
  }

  private final Options o;
  private final Path dir;
  private final StateVectorSimulator[] ours = new StateVectorSimulator[THREADS.length];
  private final StateVectorSimulator[] unfused = new StateVectorSimulator[THREADS.length];
  private final PeerWorker[] qulacs = new PeerWorker[THREADS.length];
  private final List<String> checks = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, String> versions = new LinkedHashMap<>();
  private PeerWorker aer;

  private PeerBench(Options o, Path dir) {
    this.o = o;
    this.dir = dir;
    for (int t = 0; t < THREADS.length; t++) {
      ours[t] = new StateVectorSimulator(new SimOptions(THREADS[t], true));
      unfused[t] = new StateVectorSimulator(new SimOptions(THREADS[t], false));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    // Strange logs every run at INFO through java.util.logging.
    Logger.getLogger("").setLevel(Level.WARNING);
    Arrays.stream(Logger.getLogger("").getHandlers()).forEach(h -> h.setLevel(Level.WARNING));

    Path dir = Files.createTempDirectory("qstep-peers");
    PeerBench bench = new PeerBench(o, dir);
    List<Row> rows;
    try {
      rows = bench.run();
    } finally {
      bench.closeWorkers();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }

    String report = report(o, rows, bench.versions, bench.checks, bench.failures);
    System.out.print(report);
    if (o.out() != null) {
      if (o.out().getParent() != null) {
        Files.createDirectories(o.out().getParent());
      }
      Files.writeString(o.out(), report, StandardCharsets.UTF_8);
      System.err.println("wrote " + o.out());
    }
    if (!bench.failures.isEmpty()) {
      System.err.println("CORRECTNESS CHECKS FAILED: " + bench.failures);
      System.exit(1);
    }
  }

  private List<Row> run() throws IOException, InterruptedException {
    List<PeerCircuit> circuits = new ArrayList<>();
    for (int n : o.qubits()) {
      PeerCircuit c = PeerCircuit.layered(n, o.depth(), o.seed());
      Files.writeString(json(dir, n), c.json(), StandardCharsets.UTF_8);
      circuits.add(c);
    }
    System.err.println("circuits in " + dir);
    if (o.peers()) {
      if (!Files.isExecutable(o.python())) {
        throw new IllegalStateException(
            "no Python at "
                + o.python()
                + ": run scripts/setup-python.sh --bench (or pass --python, or --no-peers)");
      }
      aer = new PeerWorker("aer", o.python(), o.script(), "aer", 0);
      versions.put("aer", aer.version());
      for (int t = 0; t < THREADS.length; t++) {
        qulacs[t] = new PeerWorker("qulacs", o.python(), o.script(), "qulacs", THREADS[t]);
      }
      versions.put("qulacs", qulacs[0].version());
    }
    warmUpJit(ours, circuits);

    List<Row> rows = new ArrayList<>();
    boolean strangeOn = o.strange();
    try (PeerStrange strange = new PeerStrange()) {
      for (PeerCircuit pc : circuits) {
        Row row = new Row(pc.numQubits(), pc.gateCount());
        measure(pc, row);
        if (strangeOn && row.n <= o.strangeMaxQubits()) {
          strangeOn = timeStrange(strange, pc, row, o);
        }
        if (row.n <= o.verifyMax()) {
          verify(pc, row);
        }
        row.strangeZ = null;
        row.strangeState = null;
        Files.deleteIfExists(dump("aer", row.n));
        Files.deleteIfExists(dump("qulacs", row.n));
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * Times every engine but Strange on {@code pc} in rounds; the first round also writes the peers'
   * final states for {@link #verify}.
   */
  private void measure(PeerCircuit pc, Row row) throws IOException, InterruptedException {
    int n = pc.numQubits();
    row.rounds = o.roundsFor(n);
    boolean dumpStates = n <= o.verifyMax();
    // Wider states need no warm-up round: by then every engine has run the same code.
    int first = n <= o.warmUpMaxQubits() ? 0 : 1;
    for (int round = first; round <= row.rounds; round++) {
      boolean counted = round > 0;
      if (o.quietWaitSeconds() > 0) {
        PeerLoad.waitForQuiet(o.quietWaitSeconds());
      }
      PeerLoad.Interval load = PeerLoad.start(workerPids());
      for (int t = 0; t < THREADS.length; t++) {
        double s = timeOurs(ours[t], pc, o.budgetSeconds());
        if (counted) {
          keepMin(row.ours, t, s);
        }
      }
      for (int t = 0; o.unfused() && t < THREADS.length; t++) {
        double s = timeOurs(unfused[t], pc, o.budgetSeconds());
        if (counted) {
          keepMin(row.oursUnfused, t, s);
        }
      }
      if (aer != null) {
        Path json = json(dir, n);
        for (int t = 0; t < THREADS.length; t++) {
          Path dump = round == first && dumpStates && t == 0 ? dump("aer", n) : null;
          PeerWorker.Timing a = aer.time(json, THREADS[t], 1, o.budgetSeconds(), dump);
          if (counted && !(a.bestSeconds() >= row.aer[t])) {
            row.aer[t] = a.bestSeconds();
            row.aerSim[t] = a.simSeconds();
          }
        }
        for (int t = 0; t < THREADS.length; t++) {
          Path dump = round == first && dumpStates && t == 0 ? dump("qulacs", n) : null;
          PeerWorker.Timing q = qulacs[t].time(json, THREADS[t], 1, o.budgetSeconds(), dump);
          if (counted) {
            keepMin(row.qulacs, t, q.bestSeconds());
          }
        }
      }
      double others = load.othersCores();
      if (counted && others >= PeerLoad.QUIET_CORES) {
        row.busyRounds++;
      }
      System.err.printf(
          Locale.ROOT,
          "n=%d round %d (others used %.2f cores): best ours %s / %s, aer %s / %s, qulacs %s / %s"
              + " s%n",
          n,
          round,
          others,
          sec(row.ours[0]),
          sec(row.ours[1]),
          sec(row.aer[0]),
          sec(row.aer[1]),
          sec(row.qulacs[0]),
          sec(row.qulacs[1]));
    }
  }

  private List<Long> workerPids() {
    List<Long> pids = new ArrayList<>();
    if (aer != null) {
      pids.add(aer.pid());
    }
    for (PeerWorker q : qulacs) {
      if (q != null) {
        pids.add(q.pid());
      }
    }
    return pids;
  }

  private Path dump(String engine, int n) {
    return dir.resolve(engine + "_" + n + ".npy");
  }

  private void closeWorkers() throws IOException {
    if (aer != null) {
      aer.close();
    }
    for (PeerWorker q : qulacs) {
      if (q != null) {
        q.close();
      }
    }
  }

  private static Path json(Path dir, int n) {
    return dir.resolve("layered_" + n + ".json");
  }

  private static void keepMin(double[] a, int i, double v) {
    if (!(v >= a[i])) {
      a[i] = v;
    }
  }

  /** Until C2 has compiled the kernels: a few seconds of small circuits at both thread counts. */
  private static void warmUpJit(StateVectorSimulator[] sims, List<PeerCircuit> circuits) {
    long end = System.nanoTime() + 3_000_000_000L;
    List<PeerCircuit> small = circuits.stream().filter(c -> c.numQubits() <= 16).toList();
    if (small.isEmpty()) {
      small = List.of(PeerCircuit.layered(16, 10, 1));
    }
    while (System.nanoTime() < end) {
      for (PeerCircuit c : small) {
        for (StateVectorSimulator sim : sims) {
          try (StateVector s = sim.run(c.circuit())) {
            sink += s.amplitudeRe(0);
          }
        }
      }
    }
  }

  /** Defeats dead-code elimination of a run whose state nobody reads. */
  static volatile double sink;

  /** Fastest full run: at least one, and until {@code budget} seconds of runs. */
  private static double timeOurs(StateVectorSimulator sim, PeerCircuit c, double budget) {
    double best = Double.POSITIVE_INFINITY;
    double spent = 0;
    int runs = 0;
    while (runs == 0 || spent < budget) {
      long t0 = System.nanoTime();
      try (StateVector s = sim.run(c.circuit())) {
        sink += s.amplitudeRe(0);
      }
      double dt = (System.nanoTime() - t0) / 1e9;
      best = Math.min(best, dt);
      spent += dt;
      runs++;
    }
    return best;
  }

  /**
   * Times Strange on {@code pc} (the adapter up to its cap, Strange directly beyond): the fastest
   * of up to three runs while a run takes under two seconds, else one run; a run is abandoned at
   * the limit. Returns whether Strange should go on to wider circuits (it finished within the
   * limit).
   */
  private static boolean timeStrange(PeerStrange strange, PeerCircuit pc, Row row, Options o) {
    boolean viaAdapter = pc.numQubits() <= PeerStrange.ADAPTER_MAX_QUBITS;
    long limitMs = (long) (o.strangeLimitSeconds() * 1e3);
    double best = Double.POSITIVE_INFINITY;
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      double[] result =
          viaAdapter
              ? strange.adapter(pc.circuit(), o.seed(), limitMs)
              : PeerStrange.direct(pc.circuit(), limitMs);
      double dt = (System.nanoTime() - t0) / 1e9;
      System.err.printf(
          Locale.ROOT,
          "n=%d strange run %d: %s%n",
          pc.numQubits(),
          run,
          result == null ? "stopped after " + sec(dt) + " s" : sec(dt) + " s");
      if (result == null) {
        break;
      }
      if (viaAdapter) {
        row.strangeZ = result;
      } else {
        row.strangeState = result;
      }
      best = Math.min(best, dt);
      if (dt > 2) {
        break;
      }
    }
    row.strange = best;
    row.strangeNote = viaAdapter ? "" : " †";
    return best < o.strangeLimitSeconds();
  }

  /**
   * Compares our final state (1 and 2 threads) with Aer's and qulacs' (from their dumps) and with
   * Strange's result from its timed run.
   */
  private void verify(PeerCircuit pc, Row row) throws IOException {
    int n = pc.numQubits();
    double[] mine;
    double[] z;
    try (StateVector s = ours[0].run(pc.circuit())) {
      mine = s.amplitudes();
      z = s.expectationsZ();
    }
    double[] mine2;
    try (StateVector s = ours[1].run(pc.circuit())) {
      mine2 = s.amplitudes();
    }
    check(n, "ours 2T vs ours 1T", fidelity(mine, mine2), FIDELITY_EPS);
    if (o.unfused()) {
      try (StateVector s = unfused[0].run(pc.circuit())) {
        check(n, "ours unfused vs fused", fidelity(mine, s.amplitudes()), FIDELITY_EPS);
      }
    }
    if (aer != null) {
      double[] theirs = Npy.read(dump("aer", n)).toDoubleArray();
      check(n, "ours vs Aer", fidelity(mine, theirs), FIDELITY_EPS);
    }
    if (qulacs[0] != null) {
      double[] theirs = Npy.read(dump("qulacs", n)).toDoubleArray();
      check(n, "ours vs qulacs", fidelity(mine, theirs), FIDELITY_EPS);
    }
    if (row.strangeZ != null) {
      double worst = 0;
      for (int q = 0; q < n; q++) {
        worst = Math.max(worst, Math.abs(row.strangeZ[q] - z[q]));
      }
      String line =
          String.format(
              Locale.ROOT, "n=%d: ours vs Strange (adapter), max |Δ⟨Z_q⟩| = %.1e", n, worst);
      checks.add(line);
      if (!(worst <= STRANGE_Z_EPS)) {
        failures.add(line);
      }
    }
    if (row.strangeState != null) {
      check(n, "ours vs Strange (direct)", fidelity(mine, row.strangeState), STRANGE_FIDELITY_EPS);
    }
  }

  private void check(int n, String what, double f, double eps) {
    String line = String.format(Locale.ROOT, "n=%d: %s, 1 - fidelity = %.1e", n, what, 1 - f);
    checks.add(line);
    if (!(f > 1 - eps)) {
      failures.add(line);
    }
  }

  /** |⟨a|b⟩|² / (⟨a|a⟩⟨b|b⟩) for interleaved (re, im) amplitudes. */
  static double fidelity(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double re = 0;
    double im = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i += 2) {
      re += a[i] * b[i] + a[i + 1] * b[i + 1];
      im += a[i] * b[i + 1] - a[i + 1] * b[i];
      na += a[i] * a[i] + a[i + 1] * a[i + 1];
      nb += b[i] * b[i] + b[i + 1] * b[i + 1];
    }
    return (re * re + im * im) / (na * nb);
  }

  // ---------------------------------------------------------------- report

  static String report(
      Options o,
      List<Row> rows,
      Map<String, String> versions,
      List<String> checks,
      List<String> failures) {
    StringBuilder b = new StringBuilder();
    b.append("## Peer comparison: layered random circuits (H, RZ, CX)\n\n");
    b.append(machine()).append('\n');
    if (!versions.isEmpty()) {
      b.append("Peers: ").append(String.join("; ", versions.values())).append(".\n");
    }
    b.append(
        String.format(
            Locale.ROOT,
            "Circuits: %d layers (H or RZ on every qubit, then CX brickwork), seed %d. Times in"
                + " milliseconds: the fastest run of the counted rounds (column `rounds`; a"
                + " discarded warm-up round before them up to %d qubits). A round visits every"
                + " engine in turn, each for ≥ 1 run and ≥ %.2f s, and starts once other processes"
                + " leave the machine idle (waiting ≤ %.0f s); `busy` counts the rounds during"
                + " which other processes still used ≥ "
                + PeerLoad.QUIET_CORES
                + " cores on average (2-thread times suffer most). A time is a full run from |0…0⟩ including allocation (ours: compile"
                + " + fusion included; Aer: transpile excluded, `run(tqc).result()` with"
                + " `save_statevector`; qulacs: `QuantumState` + `update_quantum_state`). Ratios"
                + " > 1: ours is slower.\n\n",
            o.depth(),
            o.seed(),
            o.warmUpMaxQubits(),
            o.budgetSeconds(),
            o.quietWaitSeconds()));
    b.append(
        "| n | gates | rounds | ours 1T | ours 2T | Aer 1T | Aer 2T | qulacs 1T | qulacs 2T |"
            + " Strange 1T | ours/Aer 1T | ours/Aer 2T | ours/qulacs 1T | ours/qulacs 2T |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
              r.n,
              r.gates,
              r.busyRounds == 0 ? r.rounds + "" : r.rounds + " (" + r.busyRounds + " busy)",
              ms(r.ours[0]),
              ms(r.ours[1]),
              ms(r.aer[0]),
              ms(r.aer[1]),
              ms(r.qulacs[0]),
              ms(r.qulacs[1]),
              strangeCell(r, o),
              ratio(r.ours[0], r.aer[0]),
              ratio(r.ours[1], r.aer[1]),
              ratio(r.ours[0], r.qulacs[0]),
              ratio(r.ours[1], r.qulacs[1])));
    }
    if (rows.stream().anyMatch(r -> !r.strangeNote.isEmpty())) {
      b.append(
          "\n† Strange run directly (the same one-gate-per-step program as our `strange` adapter,"
              + " whose capabilities stop at "
              + PeerStrange.ADAPTER_MAX_QUBITS
              + " qubits).\n");
    }
    if (o.strange()) {
      b.append(
          String.format(
              Locale.ROOT,
              "\nStrange: single-threaded, fastest of ≤ 3 runs (1 run once a run takes > 2 s), up to"
                  + " %d qubits and only while a run takes < %.0f s.\n",
              o.strangeMaxQubits(),
              o.strangeLimitSeconds()));
    }

    if (o.unfused()) {
      b.append(
          "\nOurs with fusion off (`SimOptions(threads, false)`: every gate its own kernel, cache"
              + " blocking kept), same rounds:\n\n");
      b.append("| n | ours 1T | unfused 1T | ours 2T | unfused 2T | unfused/fused 1T | 2T |\n");
      b.append("|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s |\n",
                r.n,
                ms(r.ours[0]),
                ms(r.oursUnfused[0]),
                ms(r.ours[1]),
                ms(r.oursUnfused[1]),
                ratio(r.oursUnfused[0], r.ours[0]),
                ratio(r.oursUnfused[1], r.ours[1])));
      }
    }

    if (rows.stream().anyMatch(r -> !Double.isNaN(r.aerSim[0]))) {
      b.append(
          "\nAer's own `time_taken` for the same fastest runs (its simulation without Python"
              + " around it), and ours against it:\n\n");
      b.append("| n | Aer 1T sim | Aer 2T sim | ours/Aer-sim 1T | ours/Aer-sim 2T |\n");
      b.append("|---:|---:|---:|---:|---:|\n");
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s |\n",
                r.n,
                ms(r.aerSim[0]),
                ms(r.aerSim[1]),
                ratio(r.ours[0], r.aerSim[0]),
                ratio(r.ours[1], r.aerSim[1])));
      }
    }

    b.append("\n").append(target(rows)).append('\n');
    b.append("\nCorrectness (widths ≤ ").append(o.verifyMax()).append("): ");
    b.append(failures.isEmpty() ? "all checks passed.\n\n" : "**FAILED**: " + failures + "\n\n");
    for (String c : checks) {
      b.append("- ").append(c).append('\n');
    }
    b.append("\nReproduce: `").append(o.reproduce()).append("`\n");
    return b.toString();
  }

  private static String target(List<Row> rows) {
    List<Row> big = rows.stream().filter(r -> r.n >= TARGET_MIN_QUBITS).toList();
    if (big.isEmpty() || big.stream().allMatch(r -> Double.isNaN(r.aer[0]))) {
      return "Target (ours ≤ 1.5× Aer at n ≥ 20): not measured.";
    }
    List<String> misses = new ArrayList<>();
    for (Row r : big) {
      for (int t = 0; t < THREADS.length; t++) {
        double x = r.ours[t] / r.aer[t];
        if (!(x <= TARGET_RATIO)) {
          misses.add(String.format(Locale.ROOT, "n=%d %dT (%.2f×)", r.n, THREADS[t], x));
        }
      }
    }
    Row worst =
        big.stream()
            .max(
                Comparator.comparingDouble(
                    r -> Math.max(r.ours[0] / r.aer[0], r.ours[1] / r.aer[1])))
            .orElseThrow();
    return misses.isEmpty()
        ? String.format(
            Locale.ROOT,
            "Target (ours ≤ %.1f× Aer at n ≥ %d): **met** at every width and thread count (worst"
                + " n=%d).",
            TARGET_RATIO,
            TARGET_MIN_QUBITS,
            worst.n)
        : String.format(
            Locale.ROOT,
            "Target (ours ≤ %.1f× Aer at n ≥ %d): **missed** at %s.",
            TARGET_RATIO,
            TARGET_MIN_QUBITS,
            String.join(", ", misses));
  }

  private static String machine() {
    String cpu = "unknown CPU";
    String mem = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          mem = String.format(Locale.ROOT, ", %.1f GiB RAM", kib / 1048576.0);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the line says less
    }
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (available to the JVM), %s%s; Java %s (%s), -Xmx%d MiB; %s %s.\n",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        mem,
        Runtime.version(),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  private static String strangeCell(Row r, Options o) {
    if (Double.isNaN(r.strange)) {
      return "—";
    }
    if (Double.isInfinite(r.strange)) {
      return String.format(Locale.ROOT, "> %.0f s%s", o.strangeLimitSeconds(), r.strangeNote);
    }
    return ms(r.strange) + r.strangeNote;
  }

  private static String ms(double seconds) {
    if (Double.isNaN(seconds)) {
      return "—";
    }
    double ms = seconds * 1e3;
    if (ms < 1) {
      return String.format(Locale.ROOT, "%.3f", ms);
    }
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  private static String sec(double seconds) {
    return Double.isNaN(seconds) ? "—" : String.format(Locale.ROOT, "%.4f", seconds);
  }

  private static String ratio(double ours, double peer) {
    return Double.isNaN(ours) || Double.isNaN(peer)
        ? "—"
        : String.format(Locale.ROOT, "%.2f×", ours / peer);
  }
}
