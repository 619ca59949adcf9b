package io.qstep.runner.stage;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.task.QpuProvenance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Per-step state shared by the stages: the seed, the deadline and cancellation flag, the per-stage
 * wall times and warnings. One instance per step; the stages run on one thread, but {@link #cancel}
 * may be called from any thread.
 */
public final class StepContext {
  private final long seed;
  private final long deadlineNanos;
  private final AtomicReference<ErrorReason> stopped = new AtomicReference<>();
  private final Map<StageName, Double> wallMs = new EnumMap<>(StageName.class);
  private final List<String> warnings = new ArrayList<>();
  private Calibration calibration = Calibration.NONE;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final Map<String, String> parameters;

  /**
   * @param seed the step's seed (the request's, or one drawn and recorded)
   * @param timeoutMs wall-clock budget in milliseconds; {@code <= 0} means none
   */
  public StepContext(long seed, long timeoutMs) {
    this(seed, timeoutMs, Map.of());
  }

  /**
   * @param seed the step's seed (the request's, or one drawn and recorded)
   * @param timeoutMs wall-clock budget in milliseconds; {@code <= 0} means none
   * @param parameters the request's free-form parameters (copied), which backends may read (e.g.
   *     {@code calibration}, {@code noise_scale} of the noisy simulators)
   */
  public StepContext(long seed, long timeoutMs, Map<String, String> parameters) {
    this.parameters = Map.copyOf(parameters);
    this.seed = seed;
    this.deadlineNanos =
        timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000L : Long.MAX_VALUE;
    for (StageName s : StageName.values()) {
      wallMs.put(s, 0.0);
    }
  }

  /** A context with no deadline, for tests and embedded use. */
  public static StepContext unbounded(long seed) {
    return new StepContext(seed, 0);
  }

  public long seed() {
    return seed;
  }

  /** The request's free-form parameters, unmodifiable; empty when none. */
  public Map<String, String> parameters() {
    return parameters;
  }

  private volatile String liveCalibration;

  /**
   * The calibration snapshot (JSON) the runner's live configuration holds for this step's backend
   * (a watched ConfigMap's {@code calibration-<backend>.json}); backends prefer it to their default
   * but not to a request's own {@code calibration}.
   */
  public java.util.Optional<String> liveCalibration() {
    return java.util.Optional.ofNullable(liveCalibration);
  }

  /** Set once by the engine when the step starts. */
  public void setLiveCalibration(String json) {
    this.liveCalibration = json;
  }

  /** Stops the step at its next checkpoint with {@code reason} (CANCELLED or DEADLINE_EXCEEDED). */
  public void cancel(ErrorReason reason) {
    stopped.compareAndSet(null, reason);
  }

  /**
   * Throws when the step was cancelled or ran past its deadline. Long loops call this between units
   * of work (rows, gates).
   */
  public void checkpoint() {
    ErrorReason r = stopped.get();
    if (r == null && System.nanoTime() > deadlineNanos) {
      r = ErrorReason.DEADLINE_EXCEEDED;
    }
    if (r != null) {
      throw new QStepException(
          r,
          null,
          r == ErrorReason.CANCELLED
              ? "step cancelled by the caller"
              : "step ran past its deadline");
    }
  }

  /** Runs {@code body} as stage {@code stage}, adding its wall time. */
  public <T> T time(StageName stage, Supplier<T> body) {
    checkpoint();
    long t0 = System.nanoTime();
    try {
      return body.get();
    } finally {
      addWallMs(stage, (System.nanoTime() - t0) / 1e6);
    }
  }

  /** Adds wall time to a stage (milliseconds). */
  public synchronized void addWallMs(StageName stage, double ms) {
    wallMs.merge(stage, ms, Double::sum);
  }

  /** Wall time per stage in pipeline order, milliseconds; stages that did not run are 0. */
  public synchronized Map<StageName, Double> wallMs() {
    return Collections.unmodifiableMap(new EnumMap<>(wallMs));
  }

  /** Records a non-fatal remark for the result. */
  public synchronized void warn(String warning) {
    if (!warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Records the calibration an execution ran under. The step keeps the first; a different one later
   * (the backend recalibrated mid-step) becomes a warning.
   */
  public synchronized void noteCalibration(Calibration c) {
    if (c.isNone() || c.equals(calibration)) {
      return;
    }
    if (calibration.isNone()) {
      calibration = c;
    } else {
      warn(
          "the backend recalibrated during the step: ran under calibration "
              + calibration.id()
              + " and "
              + c.id());
    }
  }

  /** The calibration the step ran under; {@link Calibration#NONE} for ideal simulators. */
  public synchronized Calibration calibration() {
    return calibration;
  }

  /**
   * Records a metric for the result (queue time, cost estimate, ...); the task's own metric of the
   * same name wins. Values of one name add up across executions when {@code sum} is true.
   */
  public synchronized void metric(String name, double value, boolean sum) {
    if (sum) {
      metrics.merge(name, value, Double::sum);
    } else {
      metrics.put(name, value);
    }
  }

  /** Metrics recorded by stages and backends, in insertion order. */
  public synchronized Map<String, Double> metrics() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  private final List<QpuProvenance> qpu = new ArrayList<>();

  /** Records the provenance of one QPU execution (or of a failover from one). */
  public synchronized void qpu(QpuProvenance p) {
    qpu.add(Objects.requireNonNull(p, "p"));
  }

  /** QPU provenance recorded by backends, in execution order. */
  public synchronized List<QpuProvenance> qpu() {
    return List.copyOf(qpu);
  }

  private final Map<String, byte[]> artifacts = new LinkedHashMap<>();

  /**
   * Records a file for the step's tracked run (e.g. the transpiled circuit a QPU ran); the first
   * content recorded under a path stays.
   *
   * @param path relative, '/'-separated
   */
  public synchronized void artifact(String path, byte[] content) {
    artifacts.putIfAbsent(path, content.clone());
  }

  /** Files recorded by stages and backends, in insertion order. */
  public synchronized Map<String, byte[]> artifacts() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
  }
}
