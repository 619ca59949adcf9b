package io.qstep.runner.kfp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a KFP v2 {@code ExecutorInput} (protobuf JSON, as the launcher substitutes it for
 * the {@code {{$}}} placeholder) that a container component reads. Field names are protobuf JSON
 * (lowerCamelCase); the proto's snake_case names are accepted too. Immutable.
 *
 * @param parameterValues {@code inputs.parameterValues}: input parameters by name, as JSON values
 * @param inputArtifacts {@code inputs.artifacts[name].artifacts}
 * @param outputArtifacts {@code outputs.artifacts[name].artifacts}
 * @param outputParameterFiles {@code outputs.parameters[name].outputFile}
 * @param outputFile {@code outputs.outputFile}: where the {@code ExecutorOutput} JSON goes; empty
 *     when absent
 */
public record ExecutorInput(
    Map<String, JsonElement> parameterValues,
    Map<String, List<RuntimeArtifact>> inputArtifacts,
    Map<String, List<RuntimeArtifact>> outputArtifacts,
    Map<String, String> outputParameterFiles,
    String outputFile) {

  /** The field name errors about the executor input itself carry. */
  public static final String FIELD = "executor_input";

  public ExecutorInput {
    parameterValues = copyJson(parameterValues);
    inputArtifacts = copyLists(inputArtifacts);
    outputArtifacts = copyLists(outputArtifacts);
    outputParameterFiles = Collections.unmodifiableMap(new LinkedHashMap<>(outputParameterFiles));
    outputFile = outputFile == null ? "" : outputFile;
  }

  @Override
  public Map<String, JsonElement> parameterValues() {
    return copyJson(parameterValues);
  }

  /**
   * Parses executor-input JSON.
   *
   * @throws QStepException INVALID_VALUE (field {@value #FIELD}, or the path of the bad part) for
   *     text that is not an executor input
   */
  public static ExecutorInput parse(String json) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw QStepException.invalid(FIELD, FIELD + ": not valid JSON: " + rootCause(e));
    }
    if (root == null || !root.isJsonObject()) {
      throw QStepException.invalid(FIELD, FIELD + ": must be a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    JsonObject inputs = object(o, "inputs", FIELD + ".inputs");
    JsonObject outputs = object(o, "outputs", FIELD + ".outputs");

    Map<String, JsonElement> params = new LinkedHashMap<>();
    JsonObject pv = object(inputs, "parameterValues", FIELD + ".inputs.parameterValues");
    pv.entrySet().forEach(e -> params.put(e.getKey(), e.getValue()));
    // The pre-2.0 typed form {name: {stringValue|intValue|doubleValue}}, for older launchers.
    JsonObject legacy = object(inputs, "parameters", FIELD + ".inputs.parameters");
    for (Map.Entry<String, JsonElement> e : legacy.entrySet()) {
      if (!params.containsKey(e.getKey()) && e.getValue().isJsonObject()) {
        JsonObject v = e.getValue().getAsJsonObject();
        for (String k : List.of("stringValue", "intValue", "doubleValue")) {
          if (v.has(k)) {
            params.put(e.getKey(), v.get(k));
          }
        }
      }
    }

    Map<String, List<RuntimeArtifact>> in =
        artifacts(object(inputs, "artifacts", FIELD + ".inputs.artifacts"), "inputs");
    Map<String, List<RuntimeArtifact>> out =
        artifacts(object(outputs, "artifacts", FIELD + ".outputs.artifacts"), "outputs");

    Map<String, String> outParams = new LinkedHashMap<>();
    JsonObject op = object(outputs, "parameters", FIELD + ".outputs.parameters");
    for (Map.Entry<String, JsonElement> e : op.entrySet()) {
      String f = FIELD + ".outputs.parameters[" + e.getKey() + "]";
      if (!e.getValue().isJsonObject()) {
        throw QStepException.invalid(f, f + ": must be an object with outputFile");
      }
      outParams.put(e.getKey(), string(e.getValue().getAsJsonObject(), "outputFile", f));
    }
    String outputFile =
        outputs.has("outputFile") || outputs.has("output_file")
            ? string(outputs, "outputFile", FIELD + ".outputs.outputFile")
            : "";
    return new ExecutorInput(params, in, out, outParams, outputFile);
  }

  /** The single artifact of input {@code name}, or null when the input was not given. */
  public RuntimeArtifact inputArtifact(String name) {
    return single(inputArtifacts, name, "inputs");
  }

  /** The single artifact of output {@code name}, or null when the output is not declared. */
  public RuntimeArtifact outputArtifact(String name) {
    return single(outputArtifacts, name, "outputs");
  }

  private static RuntimeArtifact single(
      Map<String, List<RuntimeArtifact>> m, String name, String side) {
    List<RuntimeArtifact> l = m.get(name);
    if (l == null || l.isEmpty()) {
      return null;
    }
    if (l.size() > 1) {
      String f = FIELD + "." + side + ".artifacts[" + name + "]";
      throw QStepException.invalid(
          f, f + ": " + l.size() + " artifacts given (a collected list); one is expected");
    }
    return l.get(0);
  }

  private static Map<String, List<RuntimeArtifact>> artifacts(JsonObject o, String side) {
    Map<String, List<RuntimeArtifact>> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String f = FIELD + "." + side + ".artifacts[" + e.getKey() + "]";
      if (!e.getValue().isJsonObject()) {
        throw QStepException.invalid(f, f + ": must be an object {\"artifacts\": [...]}");
      }
      JsonElement list = e.getValue().getAsJsonObject().get("artifacts");
      List<RuntimeArtifact> arts = new ArrayList<>();
      if (list != null && !list.isJsonNull()) {
        if (!list.isJsonArray()) {
          throw QStepException.invalid(f, f + ".artifacts: must be an array");
        }
        for (JsonElement a : list.getAsJsonArray()) {
          if (!a.isJsonObject()) {
            throw QStepException.invalid(f, f + ".artifacts: each entry must be an object");
          }
          JsonObject ao = a.getAsJsonObject();
          JsonObject type = object(ao, "type", f + ".type");
          String uri = ao.has("uri") ? string(ao, "uri", f + ".uri") : "";
          arts.add(
              new RuntimeArtifact(
                  ao.has("name") ? string(ao, "name", f + ".name") : "",
                  uri,
                  type.has("schemaTitle") || type.has("schema_title")
                      ? string(type, "schemaTitle", f + ".type.schemaTitle")
                      : "",
                  object(ao, "metadata", f + ".metadata")));
        }
      }
      m.put(e.getKey(), arts);
    }
    return m;
  }

  /** {@code o[key]} (or its snake_case twin) as an object; empty when absent or null. */
  private static JsonObject object(JsonObject o, String key, String field) {
    JsonElement e = get(o, key);
    if (e == null || e.isJsonNull()) {
      return new JsonObject();
    }
    if (!e.isJsonObject()) {
      throw QStepException.invalid(field, field + ": must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonObject o, String key, String field) {
    JsonElement e = get(o, key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw QStepException.invalid(field, field + ": must be a string");
    }
    return e.getAsString();
  }

  private static JsonElement get(JsonObject o, String camel) {
    JsonElement e = o.get(camel);
    return e != null ? e : o.get(snake(camel));
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String rootCause(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static Map<String, JsonElement> copyJson(Map<String, JsonElement> m) {
    Map<String, JsonElement> c = new LinkedHashMap<>();
    m.forEach((k, v) -> c.put(k, v.deepCopy()));
    return Collections.unmodifiableMap(c);
  }

  private static Map<String, List<RuntimeArtifact>> copyLists(
      Map<String, List<RuntimeArtifact>> m) {
    Map<String, List<RuntimeArtifact>> c = new LinkedHashMap<>();
    m.forEach((k, v) -> c.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(c);
  }

  static QStepException missing(String field, String what) {
    return new QStepException(ErrorReason.MISSING_FIELD, field, field + ": " + what);
  }
}
