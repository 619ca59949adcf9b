package io.qstep.runner.calibration;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports IBM Quantum backend properties ({@code BackendProperties.to_dict()}, the JSON of the
 * {@code /backends/{name}/properties} endpoint): {@code backend_name}, {@code backend_version},
 * {@code last_update_date}, {@code qubits} as a list per qubit of {@code {name, value, unit, date}}
 * (T1, T2, frequency, readout_error, prob_meas0_prep1, prob_meas1_prep0, ...), and {@code gates} as
 * {@code {gate, qubits, parameters: [{name: gate_error | gate_length, value, unit}]}}.
 *
 * <p>Readout: {@code prob_meas0_prep1} is p(0|1) and {@code prob_meas1_prep0} is p(1|0); when they
 * are absent, {@code readout_error} is taken for both. Gates without a {@code gate_error} that
 * carry no error by nature ({@code reset}, {@code measure}, {@code delay}) are skipped. Errors name
 * fields in IBM's terms, e.g. {@code calibration.qubits[3].T2}, {@code
 * calibration.gates[7].parameters.gate_error}.
 */
public final class IbmBackendProperties {
  /** The source tag of imported snapshots. */
  public static final String SOURCE = "ibm-backend-properties";

  private static final Set<String> NO_ERROR_GATES = Set.of("reset", "measure", "delay");

  private IbmBackendProperties() {}

  static boolean looksLike(JsonObject root) {
    return root.has("backend_name") && root.has("qubits") && root.has("gates");
  }

  /** Parses IBM backend properties. */
  public static CalibrationSnapshot parse(JsonObject root) {
    String p = CalibrationSnapshot.FIELD + ".";
    String name = JsonFields.string(root, "backend_name", p + "backend_name");
    String version = JsonFields.optionalString(root, "backend_version", "");
    long ts =
        JsonFields.instant(
            JsonFields.string(root, "last_update_date", p + "last_update_date"),
            p + "last_update_date");
    JsonArray qa = JsonFields.array(root, "qubits", p + "qubits");
    List<QubitCalibration> qubits = new ArrayList<>();
    for (int i = 0; i < qa.size(); i++) {
      String f = p + "qubits[" + i + "]";
      if (!qa.get(i).isJsonArray()) {
        throw CalibrationSnapshot.invalid(f, "must be a list of {name, value, unit} entries");
      }
      Map<String, JsonObject> props = byName(qa.get(i).getAsJsonArray(), f);
      double t1 = micros(props, "T1", f);
      double t2 = micros(props, "T2", f);
      CalibrationSnapshot.checkQubit(t1, t2, f + ".T1", f + ".T2");
      double p01;
      double p10;
      if (props.containsKey("prob_meas0_prep1") || props.containsKey("prob_meas1_prep0")) {
        p01 = value(props, "prob_meas0_prep1", f);
        p10 = value(props, "prob_meas1_prep0", f);
        CalibrationSnapshot.checkRate(p01, f + ".prob_meas0_prep1");
        CalibrationSnapshot.checkRate(p10, f + ".prob_meas1_prep0");
      } else {
        p01 = value(props, "readout_error", f);
        CalibrationSnapshot.checkRate(p01, f + ".readout_error");
        p10 = p01;
      }
      double freq = Double.NaN;
      if (props.containsKey("frequency")) {
        JsonObject fo = props.get("frequency");
        freq =
            JsonFields.toGhz(
                value(props, "frequency", f),
                JsonFields.optionalString(fo, "unit", "GHz"),
                f + ".frequency");
      }
      qubits.add(new QubitCalibration(Integer.toString(i), t1, t2, p01, p10, freq));
    }
    JsonArray ga = JsonFields.array(root, "gates", p + "gates");
    List<GateCalibration> gates = new ArrayList<>();
    for (int k = 0; k < ga.size(); k++) {
      String f = p + "gates[" + k + "]";
      JsonObject g = JsonFields.asObject(ga.get(k), f);
      String gate = JsonFields.string(g, "gate", f + ".gate");
      JsonArray qs = JsonFields.array(g, "qubits", f + ".qubits");
      List<Integer> idx = new ArrayList<>();
      for (JsonElement q : qs) {
        idx.add(JsonFields.integer(q, f + ".qubits"));
      }
      CalibrationSnapshot.checkGateQubits(idx, qubits.size(), f + ".qubits");
      Map<String, JsonObject> params =
          byName(JsonFields.array(g, "parameters", f + ".parameters"), f + ".parameters");
      String pf = f + ".parameters";
      if (!params.containsKey("gate_error") && NO_ERROR_GATES.contains(gate.toLowerCase())) {
        continue;
      }
      double error = value(params, "gate_error", pf);
      CalibrationSnapshot.checkRate(error, pf + ".gate_error");
      double duration = Double.NaN;
      if (params.containsKey("gate_length")) {
        double us =
            JsonFields.toMicros(
                value(params, "gate_length", pf),
                JsonFields.optionalString(params.get("gate_length"), "unit", "ns"),
                pf + ".gate_length");
        duration = us * 1e3;
        if (duration < 0) {
          throw CalibrationSnapshot.invalid(pf + ".gate_length", "must be >= 0, got " + duration);
        }
      }
      gates.add(new GateCalibration(gate, idx, error, duration));
    }
    return new CalibrationSnapshot(name, version, SOURCE, ts, qubits, gates);
  }

  private static Map<String, JsonObject> byName(JsonArray entries, String field) {
    Map<String, JsonObject> m = new HashMap<>();
    for (int j = 0; j < entries.size(); j++) {
      JsonObject e = JsonFields.asObject(entries.get(j), field + "[" + j + "]");
      m.put(JsonFields.string(e, "name", field + "[" + j + "].name"), e);
    }
    return m;
  }

  private static double value(Map<String, JsonObject> props, String name, String field) {
    JsonObject e = props.get(name);
    if (e == null) {
      throw QStepException.missing(field + "." + name);
    }
    return JsonFields.number(e, "value", field + "." + name);
  }

  private static double micros(Map<String, JsonObject> props, String name, String field) {
    double v = value(props, name, field);
    String unit = JsonFields.optionalString(props.get(name), "unit", "us");
    return JsonFields.toMicros(v, unit, field + "." + name);
  }
}
