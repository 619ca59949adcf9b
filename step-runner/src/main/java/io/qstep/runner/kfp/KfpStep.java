package io.qstep.runner.kfp;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.tracking.ResultJson;
import io.qstep.task.StepOptions;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TaskSpec;
import io.qstep.task.TaskSpecs;
import io.qstep.task.TrackingOptions;
import io.qstep.tensor.DType;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step as the qstep KFP component runs it: the component's contract (which input parameters and
 * output names it knows), the executor input turned into a {@link StepRequest}, and the result
 * written back to the component's outputs, all-or-nothing.
 *
 * <p>Input parameters: {@code task} (required), {@code task_params} (a JSON object of task
 * parameters, values as text or scalars), {@code backend}, {@code shots}, {@code seed} (negative:
 * the runner draws one), {@code qasm} (program text), {@code timeout_ms}, {@code request_id},
 * {@code target}. Every input artifact is an input tensor of the same name. Output artifacts:
 * {@value #RESULT} (a directory: every output tensor plus {@code result.json}) and {@value
 * #METRICS} (required), and any tensor name (written when the step produced that tensor, else an
 * empty FP64 [0] array with metadata {@code produced = false}: KFP uploads every declared output).
 * Output parameters: any of {@link #OUTPUT_PARAMETERS}.
 */
public final class KfpStep {
  /** The output artifact holding every output tensor and result.json. */
  public static final String RESULT = "result";

  /** The output artifact whose metadata carries the step's metrics. */
  public static final String METRICS = "metrics";

  /** Output parameters this component can fill, all strings. */
  public static final Set<String> OUTPUT_PARAMETERS =
      Set.of("task", "backend", "backend_version", "circuit_version", "seed", "request_id");

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final ExecutorInput in;
  private final Path outputFile;

  private KfpStep(ExecutorInput in, Path outputFile) {
    this.in = in;
    this.outputFile = outputFile;
  }

  /**
   * Checks that {@code in} names every output this component writes (the executor output file, the
   * {@value #RESULT} and {@value #METRICS} artifacts, only known output parameters) before any work
   * is done, and deletes a stale executor output file so that a failure leaves none.
   *
   * @throws QStepException MISSING_FIELD / INVALID_VALUE naming the executor-input field
   */
  public static KfpStep prepare(ExecutorInput in) {
    if (in.outputFile().isBlank()) {
      throw ExecutorInput.missing(
          ExecutorInput.FIELD + ".outputs.outputFile",
          "missing: the launcher must say where the executor output goes");
    }
    for (String name : List.of(RESULT, METRICS)) {
      String f = ExecutorInput.FIELD + ".outputs.artifacts[" + name + "]";
      RuntimeArtifact a = in.outputArtifact(name);
      if (a == null) {
        throw ExecutorInput.missing(f, "missing: the qstep component always writes it");
      }
      a.localPath(f);
    }
    for (Map.Entry<String, List<RuntimeArtifact>> e : in.outputArtifacts().entrySet()) {
      String f = ExecutorInput.FIELD + ".outputs.artifacts[" + e.getKey() + "]";
      RuntimeArtifact a = in.outputArtifact(e.getKey());
      if (a == null) {
        throw ExecutorInput.missing(f, "no artifact given for this output");
      }
      a.localPath(f);
    }
    for (Map.Entry<String, String> e : in.outputParameterFiles().entrySet()) {
      String f = ExecutorInput.FIELD + ".outputs.parameters[" + e.getKey() + "]";
      if (!OUTPUT_PARAMETERS.contains(e.getKey())) {
        throw QStepException.invalid(
            f,
            f
                + ": unknown output parameter (this qstep writes "
                + String.join(", ", OUTPUT_PARAMETERS.stream().sorted().toList())
                + ")");
      }
      if (e.getValue().isBlank()) {
        throw ExecutorInput.missing(f + ".outputFile", "missing");
      }
    }
    Path out = Path.of(in.outputFile());
    try {
      Files.deleteIfExists(out);
    } catch (IOException e) {
      throw QStepException.invalid(
          ExecutorInput.FIELD + ".outputs.outputFile",
          "cannot replace the old executor output " + out + ": " + e.getMessage());
    }
    return new KfpStep(in, out);
  }

  /** The executor input this step runs. */
  public ExecutorInput executorInput() {
    return in;
  }

  /** The {@code target} input parameter: a runner's HOST:PORT, or empty (embedded). */
  public String target() {
    return string("target", "");
  }

  /**
   * The step request: task and parameters from the input parameters, every input artifact as the
   * input tensor of the same name, MLflow run settings from {@code env} (MLFLOW_EXPERIMENT_NAME,
   * MLFLOW_EXPERIMENT_ID, MLFLOW_RUN_ID, QSTEP_MLFLOW_PARENT_RUN_ID) so that a remote runner logs
   * into the run Kubeflow's MLflow integration created.
   */
  public StepRequest request(Map<String, String> env) {
    String task = string("task", null);
    if (task == null || task.isBlank()) {
      throw ExecutorInput.missing(param("task"), "missing: the task to run (layer, maxcut, ...)");
    }
    TaskSpec.Kind kind;
    try {
      kind = TaskSpec.Kind.fromId(task.trim());
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid(param("task"), param("task") + ": " + e.getMessage());
    }
    Map<String, String> p = taskParams();
    String qasm = string("qasm", "");
    if (!qasm.isBlank()) {
      p.put("qasm", qasm);
    }
    TaskSpec spec = TaskSpecs.fromParameters(kind, p);
    long timeoutMs = integer("timeout_ms", 0);
    if (timeoutMs < 0) {
      throw QStepException.invalid(param("timeout_ms"), param("timeout_ms") + ": must be >= 0");
    }
    long shots = integer("shots", 0);
    if (shots < 0) {
      throw QStepException.invalid(param("shots"), param("shots") + ": must be >= 0");
    }
    StepRequest.Builder b =
        StepRequest.builder(spec)
            .requestId(string("request_id", ""))
            .backend(string("backend", ""))
            .shots(shots)
            .options(new StepOptions(timeoutMs, true, 0, tracking(env)));
    long seed = integer("seed", -1);
    if (seed >= 0) {
      b.seed(seed);
    }
    for (String name : in.inputArtifacts().keySet()) {
      String f = "inputs[" + name + "]";
      RuntimeArtifact a = in.inputArtifact(name);
      if (a == null) {
        continue; // an optional input KFP listed without an artifact
      }
      b.input(name, readTensor(f, a.localPath(f), name));
    }
    return b.build();
  }

  static TrackingOptions tracking(Map<String, String> env) {
    String run = env.getOrDefault("MLFLOW_RUN_ID", "").trim();
    String parent = env.getOrDefault("QSTEP_MLFLOW_PARENT_RUN_ID", "").trim();
    return new TrackingOptions(
        env.getOrDefault("MLFLOW_EXPERIMENT_NAME", ""),
        env.getOrDefault("MLFLOW_EXPERIMENT_ID", ""),
        run,
        run.isEmpty() ? parent : "",
        false);
  }

  /**
   * Writes every output, then the executor output, and returns the executor output. Output tensors
   * and result files are staged under temporary names and moved into place only when all were
   * written; the executor output comes last.
   *
   * @throws QStepException INVALID_VALUE (field {@code outputs[...]}) when an output cannot be
   *     written; then no output file and no executor output appear
   */
  public JsonObject complete(StepResult r) {
    JsonObject artifacts = new JsonObject();
    JsonObject params = new JsonObject();
    String field = ExecutorInput.FIELD + ".outputs";
    try (Staging st = new Staging()) {
      for (String name : in.outputArtifacts().keySet()) {
        field = "outputs[" + name + "]";
        RuntimeArtifact a = in.outputArtifact(name);
        Path target = a.localPath(field);
        JsonObject meta = a.metadata();
        switch (name) {
          case RESULT -> {
            Path dir = st.directory(target);
            writeResultDir(r, dir);
            meta.addProperty("task", r.task());
            meta.addProperty("circuit_version", r.circuitVersion());
            meta.add("outputs", new JsonArray());
            r.outputs().keySet().forEach(meta.getAsJsonArray("outputs")::add);
            if (!r.qpu().isEmpty()) {
              meta.add("qpu", ResultJson.qpu(r.qpu()));
            }
          }
          case METRICS -> {
            JsonObject m = new JsonObject();
            r.metrics()
                .forEach(
                    (k, v) -> {
                      if (Double.isFinite(v)) {
                        m.addProperty(k, v);
                      }
                    });
            Files.writeString(st.file(target), GSON.toJson(m), StandardCharsets.UTF_8);
            m.entrySet().forEach(e -> meta.add(e.getKey(), e.getValue()));
          }
          default -> {
            Tensor t = r.outputs().get(name);
            boolean produced = t != null;
            if (!produced) {
              t = Tensor.ofDoubles(new double[0], 0);
            }
            writeTensor(t, st.file(target));
            meta.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
              shape.add(d);
            }
            meta.add("shape", shape);
            meta.addProperty("produced", produced);
          }
        }
        artifacts.add(name, artifactList(a, meta));
      }
      for (Map.Entry<String, String> e : in.outputParameterFiles().entrySet()) {
        field = "outputs.parameters[" + e.getKey() + "]";
        String v = outputParameter(e.getKey(), r);
        Files.writeString(st.file(Path.of(e.getValue())), v, StandardCharsets.UTF_8);
        params.addProperty(e.getKey(), v);
      }
      JsonObject executorOutput = new JsonObject();
      executorOutput.add("artifacts", artifacts);
      executorOutput.add("parameterValues", params);
      field = ExecutorInput.FIELD + ".outputs.outputFile";
      Path eo = st.file(outputFile); // staged last, so moved last
      Files.writeString(eo, GSON.toJson(executorOutput), StandardCharsets.UTF_8);
      st.commit();
      return executorOutput;
    } catch (IOException e) {
      throw QStepException.invalid(field, field + ": cannot write: " + e);
    }
  }

  static String outputParameter(String name, StepResult r) {
    return switch (name) {
      case "task" -> r.task();
      case "backend" -> r.backendName();
      case "backend_version" -> r.backendVersion();
      case "circuit_version" -> r.circuitVersion();
      case "seed" -> Long.toUnsignedString(r.seed());
      case "request_id" -> r.requestId();
      default -> throw new IllegalStateException("checked in prepare(): " + name);
    };
  }

  private static JsonObject artifactList(RuntimeArtifact a, JsonObject meta) {
    JsonObject art = new JsonObject();
    if (!a.name().isEmpty()) {
      art.addProperty("name", a.name());
    }
    art.addProperty("uri", a.uri());
    if (!a.schemaTitle().isEmpty()) {
      JsonObject type = new JsonObject();
      type.addProperty("schemaTitle", a.schemaTitle());
      art.add("type", type);
    }
    art.add("metadata", meta);
    JsonArray list = new JsonArray();
    list.add(art);
    JsonObject o = new JsonObject();
    o.add("artifacts", list);
    return o;
  }

  private static void writeResultDir(StepResult r, Path dir) throws IOException {
    for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
      writeTensor(e.getValue(), dir.resolve(ResultJson.fileName(e.getKey(), e.getValue())));
    }
    Files.writeString(dir.resolve("result.json"), ResultJson.text(r), StandardCharsets.UTF_8);
  }

  private static void writeTensor(Tensor t, Path file) throws IOException {
    if (t.dtype() == DType.BYTES) {
      Files.writeString(file, GSON.toJson(t.toStringList()), StandardCharsets.UTF_8);
    } else {
      Npy.write(t, file);
    }
  }

  /**
   * Reads the tensor of input {@code name} from an artifact file: {@code .npy} (by its magic bytes,
   * KFP paths have no extension), a JSON array of strings (BYTES), or a directory holding {@code
   * <name>.npy} / {@code <name>.json} (a {@value #RESULT} artifact of an upstream qstep step).
   */
  static Tensor readTensor(String field, Path path, String name) {
    if (Files.isDirectory(path)) {
      for (String ext : List.of(".npy", ".json")) {
        Path f = path.resolve(name + ext);
        if (Files.isRegularFile(f)) {
          return readTensor(field, f, name);
        }
      }
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          field,
          field + ": " + path + " is a directory without " + name + ".npy or " + name + ".json");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          field,
          field
              + ": cannot read input artifact "
              + path
              + (Files.exists(path) ? "" : " (missing)"));
    }
    int first;
    try (InputStream s = Files.newInputStream(path)) {
      first = s.read();
      while (first == ' ' || first == '\n' || first == '\r' || first == '\t') {
        first = s.read();
      }
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, field, field + ": cannot read " + path + ": " + e);
    }
    if (first == '[') {
      return readStrings(field, path);
    }
    try {
      return Npy.read(path);
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR, field, field + ": cannot read " + path + ": " + e);
    } catch (QStepException e) {
      throw new QStepException(e.reason(), field, field + ": " + e.getMessage());
    }
  }

  private static Tensor readStrings(String field, Path path) {
    JsonElement json;
    try {
      json = JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException | JsonParseException e) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR, field, field + ": " + path + " is not a JSON array");
    }
    List<String> strings = new ArrayList<>();
    for (JsonElement el : json.getAsJsonArray()) {
      if (!el.isJsonPrimitive() || !el.getAsJsonPrimitive().isString()) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field + ": " + path + " must be a .npy file or a JSON array of strings (BYTES)");
      }
      strings.add(el.getAsString());
    }
    return Tensor.ofStrings(strings);
  }

  private Map<String, String> taskParams() {
    JsonElement e = in.parameterValues().get("task_params");
    Map<String, String> p = new LinkedHashMap<>();
    if (e == null || e.isJsonNull()) {
      return p;
    }
    String f = param("task_params");
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      String s = e.getAsString().trim();
      if (s.isEmpty()) {
        return p;
      }
      try {
        e = JsonParser.parseString(s);
      } catch (JsonParseException x) {
        throw QStepException.invalid(f, f + ": not a JSON object");
      }
    }
    if (!e.isJsonObject()) {
      throw QStepException.invalid(f, f + ": must be a JSON object of task parameters");
    }
    for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
      JsonElement v = kv.getValue();
      if (!v.isJsonPrimitive()) {
        throw QStepException.invalid(
            f + "[" + kv.getKey() + "]",
            f + "[" + kv.getKey() + "]: must be a string, number or boolean");
      }
      p.put(kv.getKey(), scalarText(v.getAsJsonPrimitive()));
    }
    return p;
  }

  /** A JSON scalar as the text a CLI user would type: 2 (not 2.0), 0.5, true, abc. */
  static String scalarText(JsonPrimitive v) {
    if (v.isNumber()) {
      double d = v.getAsDouble();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return v.getAsBigDecimal().toPlainString();
    }
    return v.getAsString();
  }

  private String string(String name, String dflt) {
    JsonElement e = in.parameterValues().get(name);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    if (!e.isJsonPrimitive()) {
      throw QStepException.invalid(param(name), param(name) + ": must be a string");
    }
    return scalarText(e.getAsJsonPrimitive());
  }

  private long integer(String name, long dflt) {
    JsonElement e = in.parameterValues().get(name);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    String f = param(name);
    if (!e.isJsonPrimitive()) {
      throw QStepException.invalid(f, f + ": must be an integer");
    }
    JsonPrimitive v = e.getAsJsonPrimitive();
    try {
      if (v.isNumber()) {
        return v.getAsBigDecimal().longValueExact();
      }
      String s = v.getAsString().trim();
      return s.isEmpty() ? dflt : Long.parseLong(s);
    } catch (ArithmeticException | NumberFormatException x) {
      throw QStepException.invalid(f, f + ": must be an integer, got " + v);
    }
  }

  private static String param(String name) {
    return "parameters[" + name + "]";
  }
}
