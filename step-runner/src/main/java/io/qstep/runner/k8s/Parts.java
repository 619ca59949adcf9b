package io.qstep.runner.k8s;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.qstep.error.QStepException;
import io.qstep.runner.tracking.ResultJson;
import io.qstep.task.StepResult;
import io.qstep.tensor.DType;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a fan-out's data lives: ConfigMaps. The inputs ConfigMap ({@code RUN-inputs}: {@code
 * spec.json} plus one {@code .npy} per input) is mounted read-only into every shard pod; each shard
 * writes its part ({@code RUN-part-N}: {@code result.json} plus one {@code .npy} per output) only
 * after its step succeeded, so a part that exists is a finished shard. ConfigMaps need no storage
 * class or ReadWriteMany volume and the caller reads them through the API from anywhere; the price
 * is Kubernetes' 1 MiB per object, so inputs and each part must stay under {@link #LIMIT_BYTES}
 * (more shards make parts smaller). BYTES tensors travel as JSON arrays of strings.
 */
public final class Parts {
  /** Largest payload of one ConfigMap we write, bytes (the API server allows 1 MiB in all). */
  public static final long LIMIT_BYTES = 1_000_000;

  /** Label: the fan-out an object belongs to. */
  public static final String LABEL_RUN = "qstep.io/fanout";

  /** Label: the shard a part holds. */
  public static final String LABEL_SHARD = "qstep.io/shard";

  /** Label: "inputs", "part" or "refused". */
  public static final String LABEL_ROLE = "qstep.io/fanout-role";

  static final String SPEC = "spec.json";
  static final String RESULT = "result.json";
  private static final Gson GSON = new Gson();

  private Parts() {}

  public static String inputsName(String run) {
    return run + "-inputs";
  }

  public static String partName(String run, int shard) {
    return run + "-part-" + shard;
  }

  static String fileName(String name, Tensor t) {
    return ResultJson.fileName(name, t);
  }

  static byte[] encode(Tensor t) {
    if (t.dtype() == DType.BYTES) {
      return GSON.toJson(t.toStringList()).getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Npy.write(t, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Tensor decode(String file, byte[] bytes) {
    try {
      if (file.endsWith(".json")) {
        List<String> s = new ArrayList<>();
        for (JsonElement e :
            JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonArray()) {
          s.add(e.getAsString());
        }
        return Tensor.ofStrings(s);
      }
      return Npy.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new K8sException(
          K8sException.Kind.CORRUPT, file + " is not a readable tensor: " + e, e);
    }
  }

  /**
   * The inputs ConfigMap of {@code spec}.
   *
   * @throws io.qstep.error.QStepException TOO_LARGE (field inputs) over {@link #LIMIT_BYTES}
   */
  public static ConfigMap inputs(FanoutSpec spec, String namespace) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(SPEC, spec.toJson().getBytes(StandardCharsets.UTF_8));
    spec.inputs().forEach((k, t) -> files.put(fileName(k, t), encode(t)));
    long size = files.values().stream().mapToLong(b -> b.length).sum();
    if (size > LIMIT_BYTES) {
      throw FanoutSpec.tooLarge(
          "inputs",
          "the inputs take "
              + size
              + " bytes; a fan-out's inputs travel in one ConfigMap (at most "
              + LIMIT_BYTES
              + "): split the batch into several fan-outs");
    }
    return configMap(inputsName(spec.run()), namespace, spec.run(), "inputs", null, files);
  }

  /**
   * Shard {@code shard}'s part: its result.json and outputs.
   *
   * @throws io.qstep.error.QStepException TOO_LARGE (field shards) over {@link #LIMIT_BYTES}
   */
  public static ConfigMap part(String run, int shard, String namespace, StepResult r) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(RESULT, ResultJson.text(r).getBytes(StandardCharsets.UTF_8));
    r.outputs().forEach((k, t) -> files.put(fileName(k, t), encode(t)));
    long size = files.values().stream().mapToLong(b -> b.length).sum();
    if (size > LIMIT_BYTES) {
      throw FanoutSpec.tooLarge(
          "shards",
          "shard "
              + shard
              + "'s outputs take "
              + size
              + " bytes, over the "
              + LIMIT_BYTES
              + " a part ConfigMap holds: use more shards");
    }
    return configMap(partName(run, shard), namespace, run, "part", shard, files);
  }

  private static ConfigMap configMap(
      String name,
      String namespace,
      String run,
      String role,
      Integer shard,
      Map<String, byte[]> files) {
    ConfigMapBuilder b =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/name", "qstep-shard")
            .addToLabels("app.kubernetes.io/part-of", "qstep")
            .addToLabels(LABEL_RUN, run)
            .addToLabels(LABEL_ROLE, role)
            .endMetadata();
    if (shard != null) {
      b.editMetadata().addToLabels(LABEL_SHARD, Integer.toString(shard)).endMetadata();
    }
    files.forEach((k, v) -> b.addToBinaryData(k, Base64.getEncoder().encodeToString(v)));
    return b.build();
  }

  public static String refusalName(String run, int shard) {
    return run + "-refused-" + shard;
  }

  /** Why shard {@code shard} refused its input: the error's reason, field and message. */
  static ConfigMap refusal(String run, int shard, String namespace, QStepException e) {
    JsonObject o = new JsonObject();
    o.addProperty("reason", e.reason().name());
    o.addProperty("field", e.field() == null ? "" : e.field());
    o.addProperty("message", e.getMessage() == null ? "" : e.getMessage());
    return configMap(
        refusalName(run, shard),
        namespace,
        run,
        "refused",
        shard,
        Map.of("error.json", GSON.toJson(o).getBytes(StandardCharsets.UTF_8)));
  }

  /** The files of a ConfigMap (binaryData decoded, data as UTF-8). */
  static Map<String, byte[]> files(ConfigMap cm) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (cm.getBinaryData() != null) {
      cm.getBinaryData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
    }
    if (cm.getData() != null) {
      cm.getData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** A part read back: its result.json and its output tensors, in result.json's order. */
  record Part(int shard, JsonObject result, Map<String, Tensor> outputs) {}

  static Part readPart(int shard, ConfigMap cm) {
    Map<String, byte[]> files = files(cm);
    byte[] rj = files.get(RESULT);
    if (rj == null) {
      throw new K8sException(
          K8sException.Kind.CORRUPT, cm.getMetadata().getName() + " has no " + RESULT);
    }
    JsonObject result;
    try {
      result = JsonParser.parseString(new String(rj, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new K8sException(
          K8sException.Kind.CORRUPT, cm.getMetadata().getName() + "/" + RESULT + " is not JSON", e);
    }
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : result.getAsJsonObject("outputs").entrySet()) {
      String file = e.getValue().getAsJsonObject().get("file").getAsString();
      byte[] b = files.get(file);
      if (b == null) {
        throw new K8sException(
            K8sException.Kind.CORRUPT, cm.getMetadata().getName() + " lacks output file " + file);
      }
      outputs.put(e.getKey(), decode(file, b));
    }
    return new Part(shard, result, outputs);
  }

  static JsonArray strings(List<String> l) {
    JsonArray a = new JsonArray();
    l.forEach(a::add);
    return a;
  }
}
