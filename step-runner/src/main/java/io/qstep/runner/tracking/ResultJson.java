package io.qstep.runner.tracking;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepResult;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code result.json} of a step, shared by {@code qstep run --out} and the tracked artifact:
 * provenance (with a {@code qpu} array when QPUs ran), metrics, stage timings, warnings, and each
 * output's dtype, shape and file name ({@code <name>.npy}, or {@code <name>.json} for BYTES).
 */
public final class ResultJson {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private ResultJson() {}

  /** The file an output tensor is written to. */
  public static String fileName(String output, Tensor t) {
    return output + (t.dtype() == DType.BYTES ? ".json" : ".npy");
  }

  public static JsonObject of(StepResult r) {
    JsonObject outputs = new JsonObject();
    for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
      Tensor t = e.getValue();
      JsonObject o = new JsonObject();
      o.addProperty("dtype", t.dtype().name());
      JsonArray shape = new JsonArray();
      for (long d : t.shape()) {
        shape.add(d);
      }
      o.add("shape", shape);
      o.addProperty("file", fileName(e.getKey(), t));
      outputs.add(e.getKey(), o);
    }
    JsonObject root = new JsonObject();
    root.addProperty("request_id", r.requestId());
    root.addProperty("task", r.task());
    root.addProperty("backend", r.backendName());
    root.addProperty("backend_version", r.backendVersion());
    root.addProperty("circuit_version", r.circuitVersion());
    root.addProperty("seed", Long.toUnsignedString(r.seed()));
    root.add("outputs", outputs);
    JsonObject metrics = new JsonObject();
    r.metrics().forEach(metrics::addProperty);
    root.add("metrics", metrics);
    JsonObject timings = new JsonObject();
    r.timingsMs().forEach(timings::addProperty);
    root.add("timings_ms", timings);
    JsonArray warnings = new JsonArray();
    r.warnings().forEach(warnings::add);
    root.add("warnings", warnings);
    if (!r.qpu().isEmpty()) {
      root.add("qpu", qpu(r.qpu()));
    }
    return root;
  }

  /** QPU provenance entries as a JSON array (snake_case keys, as in the proto). */
  public static JsonArray qpu(List<QpuProvenance> entries) {
    JsonArray a = new JsonArray();
    for (QpuProvenance q : entries) {
      JsonObject o = new JsonObject();
      o.addProperty("provider", q.provider());
      o.addProperty("device", q.device());
      o.addProperty("device_version", q.deviceVersion());
      o.addProperty("provider_job_id", q.providerJobId());
      o.addProperty("idempotency_key", q.idempotencyKey());
      o.addProperty("resumed", q.resumed());
      o.addProperty("shots", q.shots());
      o.addProperty("queue_ms", q.queueMs());
      o.addProperty("execution_ms", q.executionMs());
      o.addProperty("cost_estimate_usd", q.costEstimateUsd());
      o.addProperty("calibration_id", q.calibrationId());
      o.addProperty("calibration_unix_ms", q.calibrationUnixMs());
      o.addProperty("calibration_sha256", q.calibrationSha256());
      o.addProperty("transpiled_version", q.transpiledVersion());
      o.add("artifacts", strings(q.artifacts()));
      o.addProperty("failover", q.failover());
      o.add("details", strings(q.details()));
      a.add(o);
    }
    return a;
  }

  /** Reads what {@link #qpu(List)} wrote; a missing array reads as none. */
  public static List<QpuProvenance> qpu(JsonElement e) {
    List<QpuProvenance> out = new ArrayList<>();
    if (e == null || !e.isJsonArray()) {
      return out;
    }
    for (JsonElement x : e.getAsJsonArray()) {
      JsonObject o = x.getAsJsonObject();
      out.add(
          new QpuProvenance(
              str(o, "provider"),
              str(o, "device"),
              str(o, "device_version"),
              str(o, "provider_job_id"),
              str(o, "idempotency_key"),
              o.has("resumed") && o.get("resumed").getAsBoolean(),
              o.has("shots") ? o.get("shots").getAsLong() : 0,
              num(o, "queue_ms"),
              num(o, "execution_ms"),
              num(o, "cost_estimate_usd"),
              str(o, "calibration_id"),
              o.has("calibration_unix_ms") ? o.get("calibration_unix_ms").getAsLong() : 0,
              str(o, "calibration_sha256"),
              str(o, "transpiled_version"),
              map(o, "artifacts"),
              str(o, "failover"),
              map(o, "details")));
    }
    return out;
  }

  private static JsonObject strings(Map<String, String> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }

  private static String str(JsonObject o, String k) {
    return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : "";
  }

  private static double num(JsonObject o, String k) {
    return o.has(k) ? o.get(k).getAsDouble() : 0;
  }

  private static Map<String, String> map(JsonObject o, String k) {
    Map<String, String> m = new LinkedHashMap<>();
    if (o.has(k) && o.get(k).isJsonObject()) {
      o.getAsJsonObject(k).entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
    }
    return m;
  }

  /** {@link #of} as pretty-printed text. */
  public static String text(StepResult r) {
    return GSON.toJson(of(r));
  }
}
