package io.qstep.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.noise.DensityMatrix;
import io.qstep.runner.noise.DensityMatrixSimulator;
import io.qstep.runner.noise.NoiseModel;
import io.qstep.runner.noise.NoisySimulation;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.stage.StepContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Noisy simulation time vs qubits, printed as Markdown: the density-matrix simulator ({@code
 * noisy-dm}) and Monte-Carlo trajectories ({@code noisy}) on a seeded layered circuit (per layer
 * RY(random) on every qubit, then CX on a brickwork of neighbours) under a uniform IBM-like device
 * (T1 100 µs, T2 80 µs, 1q error 3e-4 / 35.6 ns, CX error 8e-3 / 300 ns, readout 2% / 1%). With
 * {@code --aer PYTHON} the same circuit and noise model run on Qiskit Aer (density_matrix method;
 * statevector method with one shot per trajectory) in the same run, and ⟨Z_i⟩ of both density
 * matrices are compared (an independent check of the simulator and of the noise model).
 *
 * <p>{@code java -Xmx3g -cp "bench/target/qstep-bench.jar:bench/target/lib/*"
 * io.qstep.bench.NoiseBench [--layers 10] [--dm-max 12] [--traj-max 20] [--trajectories 100] [--aer
 * .venv/bin/python]}
 */
public final class NoiseBench {
  static final double T1_US = 100;
  static final double T2_US = 80;
  static final double E1 = 3e-4;
  static final double E2 = 8e-3;
  static final double D1_NS = 35.556;
  static final double D2_NS = 300;

  private NoiseBench() {}

  public static void main(String[] args) throws Exception {
    int layers = 10;
    int dmMax = 12;
    int trajMax = 20;
    int trajectories = 100;
    String python = null;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--layers" -> layers = Integer.parseInt(v);
        case "--dm-max" -> dmMax = Integer.parseInt(v);
        case "--traj-max" -> trajMax = Integer.parseInt(v);
        case "--trajectories" -> trajectories = Integer.parseInt(v);
        case "--aer" -> python = v;
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "Java %s, %d processors, max heap %d MiB; %d layers, %d trajectories%n%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        layers,
        trajectories);
    System.out.println(
        "| n | gates | noisy-dm (ms) | Aer density_matrix (ms) | dm vs Aer | max abs dZ vs Aer"
            + " | noisy, "
            + trajectories
            + " traj. (ms) | Aer statevector, "
            + trajectories
            + " shots (ms) | traj. vs Aer |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int n = 2; n <= trajMax; n += 2) {
      SplittableRandom rng = new SplittableRandom(100 + n);
      double[] angles = new double[layers * n];
      for (int i = 0; i < angles.length; i++) {
        angles[i] = rng.nextDouble(-Math.PI, Math.PI);
      }
      Circuit c = circuit(n, layers, angles);
      NoiseModel model =
          NoiseModel.of(
              CalibrationSnapshot.uniform(n, T1_US, T2_US, 0.02, 0.01, E1, E2, D1_NS, D2_NS));
      String dmMs = "";
      double[] ourZ = null;
      if (n <= dmMax) {
        int reps = n >= 11 ? 3 : n >= 9 ? 5 : 11;
        double[] ms = new double[reps];
        DensityMatrixSimulator sim = new DensityMatrixSimulator(model, SimOptions.defaults());
        try (DensityMatrix warm = sim.run(c, StepContext.unbounded(1))) {
          ourZ = warm.expectationsZ();
        }
        for (int r = 0; r < reps; r++) {
          long t0 = System.nanoTime();
          DensityMatrix rho = sim.run(c, StepContext.unbounded(1));
          ms[r] = (System.nanoTime() - t0) / 1e6;
          rho.close();
        }
        dmMs = fmt(median(ms));
      }
      ExecutionRequest req = ExecutionRequest.exact(c, 5);
      NoisySimulation.execute(
          NoisySimulation.Method.TRAJECTORIES, model, req, StepContext.unbounded(1), 5);
      double[] tms = new double[3];
      for (int r = 0; r < tms.length; r++) {
        long t0 = System.nanoTime();
        NoisySimulation.execute(
            NoisySimulation.Method.TRAJECTORIES,
            model,
            req,
            StepContext.unbounded(1),
            trajectories);
        tms[r] = (System.nanoTime() - t0) / 1e6;
      }
      double trajMs = median(tms);
      String aerDm = "";
      String aerTraj = "";
      String dz = "";
      String dmRatio = "";
      String trajRatio = "";
      if (python != null) {
        JsonObject out = aer(python, n, layers, angles, dmMax, trajectories);
        if (out.has("dm_ms")) {
          double a = out.get("dm_ms").getAsDouble();
          aerDm = fmt(a);
          dmRatio = String.format(Locale.ROOT, "%.2f×", Double.parseDouble(dmMs) / a);
          JsonArray z = out.getAsJsonArray("z");
          double max = 0;
          for (int q = 0; q < n; q++) {
            max = Math.max(max, Math.abs(z.get(q).getAsDouble() - ourZ[q]));
          }
          dz = String.format(Locale.ROOT, "%.1e", max);
        }
        double at = out.get("traj_ms").getAsDouble();
        aerTraj = fmt(at);
        trajRatio = String.format(Locale.ROOT, "%.2f×", trajMs / at);
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %s | %s | %s | %s | %s | %s | %s |%n",
          n,
          c.gates().size(),
          dmMs,
          aerDm,
          dmRatio,
          dz,
          fmt(trajMs),
          aerTraj,
          trajRatio);
    }
  }

  static Circuit circuit(int n, int layers, double[] angles) {
    Circuit.Builder b = Circuit.builder(n);
    int k = 0;
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        b.ry(q, angles[k++]);
      }
      for (int start = 0; start < 2; start++) {
        for (int q = start; q + 1 < n; q += 2) {
          b.cx(q, q + 1);
        }
      }
    }
    return b.build();
  }

  static JsonObject aer(
      String python, int n, int layers, double[] angles, int dmMax, int trajectories)
      throws Exception {
    JsonObject job = new JsonObject();
    job.addProperty("n", n);
    job.addProperty("layers", layers);
    JsonArray a = new JsonArray();
    Arrays.stream(angles).forEach(a::add);
    job.add("angles", a);
    job.addProperty("t1_ns", T1_US * 1e3);
    job.addProperty("t2_ns", T2_US * 1e3);
    job.addProperty("e1", E1);
    job.addProperty("e2", E2);
    job.addProperty("d1_ns", D1_NS);
    job.addProperty("d2_ns", D2_NS);
    job.addProperty("dm_max", dmMax);
    job.addProperty("reps", n >= 11 ? 3 : n >= 9 ? 5 : 11);
    job.addProperty("trajectories", trajectories);
    Path f = Files.createTempFile("noise-job", ".json");
    try {
      Files.writeString(f, job.toString());
      Process p =
          new ProcessBuilder(python, "bench/python/noise_aer.py", f.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        line = r.readLine();
      }
      if (p.waitFor() != 0 || line == null) {
        throw new IllegalStateException("the Aer peer failed for n = " + n);
      }
      return JsonParser.parseString(line).getAsJsonObject();
    } finally {
      Files.deleteIfExists(f);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static String fmt(double ms) {
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f", ms)
        : String.format(Locale.ROOT, "%.2f", ms);
  }
}
