package io.qstep.runner.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.task.StepResult;
import io.qstep.tensor.DType;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a result as {@code DIR/<output>.npy} (or .json for BYTES) plus {@code result.json}. */
final class ResultFiles {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private ResultFiles() {}

  static JsonObject write(StepResult r, Path dir) {
    try {
      Files.createDirectories(dir);
      JsonObject outputs = new JsonObject();
      for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
        Tensor t = e.getValue();
        String file;
        if (t.dtype() == DType.BYTES) {
          file = e.getKey() + ".json";
          Files.writeString(
              dir.resolve(file), GSON.toJson(t.toStringList()), StandardCharsets.UTF_8);
        } else {
          file = e.getKey() + ".npy";
          Npy.write(t, dir.resolve(file));
        }
        JsonObject o = new JsonObject();
        o.addProperty("dtype", t.dtype().name());
        JsonArray shape = new JsonArray();
        for (long d : t.shape()) {
          shape.add(d);
        }
        o.add("shape", shape);
        o.addProperty("file", file);
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
      Files.writeString(dir.resolve("result.json"), GSON.toJson(root), StandardCharsets.UTF_8);
      return root;
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, "out", "out: cannot write to " + dir + ": " + e.getMessage());
    }
  }
}
