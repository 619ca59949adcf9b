package io.qstep.runner.tracking;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RunRecord} as JSON (the spool's file format); artifacts in base64. */
final class RunRecordCodec {
  /** Bumped when the format changes incompatibly. */
  static final int FORMAT = 1;

  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

  private RunRecordCodec() {}

  static byte[] encode(RunRecord r) {
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT);
    o.addProperty("run_key", r.runKey());
    o.addProperty("run_name", r.runName());
    o.addProperty("start_time", r.startTimeMs());
    o.addProperty("end_time", r.endTimeMs());
    JsonObject d = new JsonObject();
    d.addProperty("experiment_name", r.destination().experimentName());
    d.addProperty("experiment_id", r.destination().experimentId());
    d.addProperty("run_id", r.destination().runId());
    d.addProperty("parent_run_id", r.destination().parentRunId());
    o.add("destination", d);
    o.add("params", strings(r.params()));
    o.add("tags", strings(r.tags()));
    JsonArray ms = new JsonArray();
    for (RunRecord.MetricPoint m : r.metrics()) {
      JsonArray a = new JsonArray();
      a.add(m.key());
      a.add(m.value());
      a.add(m.timestampMs());
      a.add(m.step());
      ms.add(a);
    }
    o.add("metrics", ms);
    JsonObject arts = new JsonObject();
    Base64.Encoder b64 = Base64.getEncoder();
    r.artifacts().forEach((k, v) -> arts.addProperty(k, b64.encodeToString(v)));
    o.add("artifacts", arts);
    JsonArray models = new JsonArray();
    for (ModelRegistration m : r.models()) {
      JsonObject mo = new JsonObject();
      mo.addProperty("name", m.name());
      mo.addProperty("artifact_dir", m.artifactDir());
      mo.addProperty("description", m.description());
      mo.add("tags", strings(m.tags()));
      models.add(mo);
    }
    o.add("models", models);
    return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException when {@code bytes} is not a record of this format
   */
  static RunRecord decode(byte[] bytes) {
    try {
      JsonObject o =
          JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
      if (o.get("format").getAsInt() != FORMAT) {
        throw new IllegalArgumentException("unknown spool format " + o.get("format"));
      }
      JsonObject d = o.getAsJsonObject("destination");
      List<RunRecord.MetricPoint> metrics = new ArrayList<>();
      for (JsonElement e : o.getAsJsonArray("metrics")) {
        JsonArray a = e.getAsJsonArray();
        metrics.add(
            new RunRecord.MetricPoint(
                a.get(0).getAsString(),
                a.get(1).getAsDouble(),
                a.get(2).getAsLong(),
                a.get(3).getAsLong()));
      }
      Map<String, byte[]> arts = new LinkedHashMap<>();
      Base64.Decoder b64 = Base64.getDecoder();
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("artifacts").entrySet()) {
        arts.put(e.getKey(), b64.decode(e.getValue().getAsString()));
      }
      List<ModelRegistration> models = new ArrayList<>();
      // Spool files written before model registration existed have no "models".
      if (o.has("models")) {
        for (JsonElement e : o.getAsJsonArray("models")) {
          JsonObject mo = e.getAsJsonObject();
          models.add(
              new ModelRegistration(
                  mo.get("name").getAsString(),
                  mo.get("artifact_dir").getAsString(),
                  mo.get("description").getAsString(),
                  map(mo.getAsJsonObject("tags"))));
        }
      }
      return new RunRecord(
          o.get("run_key").getAsString(),
          o.get("run_name").getAsString(),
          o.get("start_time").getAsLong(),
          o.get("end_time").getAsLong(),
          new RunRecord.Destination(
              d.get("experiment_name").getAsString(),
              d.get("experiment_id").getAsString(),
              d.get("run_id").getAsString(),
              d.get("parent_run_id").getAsString()),
          map(o.getAsJsonObject("params")),
          map(o.getAsJsonObject("tags")),
          metrics,
          arts,
          models);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a spooled run record: " + e.getMessage(), e);
    }
  }

  private static JsonObject strings(Map<String, String> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }

  private static Map<String, String> map(JsonObject o) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      m.put(e.getKey(), e.getValue().getAsString());
    }
    return m;
  }
}
