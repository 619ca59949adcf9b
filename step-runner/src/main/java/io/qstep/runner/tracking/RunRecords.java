package io.qstep.runner.tracking;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.stage.Calibration;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TaskSpec;
import io.qstep.tensor.DType;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns a finished step into the {@link RunRecord} that shared/DESIGN.md's "Provenance" lists. */
public final class RunRecords {
  /** Outputs larger than this are not attached as artifacts (noted in tag qstep.skipped). */
  public static final long MAX_ARTIFACT_BYTES = 32L << 20;

  /** MLflow's limit on a tag value (conservative: servers since 2.x allow 8000). */
  static final int MAX_TAG_CHARS = 5000;

  /** The metric history of an optimizing task's objective, one point per evaluation. */
  public static final String OPTIMIZER_METRIC = "optimizer_objective";

  private RunRecords() {}

  /** A fresh run key: 32 hex digits. */
  public static String newRunKey() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** The qstep version from the jar manifest ("dev" when run from classes). */
  public static String qstepVersion() {
    String v = RunRecords.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Builds the record of one step.
   *
   * @param req the request
   * @param r what the step returned
   * @param circuit the step's circuit with parameters unbound, or null when it has none
   * @param dest where the run goes
   * @param startMs when the step started, epoch ms
   * @param endMs when it ended, epoch ms
   */
  public static RunRecord of(
      StepRequest req,
      StepResult r,
      Circuit circuit,
      RunRecord.Destination dest,
      long startMs,
      long endMs) {
    return of(req, r, circuit, Calibration.NONE, dest, startMs, endMs);
  }

  /**
   * Builds the record of one step that ran under a backend calibration: tags {@code
   * qstep.calibration_id} (and {@code qstep.calibration_timestamp}, ISO-8601, when known) and a
   * {@code calibration.json} artifact.
   */
  public static RunRecord of(
      StepRequest req,
      StepResult r,
      Circuit circuit,
      Calibration calibration,
      RunRecord.Destination dest,
      long startMs,
      long endMs) {
    return of(req, r, circuit, calibration, dest, startMs, endMs, Map.of(), List.of());
  }

  /**
   * Builds the record of one step that also made artifacts of its own (plots, model files), some of
   * which are to be registered as MLflow model versions. Task artifacts never replace the standard
   * ones (circuit.qasm, result.json, outputs/...).
   */
  public static RunRecord of(
      StepRequest req,
      StepResult r,
      Circuit circuit,
      Calibration calibration,
      RunRecord.Destination dest,
      long startMs,
      long endMs,
      Map<String, byte[]> taskArtifacts,
      List<ModelRegistration> models) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("task", r.task());
    params.put("backend", r.backendName());
    params.put("shots", Long.toString(req.backend().shots()));
    params.put("seed", Long.toUnsignedString(r.seed()));
    taskSettings(req.task(), params);
    req.parameters()
        .forEach((k, v) -> params.putIfAbsent(key(k), clip(v, RunRecord.MAX_PARAM_CHARS)));
    params.putIfAbsent("fuse_gates", Boolean.toString(req.options().fuseGates()));
    for (Map.Entry<String, Tensor> e : req.inputs().entrySet()) {
      Tensor t = e.getValue();
      params.putIfAbsent(key("input_" + e.getKey()), t.dtype().name() + Arrays.toString(t.shape()));
    }

    Map<String, String> tags = new LinkedHashMap<>();
    String runKey = newRunKey();
    tags.put(RunRecord.RUN_KEY_TAG, runKey);
    tags.put("qstep.request_id", r.requestId());
    tags.put("qstep.circuit_version", r.circuitVersion());
    tags.put("qstep.backend_version", r.backendVersion());
    tags.put("qstep.version", qstepVersion());
    String runName = r.task() + "-" + shortId(r.requestId());
    tags.put("mlflow.runName", runName);
    tags.put("mlflow.source.name", "qstep");
    tags.put("mlflow.source.type", "LOCAL");
    if (!dest.parentRunId().isEmpty() && dest.runId().isEmpty()) {
      tags.put("mlflow.parentRunId", dest.parentRunId());
    }
    if (!calibration.isNone()) {
      tags.put("qstep.calibration_id", clip(calibration.id(), MAX_TAG_CHARS));
      calibration.timestamp().ifPresent(t -> tags.put("qstep.calibration_timestamp", t.toString()));
    }
    qpuTags(r.qpu(), tags);
    if (!r.warnings().isEmpty()) {
      tags.put("qstep.warnings", clip(String.join("\n", r.warnings()), MAX_TAG_CHARS));
    }

    List<RunRecord.MetricPoint> metrics = new ArrayList<>();
    r.metrics().forEach((k, v) -> metrics.add(new RunRecord.MetricPoint(key(k), v, endMs, 0)));
    r.timingsMs()
        .forEach(
            (stage, ms) ->
                metrics.add(new RunRecord.MetricPoint(key("time_" + stage + "_ms"), ms, endMs, 0)));
    double[] trace = trace(r);
    for (int i = 0; i < trace.length; i++) {
      metrics.add(new RunRecord.MetricPoint(OPTIMIZER_METRIC, trace[i], endMs, i));
    }

    Map<String, byte[]> artifacts = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    if (circuit != null) {
      artifacts.put("circuit.qasm", OpenQasm.toQasm3(circuit).getBytes(StandardCharsets.UTF_8));
    }
    if (!calibration.isNone()) {
      artifacts.put("calibration.json", calibration.json().getBytes(StandardCharsets.UTF_8));
    }
    artifacts.put("result.json", ResultJson.text(r).getBytes(StandardCharsets.UTF_8));
    if (!r.qpu().isEmpty()) {
      artifacts.put(
          "qpu_provenance.json",
          ResultJson.qpu(r.qpu()).toString().getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
      Tensor t = e.getValue();
      if (t.byteSize() > MAX_ARTIFACT_BYTES) {
        skipped.add(e.getKey() + " (" + t.byteSize() + " bytes > " + MAX_ARTIFACT_BYTES + ")");
        continue;
      }
      artifacts.put("outputs/" + ResultJson.fileName(safe(e.getKey()), t), tensorBytes(t));
    }
    Tensor counts = r.outputs().get("counts");
    if (counts != null && counts.rank() == 2 && counts.dtype() == DType.INT64) {
      try {
        artifacts.put("plots/outcome_histogram.png", OutcomeHistogram.png(counts));
      } catch (IOException | RuntimeException | LinkageError e) {
        // A JDK without fonts or AWT must not cost the run its other records.
        skipped.add("plots/outcome_histogram.png (" + e + ")");
      }
    }
    if (trace.length > 0) {
      try {
        artifacts.put("plots/optimizer_convergence.png", ConvergencePlot.png(trace));
      } catch (IOException | RuntimeException | LinkageError e) {
        skipped.add("plots/optimizer_convergence.png (" + e + ")");
      }
    }
    taskArtifacts.forEach(artifacts::putIfAbsent);
    if (!skipped.isEmpty()) {
      tags.put("qstep.skipped", clip(String.join("; ", skipped), MAX_TAG_CHARS));
    }
    return new RunRecord(
        runKey, runName, startMs, endMs, dest, params, tags, metrics, artifacts, models);
  }

  /**
   * Tags a step that used QPUs: {@code qstep.qpu.provider}, {@code qstep.qpu.device}, {@code
   * qstep.qpu.job_ids} (comma-separated, in execution order), {@code qstep.qpu.transpiled_version}
   * (the distinct ISA circuit versions), {@code qstep.qpu.calibration_id}, and {@code
   * qstep.qpu.failover} when some work ran elsewhere. Queue/execution times and cost are metrics.
   */
  static void qpuTags(List<QpuProvenance> qpu, Map<String, String> tags) {
    if (qpu.isEmpty()) {
      return;
    }
    tags.put("qstep.qpu.provider", joinDistinct(qpu, QpuProvenance::provider));
    tags.put("qstep.qpu.device", joinDistinct(qpu, QpuProvenance::device));
    putIfNotBlank(tags, "qstep.qpu.job_ids", join(qpu, QpuProvenance::providerJobId));
    putIfNotBlank(
        tags, "qstep.qpu.transpiled_version", joinDistinct(qpu, QpuProvenance::transpiledVersion));
    putIfNotBlank(
        tags, "qstep.qpu.calibration_id", joinDistinct(qpu, QpuProvenance::calibrationId));
    putIfNotBlank(tags, "qstep.qpu.failover", joinDistinct(qpu, QpuProvenance::failover));
  }

  private static String join(List<QpuProvenance> qpu, Function<QpuProvenance, String> f) {
    return qpu.stream().map(f).filter(v -> !v.isEmpty()).collect(Collectors.joining(","));
  }

  private static String joinDistinct(List<QpuProvenance> qpu, Function<QpuProvenance, String> f) {
    return qpu.stream()
        .map(f)
        .filter(v -> !v.isEmpty())
        .distinct()
        .collect(Collectors.joining(","));
  }

  private static void putIfNotBlank(Map<String, String> tags, String k, String v) {
    if (!v.isEmpty()) {
      tags.put(k, clip(v, MAX_TAG_CHARS));
    }
  }

  /** The optimizer's objective per evaluation (the {@code trace} output), or none. */
  private static double[] trace(StepResult r) {
    Tensor t = r.outputs().get("trace");
    if (t == null || t.rank() != 1 || !(t.dtype() == DType.FP64 || t.dtype() == DType.FP32)) {
      return new double[0];
    }
    return t.toDoubleArray();
  }

  /** Each component of the task's spec as a param: snake_case name, lists comma-joined. */
  private static void taskSettings(TaskSpec spec, Map<String, String> params) {
    for (RecordComponent c : spec.getClass().getRecordComponents()) {
      if (c.getName().equals("qasm")) {
        continue; // the circuit is an artifact; the text can be long
      }
      Object v;
      try {
        v = c.getAccessor().invoke(spec);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String text =
          v instanceof Collection<?> col
              ? col.stream().map(String::valueOf).collect(Collectors.joining(","))
              : String.valueOf(v);
      params.putIfAbsent(key(snake(c.getName())), clip(text, RunRecord.MAX_PARAM_CHARS));
    }
  }

  private static byte[] tensorBytes(Tensor t) {
    try {
      if (t.dtype() == DType.BYTES) {
        return new com.google.gson.Gson().toJson(t.toStringList()).getBytes(StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.min(t.byteSize() + 128, 1 << 30));
      Npy.write(t, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** A valid MLflow key: letters, digits, '_', '-', '.', ' ' (no '/', which makes folders). */
  static String key(String k) {
    String s = k.replaceAll("[^A-Za-z0-9_.\\- ]", "_");
    return s.isEmpty() ? "_" : s;
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.\\-]", "_").replace("..", "_");
  }

  private static String shortId(String id) {
    String s = safe(id);
    return s.length() > 8 ? s.substring(0, 8) : s;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
