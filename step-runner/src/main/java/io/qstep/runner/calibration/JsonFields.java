package io.qstep.runner.calibration;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.qstep.error.QStepException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading JSON fields with errors that name the field's path. Package-private helper. */
final class JsonFields {
  private JsonFields() {}

  static JsonElement required(JsonObject o, String key, String field) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw QStepException.missing(field);
    }
    return e;
  }

  static JsonObject object(JsonObject o, String key, String field) {
    JsonElement e = required(o, key, field);
    if (!e.isJsonObject()) {
      throw CalibrationSnapshot.invalid(field, "must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  static JsonArray array(JsonObject o, String key, String field) {
    JsonElement e = required(o, key, field);
    if (!e.isJsonArray()) {
      throw CalibrationSnapshot.invalid(field, "must be a JSON array");
    }
    return e.getAsJsonArray();
  }

  static JsonObject asObject(JsonElement e, String field) {
    if (e == null || !e.isJsonObject()) {
      throw CalibrationSnapshot.invalid(field, "must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  static double number(JsonElement e, String field) {
    if (e == null || e.isJsonNull()) {
      throw QStepException.missing(field);
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw CalibrationSnapshot.invalid(field, "must be a number, got " + e);
    }
    double v = e.getAsDouble();
    if (!Double.isFinite(v)) {
      throw CalibrationSnapshot.invalid(field, "must be finite, got " + v);
    }
    return v;
  }

  static double number(JsonObject o, String key, String field) {
    return number(required(o, key, field), field);
  }

  static double optionalNumber(JsonObject o, String key, String field) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? Double.NaN : number(e, field);
  }

  static int integer(JsonElement e, String field) {
    double v = number(e, field);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw CalibrationSnapshot.invalid(field, "must be an integer, got " + e);
    }
    return (int) v;
  }

  static String string(JsonObject o, String key, String field) {
    JsonElement e = required(o, key, field);
    if (!e.isJsonPrimitive()) {
      throw CalibrationSnapshot.invalid(field, "must be a string");
    }
    return e.getAsString();
  }

  static String optionalString(JsonObject o, String key, String dflt) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? dflt : e.getAsString();
  }

  /** ISO-8601 with offset ({@code 2024-05-01T10:00:00-04:00}, {@code ...Z}) to epoch ms. */
  static long instant(String text, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw CalibrationSnapshot.invalid(
            field, "not an ISO-8601 date-time with offset: '" + text + "'");
      }
    }
  }

  /** A time in {@code unit} (s, ms, us, µs, ns) as microseconds. */
  static double toMicros(double v, String unit, String field) {
    return switch (unit.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "s", "sec", "second", "seconds" -> v * 1e6;
      case "ms" -> v * 1e3;
      case "us", "µs", "μs", "microseconds" -> v;
      case "ns", "nanoseconds" -> v * 1e-3;
      default -> throw CalibrationSnapshot.invalid(field, "unknown time unit '" + unit + "'");
    };
  }

  /** A frequency in {@code unit} (Hz, kHz, MHz, GHz) as GHz. */
  static double toGhz(double v, String unit, String field) {
    return switch (unit.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "hz" -> v * 1e-9;
      case "khz" -> v * 1e-6;
      case "mhz" -> v * 1e-3;
      case "ghz" -> v;
      default -> throw CalibrationSnapshot.invalid(field, "unknown frequency unit '" + unit + "'");
    };
  }
}
