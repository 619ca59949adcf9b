package io.qstep.runner.tracking;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.task.StepResult;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.Map;

/**
 * The {@code result.json} of a step, shared by {@code qstep run --out} and the tracked artifact:
 * provenance, metrics, stage timings, warnings, and each output's dtype, shape and file name
 * ({@code <name>.npy}, or {@code <name>.json} for BYTES).
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
    return root;
  }

  /** {@link #of} as pretty-printed text. */
  public static String text(StepResult r) {
    return GSON.toJson(of(r));
  }
}
