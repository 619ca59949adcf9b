package io.qstep.runner.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.mitigate.MitigationSpec;
import io.qstep.task.StepOptions;
import io.qstep.task.StepRequest;
import io.qstep.task.TaskSpec;
import io.qstep.task.TaskSpecs;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The step flags shared by {@code run} and {@code call}. */
final class StepArgs {
  @Option(
      names = "--task",
      required = true,
      description = "layer, circuit, maxcut, qubo, kernel, vqe or sample.")
  String task;

  @Option(
      names = {"--input", "-i"},
      description = "NAME=FILE: a .npy file, or a .json array of strings for BYTES tensors.")
  Map<String, Path> inputs = new LinkedHashMap<>();

  @Option(names = "--qasm", description = "OpenQASM 2/3 program file (task circuit).")
  Path qasm;

  @Option(
      names = {"--param", "-p"},
      description = "KEY=VALUE task parameter, e.g. depth=2, observables=ZZ,XX.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--backend",
      defaultValue = "",
      description = "Backend name (default statevector).")
  String backend;

  @Option(names = "--shots", defaultValue = "0", description = "Shots; 0 = exact results.")
  long shots;

  @Option(names = "--seed", description = "Seed; drawn and reported when absent.")
  Long seed;

  @Option(names = "--timeout-ms", defaultValue = "0", description = "Step budget, milliseconds.")
  long timeoutMs;

  @Option(names = "--request-id", defaultValue = "", description = "Id echoed in the result.")
  String requestId;

  @Option(names = "--out", required = true, description = "Directory for outputs and result.json.")
  Path out;

  StepRequest toRequest() {
    TaskSpec.Kind kind;
    try {
      kind = TaskSpec.Kind.fromId(task);
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid("task", e.getMessage());
    }
    Map<String, String> p = new LinkedHashMap<>();
    // Mitigation settings are step parameters (RunRequest.parameters), not task fields.
    Map<String, String> stepParams = new LinkedHashMap<>();
    params.forEach((k, v) -> (MitigationSpec.isMitigationKey(k) ? stepParams : p).put(k, v));
    if (qasm != null) {
      p.put("qasm", read(qasm, "qasm"));
    }
    TaskSpec spec = TaskSpecs.fromParameters(kind, p);
    StepRequest.Builder b =
        StepRequest.builder(spec)
            .requestId(requestId)
            .backend(backend)
            .shots(shots)
            .options(new StepOptions(timeoutMs, true, 0));
    if (seed != null) {
      b.seed(seed);
    }
    stepParams.forEach(b::parameter);
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      b.input(e.getKey(), load(e.getKey(), e.getValue()));
    }
    return b.build();
  }

  private static String read(Path file, String field) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          field,
          field + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  static Tensor load(String name, Path file) {
    String field = "inputs[" + name + "]";
    String f = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (f.endsWith(".json")) {
      JsonElement json;
      try {
        json = JsonParser.parseString(read(file, field));
      } catch (com.google.gson.JsonParseException e) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR, field, field + ": " + file + " is not valid JSON");
      }
      if (!json.isJsonArray()) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR, field, field + ": " + file + " must hold a JSON array");
      }
      JsonArray arr = json.getAsJsonArray();
      List<String> strings = new ArrayList<>();
      for (JsonElement el : arr) {
        if (!el.isJsonPrimitive() || !el.getAsJsonPrimitive().isString()) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              field,
              field + ": " + file + " must be an array of strings (a BYTES tensor)");
        }
        strings.add(el.getAsString());
      }
      return Tensor.ofStrings(strings);
    }
    if (!Files.isReadable(file)) {
      throw new QStepException(ErrorReason.INVALID_VALUE, field, field + ": cannot read " + file);
    }
    try {
      return Npy.read(file);
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": cannot read " + file + ": " + e.getMessage());
    } catch (QStepException e) {
      throw new QStepException(e.reason(), field, field + ": " + e.getMessage());
    }
  }
}
