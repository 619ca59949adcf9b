package io.qstep.runner.mitigate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The surrogate model file: one JSON document holding the format version, the training metadata
 * ({@link SurrogateMetadata}) and the model (linear weights; for the MLP also its input scaling and
 * its DJL parameters, base64). Loading validates everything and fails with INVALID_VALUE naming
 * {@code param.surrogate_model}.
 */
public final class SurrogateFile {
  /** The format this code writes and reads. */
  public static final String FORMAT = "qstep.surrogate.v1";

  static final String FIELD = "param.surrogate_model";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private SurrogateFile() {}

  /** The same surrogate with {@code modelVersion} set from its content. */
  static Surrogate withVersion(Surrogate s) {
    JsonObject model = modelJson(s);
    SurrogateMetadata m = s.metadata();
    String version =
        m.kind()
            + "-"
            + m.structureHash().substring(0, 12)
            + "-"
            + SurrogateTrainer.sha256(model.toString() + metaJson(m)).substring(0, 12);
    SurrogateMetadata mv =
        new SurrogateMetadata(
            m.formatVersion(),
            version,
            m.kind(),
            m.structureHash(),
            m.width(),
            m.depth(),
            m.gateCount(),
            m.observables(),
            m.scales(),
            m.calibrationId(),
            m.calibrationSummary(),
            m.trainingSetSize(),
            m.nonCliffordFraction(),
            m.seed(),
            m.validationRmse(),
            m.validationRawRmse(),
            m.featureMin(),
            m.featureMax(),
            m.createdAt());
    return rebuild(s, mv);
  }

  private static Surrogate rebuild(Surrogate s, SurrogateMetadata m) {
    if (s instanceof LinearSurrogate l) {
      return new LinearSurrogate(l.weights(), m);
    }
    if (s instanceof MlpSurrogate p) {
      return p.withMetadata(m);
    }
    throw new IllegalArgumentException("unknown surrogate " + s.getClass());
  }

  /** The file's JSON text. */
  public static String toJson(Surrogate s) {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.add("metadata", metaJson(s.metadata()));
    root.add("model", modelJson(s));
    return GSON.toJson(root) + "\n";
  }

  /** Writes the model file (parent folders created). */
  public static void save(Surrogate s, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(s), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          FIELD,
          FIELD + ": cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads a model file.
   *
   * @throws QStepException INVALID_VALUE naming param.surrogate_model when the file is missing,
   *     unreadable, not JSON, of another format, or incomplete
   */
  public static Surrogate load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw bad("no model file at " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw bad("cannot read " + file + ": " + e.getMessage());
    }
    try {
      return parse(text);
    } catch (QStepException e) {
      throw e;
    } catch (RuntimeException e) {
      throw bad(file + " is not a valid surrogate model file: " + e.getMessage());
    }
  }

  /** Parses the file's text. */
  public static Surrogate parse(String text) {
    JsonElement el;
    try {
      el = JsonParser.parseString(text);
    } catch (RuntimeException e) {
      throw bad("not valid JSON: " + e.getMessage());
    }
    if (!el.isJsonObject()) {
      throw bad("expected a JSON object");
    }
    JsonObject root = el.getAsJsonObject();
    String format = str(root, "format");
    if (!FORMAT.equals(format)) {
      throw bad("format '" + format + "' is not " + FORMAT);
    }
    SurrogateMetadata m = metaFrom(obj(root, "metadata"));
    JsonObject model = obj(root, "model");
    int k = m.observables().size();
    int s = m.scales().length;
    double[][] linear = matrix(model, "linear");
    if (linear.length != k) {
      throw bad("model.linear has " + linear.length + " rows for " + k + " observables");
    }
    for (double[] row : linear) {
      if (row.length != s + 1) {
        throw bad("model.linear rows need " + (s + 1) + " weights");
      }
    }
    return switch (m.kind()) {
      case "linear" -> new LinearSurrogate(linear, m);
      case "mlp" -> {
        double[] mean = vector(model, "mean");
        double[] std = vector(model, "std");
        if (mean.length != s * k || std.length != s * k) {
          throw bad("model.mean and model.std need " + s * k + " values");
        }
        byte[] params;
        try {
          params = Base64.getDecoder().decode(str(model, "params_base64"));
        } catch (IllegalArgumentException e) {
          throw bad("model.params_base64 is not base64");
        }
        yield new MlpSurrogate(linear, mean, std, params, k, m);
      }
      default -> throw bad("unknown model kind '" + m.kind() + "'");
    };
  }

  private static JsonObject modelJson(Surrogate s) {
    JsonObject o = new JsonObject();
    if (s instanceof LinearSurrogate l) {
      o.add("linear", GSON.toJsonTree(l.weights()));
    } else if (s instanceof MlpSurrogate p) {
      o.add("linear", GSON.toJsonTree(p.linear()));
      o.add("mean", GSON.toJsonTree(p.mean()));
      o.add("std", GSON.toJsonTree(p.std()));
      o.addProperty("hidden", MlpSurrogate.HIDDEN);
      o.addProperty("engine", "PyTorch");
      o.addProperty("params_base64", Base64.getEncoder().encodeToString(p.params()));
    }
    return o;
  }

  static JsonObject metaJson(SurrogateMetadata m) {
    JsonObject o = new JsonObject();
    o.addProperty("format_version", m.formatVersion());
    o.addProperty("model_version", m.modelVersion());
    o.addProperty("kind", m.kind());
    o.addProperty("structure_hash", m.structureHash());
    o.addProperty("width", m.width());
    o.addProperty("depth", m.depth());
    o.addProperty("gate_count", m.gateCount());
    o.add("observables", GSON.toJsonTree(m.observables()));
    o.add("scales", GSON.toJsonTree(m.scales()));
    o.addProperty("calibration_id", m.calibrationId());
    o.add("calibration_summary", GSON.toJsonTree(m.calibrationSummary()));
    o.addProperty("training_set_size", m.trainingSetSize());
    o.addProperty("non_clifford_fraction", m.nonCliffordFraction());
    o.addProperty("seed", m.seed());
    o.add("validation_rmse", GSON.toJsonTree(m.validationRmse()));
    o.add("validation_raw_rmse", GSON.toJsonTree(m.validationRawRmse()));
    o.add("feature_min", GSON.toJsonTree(m.featureMin()));
    o.add("feature_max", GSON.toJsonTree(m.featureMax()));
    o.addProperty("created_at", m.createdAt());
    return o;
  }

  private static SurrogateMetadata metaFrom(JsonObject o) {
    List<String> obs = new ArrayList<>();
    for (JsonElement e : arr(o, "observables")) {
      obs.add(e.getAsString());
    }
    Map<String, Double> summary = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : obj(o, "calibration_summary").entrySet()) {
      summary.put(e.getKey(), e.getValue().getAsDouble());
    }
    SurrogateMetadata m =
        new SurrogateMetadata(
            str(o, "format_version"),
            str(o, "model_version"),
            str(o, "kind"),
            str(o, "structure_hash"),
            num(o, "width").intValue(),
            num(o, "depth").intValue(),
            num(o, "gate_count").intValue(),
            obs,
            vector(o, "scales"),
            str(o, "calibration_id"),
            summary,
            num(o, "training_set_size").intValue(),
            num(o, "non_clifford_fraction").doubleValue(),
            num(o, "seed").longValue(),
            vector(o, "validation_rmse"),
            vector(o, "validation_raw_rmse"),
            vector(o, "feature_min"),
            vector(o, "feature_max"),
            str(o, "created_at"));
    if (m.observables().isEmpty() || m.scales().length == 0) {
      throw bad("metadata needs observables and scales");
    }
    return m;
  }

  private static JsonElement get(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw bad("missing '" + key + "'");
    }
    return e;
  }

  private static String str(JsonObject o, String key) {
    return get(o, key).getAsString();
  }

  private static Number num(JsonObject o, String key) {
    return get(o, key).getAsNumber();
  }

  private static JsonObject obj(JsonObject o, String key) {
    JsonElement e = get(o, key);
    if (!e.isJsonObject()) {
      throw bad("'" + key + "' must be an object");
    }
    return e.getAsJsonObject();
  }

  private static JsonArray arr(JsonObject o, String key) {
    JsonElement e = get(o, key);
    if (!e.isJsonArray()) {
      throw bad("'" + key + "' must be an array");
    }
    return e.getAsJsonArray();
  }

  private static double[] vector(JsonObject o, String key) {
    JsonArray a = arr(o, key);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsDouble();
    }
    return v;
  }

  private static double[][] matrix(JsonObject o, String key) {
    JsonArray a = arr(o, key);
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) {
      JsonArray row = a.get(i).getAsJsonArray();
      m[i] = new double[row.size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = row.get(j).getAsDouble();
      }
    }
    return m;
  }

  static QStepException bad(String message) {
    return new QStepException(ErrorReason.INVALID_VALUE, FIELD, FIELD + ": " + message);
  }
}
