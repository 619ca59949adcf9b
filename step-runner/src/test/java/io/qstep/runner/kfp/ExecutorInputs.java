package io.qstep.runner.kfp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds executor-input JSON the way the KFP v2 driver does for the qstep component (protobuf JSON
 * of {@code ml_pipelines.ExecutorInput}): output artifacts get a URI under the task's root, output
 * parameters an {@code outputFile}, and {@code outputs.outputFile} names the executor output.
 */
public final class ExecutorInputs {
  /** The output tensors the committed component declares besides result and metrics. */
  public static final String[] TENSOR_OUTPUTS = {
    "expectations",
    "counts",
    "samples",
    "solution",
    "parameters",
    "trace",
    "gram",
    "cross",
    "projection",
    "components",
    "mean",
    "explained_variance"
  };

  private final Path root;
  private final Map<String, JsonElement> params = new LinkedHashMap<>();
  private final Map<String, Path> inputs = new LinkedHashMap<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, String> outParams = new LinkedHashMap<>();
  private final Map<String, Path> outputPaths = new LinkedHashMap<>();
  private boolean outputFile = true;

  private ExecutorInputs(Path root) {
    this.root = root;
  }

  /** The component's full output set under {@code root}, as KFP would declare it. */
  public static ExecutorInputs forComponent(Path root) {
    ExecutorInputs b = new ExecutorInputs(root);
    b.outputs.put("result", "system.Artifact");
    b.outputs.put("metrics", "system.Metrics");
    for (String t : TENSOR_OUTPUTS) {
      b.outputs.put(t, "system.Dataset");
    }
    for (String p : new String[] {"circuit_version", "backend", "backend_version", "seed"}) {
      b.outParams.put(p, root.resolve("outputs").resolve(p).toString());
    }
    return b;
  }

  public ExecutorInputs param(String name, Object value) {
    params.put(
        name,
        value instanceof JsonElement j
            ? j
            : value instanceof Number n
                ? new JsonPrimitive(n.doubleValue()) // protobuf Value numbers are doubles
                : new JsonPrimitive(String.valueOf(value)));
    return this;
  }

  public ExecutorInputs input(String name, Path file) {
    inputs.put(name, file);
    return this;
  }

  public ExecutorInputs withoutOutput(String name) {
    outputs.remove(name);
    return this;
  }

  /** Puts output {@code name} at {@code path} instead of under the task root. */
  public ExecutorInputs outputAt(String name, Path path) {
    outputPaths.put(name, path);
    return this;
  }

  public ExecutorInputs outputParameter(String name) {
    outParams.put(name, root.resolve("outputs").resolve(name).toString());
    return this;
  }

  public ExecutorInputs withoutOutputFile() {
    outputFile = false;
    return this;
  }

  public Path executorOutput() {
    return root.resolve("executor_output.json");
  }

  public Path outputPath(String name) {
    return outputPaths.getOrDefault(name, root.resolve("artifacts").resolve(name));
  }

  public JsonObject json() {
    JsonObject in = new JsonObject();
    JsonObject pv = new JsonObject();
    params.forEach(pv::add);
    in.add("parameterValues", pv);
    JsonObject ia = new JsonObject();
    inputs.forEach((k, v) -> ia.add(k, list(k, "system.Dataset", v.toString())));
    in.add("artifacts", ia);
    JsonObject out = new JsonObject();
    JsonObject oa = new JsonObject();
    outputs.forEach((k, t) -> oa.add(k, list(k, t, outputPath(k).toString())));
    out.add("artifacts", oa);
    JsonObject op = new JsonObject();
    outParams.forEach(
        (k, v) -> {
          JsonObject f = new JsonObject();
          f.addProperty("outputFile", v);
          op.add(k, f);
        });
    out.add("parameters", op);
    if (outputFile) {
      out.addProperty("outputFile", executorOutput().toString());
    }
    JsonObject root = new JsonObject();
    root.add("inputs", in);
    root.add("outputs", out);
    return root;
  }

  @Override
  public String toString() {
    return json().toString();
  }

  private static JsonObject list(String name, String schema, String uri) {
    JsonObject type = new JsonObject();
    type.addProperty("schemaTitle", schema);
    type.addProperty("schemaVersion", "0.0.1");
    JsonObject a = new JsonObject();
    a.addProperty("name", name);
    a.add("type", type);
    a.addProperty("uri", uri);
    a.add("metadata", new JsonObject());
    JsonArray arr = new JsonArray();
    arr.add(a);
    JsonObject o = new JsonObject();
    o.add("artifacts", arr);
    return o;
  }
}
