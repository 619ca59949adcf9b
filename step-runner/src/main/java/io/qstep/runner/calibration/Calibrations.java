package io.qstep.runner.calibration;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads calibration snapshots from any supported format, detected from the content: qstep's own
 * ({@code "schema": "qstep.calibration.v1"}), IBM backend properties, Braket standardized device
 * properties. Stateless.
 */
public final class Calibrations {
  /** Classpath resource of the built-in sample: a 16-qubit IBM-style device. */
  public static final String SAMPLE_RESOURCE = "/io/qstep/runner/calibration/ibm_sample_16q.json";

  /** Classpath resource of the Braket sample: a 10-qubit device, standardized properties v2. */
  public static final String BRAKET_SAMPLE_RESOURCE =
      "/io/qstep/runner/calibration/braket_sample_10q.json";

  private Calibrations() {}

  /**
   * Parses JSON text in any supported format.
   *
   * @throws QStepException INVALID_VALUE / MISSING_FIELD naming the field (prefix {@code
   *     calibration})
   */
  public static CalibrationSnapshot parse(String json) {
    JsonElement e;
    try {
      e = JsonParser.parseString(json);
    } catch (JsonParseException ex) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          CalibrationSnapshot.FIELD,
          "calibration: not valid JSON: " + ex.getMessage(),
          ex);
    }
    if (!e.isJsonObject()) {
      throw CalibrationSnapshot.invalid(CalibrationSnapshot.FIELD, "must be a JSON object");
    }
    JsonObject root = e.getAsJsonObject();
    if (CalibrationJson.looksLike(root)) {
      return CalibrationJson.parse(root);
    }
    if (IbmBackendProperties.looksLike(root)) {
      return IbmBackendProperties.parse(root);
    }
    if (BraketDeviceProperties.looksLike(root)) {
      return BraketDeviceProperties.parse(root);
    }
    throw CalibrationSnapshot.invalid(
        CalibrationSnapshot.FIELD,
        "unknown format: expected qstep ('schema': '"
            + CalibrationSnapshot.SCHEMA
            + "'), IBM backend properties (backend_name, qubits, gates) or Braket standardized"
            + " properties (oneQubitProperties, twoQubitProperties)");
  }

  /**
   * Reads and parses a file.
   *
   * @throws QStepException INVALID_VALUE naming {@code calibration} when it cannot be read
   */
  public static CalibrationSnapshot load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          CalibrationSnapshot.FIELD,
          "calibration: cannot read " + file + ": " + e,
          e);
    }
  }

  /** A classpath resource in any supported format. */
  public static CalibrationSnapshot resource(String name) {
    try (InputStream in = Calibrations.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  /** The built-in sample calibration (16 qubits, IBM backend-properties format). */
  public static CalibrationSnapshot sample() {
    return Holder.SAMPLE;
  }

  private static final class Holder {
    static final CalibrationSnapshot SAMPLE = resource(SAMPLE_RESOURCE);
  }
}
