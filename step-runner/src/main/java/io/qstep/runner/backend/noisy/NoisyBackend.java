package io.qstep.runner.backend.noisy;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.noise.DensityMatrixSimulator;
import io.qstep.runner.noise.NoiseModel;
import io.qstep.runner.noise.NoiseScalable;
import io.qstep.runner.noise.NoisySimulation;
import io.qstep.runner.stage.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A noisy simulator backend: {@code noisy-dm} (exact density matrix) or {@code noisy} (Monte-Carlo
 * trajectories), with the noise of a calibration snapshot. Thread-safe.
 *
 * <p>Request parameters: {@code calibration} (path of a calibration file on the runner, any format
 * {@link Calibrations} reads; default: the backend's), {@code noise_scale} (λ ≥ 0, default 1),
 * {@code trajectories} ({@code noisy} only, default {@value NoisySimulation#DEFAULT_TRAJECTORIES}).
 */
public final class NoisyBackend implements Backend, NoiseScalable {
  static final String VERSION = "qstep-noisy-1";
  private static final int CACHE_ENTRIES = 16;

  private final String name;
  private final NoisySimulation.Method method;
  private final CalibrationSnapshot defaultCalibration;
  private final BackendCapabilities caps;
  private final Map<String, CalibrationSnapshot> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CalibrationSnapshot> e) {
          return size() > CACHE_ENTRIES;
        }
      };

  /**
   * @param name backend name
   * @param method how to simulate
   * @param calibration the default calibration
   * @param maxQubits the server's qubit limit
   */
  public NoisyBackend(
      String name, NoisySimulation.Method method, CalibrationSnapshot calibration, int maxQubits) {
    this.name = name;
    this.method = method;
    this.defaultCalibration = calibration;
    int engineMax =
        method == NoisySimulation.Method.DENSITY_MATRIX
            ? DensityMatrixSimulator.MAX_QUBITS
            : io.qstep.runner.sim.StateVector.MAX_QUBITS;
    this.caps =
        new BackendCapabilities(
            Math.min(engineMax, maxQubits),
            BackendCapabilities.allGates(),
            true,
            true,
            true,
            Long.MAX_VALUE,
            (method == NoisySimulation.Method.DENSITY_MATRIX
                    ? "noisy density-matrix simulator"
                    : "noisy Monte-Carlo trajectory simulator")
                + " (depolarising, T1/T2 relaxation, readout error) under calibration "
                + calibration.backendName()
                + " ("
                + calibration.numQubits()
                + " qubits)");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public BackendCapabilities capabilities() {
    return caps;
  }

  /** The calibration used when a request names none. */
  public CalibrationSnapshot defaultCalibration() {
    return defaultCalibration;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
    return execute(request, ctx, noiseScale(ctx));
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx, double noiseScale) {
    if (!(noiseScale >= 0) || Double.isInfinite(noiseScale)) {
      throw QStepException.invalid(
          "noise_scale", "noise_scale must be a finite number >= 0, got " + noiseScale);
    }
    NoiseModel model = NoiseModel.of(calibration(ctx)).scaled(noiseScale);
    return NoisySimulation.execute(method, model, request, ctx, trajectories(ctx));
  }

  @Override
  public CalibrationSnapshot calibration(StepContext ctx) {
    String path = ctx.parameters().getOrDefault("calibration", "").strip();
    if (path.isEmpty()) {
      java.util.Optional<String> live = ctx.liveCalibration();
      return live.isPresent() ? fromLive(live.get()) : defaultCalibration;
    }
    Path file = Path.of(path);
    String key;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      key = file.toAbsolutePath().normalize() + "|" + a.lastModifiedTime() + "|" + a.size();
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, "calibration", "calibration: cannot read " + path + ": " + e);
    }
    synchronized (cache) {
      CalibrationSnapshot s = cache.get(key);
      if (s != null) {
        return s;
      }
    }
    CalibrationSnapshot s = Calibrations.load(file);
    synchronized (cache) {
      cache.put(key, s);
    }
    return s;
  }

  /** A snapshot from the live configuration (a watched ConfigMap), parsed once per content. */
  private CalibrationSnapshot fromLive(String json) {
    String key = "live|" + json;
    synchronized (cache) {
      CalibrationSnapshot s = cache.get(key);
      if (s != null) {
        return s;
      }
    }
    CalibrationSnapshot s = Calibrations.parse(json);
    synchronized (cache) {
      cache.put(key, s);
    }
    return s;
  }

  static double noiseScale(StepContext ctx) {
    String v = ctx.parameters().get("noise_scale");
    if (v == null || v.isBlank()) {
      return 1;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw QStepException.invalid("noise_scale", "noise_scale is not a number: '" + v + "'");
    }
  }

  int trajectories(StepContext ctx) {
    String v = ctx.parameters().get("trajectories");
    if (v == null || v.isBlank()) {
      return NoisySimulation.DEFAULT_TRAJECTORIES;
    }
    try {
      int t = Integer.parseInt(v.strip());
      if (t < 1 || t > 1_000_000) {
        throw QStepException.invalid(
            "trajectories", "trajectories must be in [1, 1000000], got " + t);
      }
      return t;
    } catch (NumberFormatException e) {
      throw QStepException.invalid("trajectories", "trajectories is not an integer: '" + v + "'");
    }
  }
}
