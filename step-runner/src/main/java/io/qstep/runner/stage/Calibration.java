package io.qstep.runner.stage;

import java.time.Instant;
import java.util.Optional;

/**
 * The calibration snapshot a backend ran under, for provenance. Immutable.
 *
 * @param id the backend's id of the snapshot; empty for ideal simulators (no calibration)
 * @param timestampMs when the snapshot was taken, epoch milliseconds; 0 when the backend does not
 *     say
 * @param snapshotJson the full snapshot as JSON ({@code io.qstep.runner.calibration} schema), the
 *     text of the {@code calibration.json} artifact; empty when only id and timestamp are known
 */
public record Calibration(String id, long timestampMs, String snapshotJson) {
  /** No calibration: an ideal simulator. */
  public static final Calibration NONE = new Calibration("", 0);

  /** A snapshot known only by id and timestamp. */
  public Calibration(String id, long timestampMs) {
    this(id, timestampMs, "");
  }

  public Calibration {
    id = id == null ? "" : id;
    snapshotJson = snapshotJson == null ? "" : snapshotJson;
    if (timestampMs < 0) {
      throw new IllegalArgumentException("timestampMs must be >= 0");
    }
  }

  public boolean isNone() {
    return id.isEmpty();
  }

  /** When the snapshot was taken, if the backend said. */
  public Optional<Instant> timestamp() {
    return timestampMs == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(timestampMs));
  }

  /**
   * The full snapshot when known, else {@code {"calibration_id": ..., "timestamp": ...}} (the
   * timestamp only when known).
   */
  public String json() {
    if (!snapshotJson.isEmpty()) {
      return snapshotJson.endsWith("\n") ? snapshotJson : snapshotJson + "\n";
    }
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("calibration_id", id);
    timestamp().ifPresent(t -> o.addProperty("timestamp", t.toString()));
    return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
  }
}
