package io.qstep.runner.calibration;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads qstep's own calibration JSON ({@link CalibrationSnapshot#toJson()}). */
public final class CalibrationJson {
  private CalibrationJson() {}

  static boolean looksLike(JsonObject root) {
    return CalibrationSnapshot.SCHEMA.equals(JsonFields.optionalString(root, "schema", ""));
  }

  /**
   * Parses qstep's form. A stored {@code id} is ignored: the id is recomputed from the content.
   *
   * @throws io.qstep.error.QStepException naming the missing or bad field ({@code
   *     calibration.qubits[2].t1_us})
   */
  public static CalibrationSnapshot parse(JsonObject root) {
    String p = CalibrationSnapshot.FIELD + ".";
    String name = JsonFields.string(root, "backend_name", p + "backend_name");
    String version = JsonFields.optionalString(root, "backend_version", "");
    String source = JsonFields.optionalString(root, "source", "qstep");
    String ts = JsonFields.optionalString(root, "timestamp", "");
    long tsMs = ts.isEmpty() ? 0 : JsonFields.instant(ts, p + "timestamp");
    JsonArray qa = JsonFields.array(root, "qubits", p + "qubits");
    List<QubitCalibration> qubits = new ArrayList<>();
    for (int i = 0; i < qa.size(); i++) {
      String f = p + "qubits[" + i + "]";
      JsonObject q = JsonFields.asObject(qa.get(i), f);
      qubits.add(
          new QubitCalibration(
              JsonFields.optionalString(q, "label", Integer.toString(i)),
              JsonFields.number(q, "t1_us", f + ".t1_us"),
              JsonFields.number(q, "t2_us", f + ".t2_us"),
              JsonFields.number(q, "readout_p0_given_1", f + ".readout_p0_given_1"),
              JsonFields.number(q, "readout_p1_given_0", f + ".readout_p1_given_0"),
              JsonFields.optionalNumber(q, "frequency_ghz", f + ".frequency_ghz")));
    }
    JsonArray ga = JsonFields.array(root, "gates", p + "gates");
    List<GateCalibration> gates = new ArrayList<>();
    for (int k = 0; k < ga.size(); k++) {
      String f = p + "gates[" + k + "]";
      JsonObject g = JsonFields.asObject(ga.get(k), f);
      JsonArray qs = JsonFields.array(g, "qubits", f + ".qubits");
      List<Integer> idx = new ArrayList<>();
      for (int j = 0; j < qs.size(); j++) {
        idx.add(JsonFields.integer(qs.get(j), f + ".qubits"));
      }
      gates.add(
          new GateCalibration(
              JsonFields.string(g, "name", f + ".name"),
              idx,
              JsonFields.number(g, "error", f + ".error"),
              JsonFields.optionalNumber(g, "duration_ns", f + ".duration_ns")));
    }
    return new CalibrationSnapshot(name, version, source, tsMs, qubits, gates);
  }
}
