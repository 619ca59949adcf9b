package io.qstep.runner.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.tracking.ResultJson;
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
      for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
        Tensor t = e.getValue();
        Path file = dir.resolve(ResultJson.fileName(e.getKey(), t));
        if (t.dtype() == DType.BYTES) {
          Files.writeString(file, GSON.toJson(t.toStringList()), StandardCharsets.UTF_8);
        } else {
          Npy.write(t, file);
        }
      }
      JsonObject root = ResultJson.of(r);
      Files.writeString(dir.resolve("result.json"), GSON.toJson(root), StandardCharsets.UTF_8);
      return root;
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, "out", "out: cannot write to " + dir + ": " + e.getMessage());
    }
  }
}
