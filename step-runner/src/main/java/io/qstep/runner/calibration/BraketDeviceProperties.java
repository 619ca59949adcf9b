package io.qstep.runner.calibration;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Imports Amazon Braket's standardized gate-model QPU properties ({@code
 * braket.device_schema.standardized_gate_model_qpu_device_properties}, versions 1 and 2): {@code
 * oneQubitProperties} keyed by qubit label with {@code T1}, {@code T2} ({@code {value, unit}}) and
 * {@code oneQubitFidelity} ({@code RANDOMIZED_BENCHMARKING}, {@code
 * SIMULTANEOUS_RANDOMIZED_BENCHMARKING}, {@code READOUT}); {@code twoQubitProperties} keyed by
 * {@code "a-b"} with {@code twoQubitGateFidelity} ({@code gateName}, {@code fidelity}, optional
 * {@code direction}).
 *
 * <p>Accepted wrappers: the bare standardized object; device capabilities holding it under {@code
 * standardized} (the snapshot time is then {@code service.updatedAt}); or a {@code GetDevice}
 * response ({@code deviceName}, {@code deviceCapabilities} as a JSON string).
 *
 * <p>Mapping: qubits are renumbered 0..n−1 in ascending label order (labels kept); readout fidelity
 * F gives p(0|1) = p(1|0) = 1 − F (Braket reports one figure); the one-qubit RB fidelity becomes a
 * gate {@code 1q} with error 1 − F; {@code CNOT} is named {@code cx}. Braket gives no gate
 * durations (they stay unknown). Errors name fields in Braket's terms, e.g. {@code
 * calibration.oneQubitProperties["3"].T2}.
 */
public final class BraketDeviceProperties {
  /** The schema name in {@code braketSchemaHeader}. */
  public static final String SCHEMA_NAME =
      "braket.device_schema.standardized_gate_model_qpu_device_properties";

  private BraketDeviceProperties() {}

  static boolean looksLike(JsonObject root) {
    return root.has("oneQubitProperties")
        || root.has("standardized")
        || root.has("deviceCapabilities");
  }

  /** Parses any of the accepted forms. */
  public static CalibrationSnapshot parse(JsonObject root) {
    String p = CalibrationSnapshot.FIELD + ".";
    String name = "braket";
    JsonObject caps = root;
    if (root.has("deviceCapabilities")) {
      name = JsonFields.optionalString(root, "deviceName", name);
      JsonElement c = root.get("deviceCapabilities");
      try {
        caps =
            c.isJsonPrimitive()
                ? JsonParser.parseString(c.getAsString()).getAsJsonObject()
                : c.getAsJsonObject();
      } catch (RuntimeException e) {
        throw CalibrationSnapshot.invalid(p + "deviceCapabilities", "is not a JSON object");
      }
    }
    long ts = 0;
    JsonObject std = caps;
    if (caps.has("standardized")) {
      std = JsonFields.object(caps, "standardized", p + "standardized");
      if (caps.has("service") && caps.get("service").isJsonObject()) {
        String at = JsonFields.optionalString(caps.getAsJsonObject("service"), "updatedAt", "");
        if (!at.isEmpty()) {
          ts = JsonFields.instant(at, p + "service.updatedAt");
        }
      }
    }
    String version = "";
    if (std.has("braketSchemaHeader") && std.get("braketSchemaHeader").isJsonObject()) {
      JsonObject h = std.getAsJsonObject("braketSchemaHeader");
      String schema = JsonFields.optionalString(h, "name", SCHEMA_NAME);
      if (!SCHEMA_NAME.equals(schema)) {
        throw CalibrationSnapshot.invalid(
            p + "braketSchemaHeader.name", "expected " + SCHEMA_NAME + ", got " + schema);
      }
      version = JsonFields.optionalString(h, "version", "");
    }
    JsonObject one = JsonFields.object(std, "oneQubitProperties", p + "oneQubitProperties");
    JsonObject two = JsonFields.object(std, "twoQubitProperties", p + "twoQubitProperties");

    List<String> labels = new ArrayList<>(one.keySet());
    labels.sort(Comparator.comparing(BraketDeviceProperties::numericOrMax).thenComparing(s -> s));
    Map<String, Integer> index = new HashMap<>();
    List<QubitCalibration> qubits = new ArrayList<>();
    List<GateCalibration> gates = new ArrayList<>();
    for (String label : labels) {
      String f = p + "oneQubitProperties[\"" + label + "\"]";
      JsonObject q = JsonFields.asObject(one.get(label), f);
      double t1 = time(q, "T1", f);
      double t2 = time(q, "T2", f);
      CalibrationSnapshot.checkQubit(t1, t2, f + ".T1", f + ".T2");
      JsonArray fids = JsonFields.array(q, "oneQubitFidelity", f + ".oneQubitFidelity");
      Map<String, Double> byType = new HashMap<>();
      for (int j = 0; j < fids.size(); j++) {
        String ff = f + ".oneQubitFidelity[" + j + "]";
        JsonObject e = JsonFields.asObject(fids.get(j), ff);
        String type =
            JsonFields.string(
                JsonFields.object(e, "fidelityType", ff + ".fidelityType"),
                "name",
                ff + ".fidelityType.name");
        double fid = JsonFields.number(e, "fidelity", ff + ".fidelity");
        CalibrationSnapshot.checkRate(fid, ff + ".fidelity");
        byType.putIfAbsent(type.toUpperCase(Locale.ROOT), fid);
      }
      Double readout = byType.get("READOUT");
      if (readout == null) {
        throw QStepException.missing(f + ".oneQubitFidelity[READOUT]");
      }
      int i = qubits.size();
      index.put(label, i);
      qubits.add(new QubitCalibration(label, t1, t2, 1 - readout, 1 - readout, Double.NaN));
      Double rb = byType.get("RANDOMIZED_BENCHMARKING");
      if (rb == null) {
        rb = byType.get("SIMULTANEOUS_RANDOMIZED_BENCHMARKING");
      }
      if (rb != null) {
        gates.add(new GateCalibration("1q", List.of(i), 1 - rb, Double.NaN));
      }
    }
    Set<String> seen = new HashSet<>();
    for (String pair : two.keySet()) {
      String f = p + "twoQubitProperties[\"" + pair + "\"]";
      String[] ends = pair.split("-");
      if (ends.length != 2) {
        throw CalibrationSnapshot.invalid(f, "a pair key is 'a-b', got '" + pair + "'");
      }
      int a = qubitIndex(index, ends[0], f, qubits.size());
      int b = qubitIndex(index, ends[1], f, qubits.size());
      JsonObject t = JsonFields.asObject(two.get(pair), f);
      JsonArray fids = JsonFields.array(t, "twoQubitGateFidelity", f + ".twoQubitGateFidelity");
      for (int j = 0; j < fids.size(); j++) {
        String ff = f + ".twoQubitGateFidelity[" + j + "]";
        JsonObject e = JsonFields.asObject(fids.get(j), ff);
        String gate = JsonFields.string(e, "gateName", ff + ".gateName").toLowerCase(Locale.ROOT);
        if (gate.equals("cnot")) {
          gate = "cx";
        }
        double fid = JsonFields.number(e, "fidelity", ff + ".fidelity");
        CalibrationSnapshot.checkRate(fid, ff + ".fidelity");
        int c = a;
        int tq = b;
        JsonElement dir = e.get("direction");
        if (dir != null && dir.isJsonObject()) {
          JsonObject d = dir.getAsJsonObject();
          c = qubitIndex(index, d.get("control").getAsString(), ff + ".direction", qubits.size());
          tq = qubitIndex(index, d.get("target").getAsString(), ff + ".direction", qubits.size());
        }
        if (c == tq) {
          throw CalibrationSnapshot.invalid(f, "a pair needs two different qubits");
        }
        if (seen.add(gate + "/" + c + "/" + tq)) {
          gates.add(new GateCalibration(gate, List.of(c, tq), 1 - fid, Double.NaN));
        }
      }
    }
    return new CalibrationSnapshot(
        name,
        version,
        "braket-standardized-v" + (version.isEmpty() ? "1" : version),
        ts,
        qubits,
        gates);
  }

  private static int qubitIndex(Map<String, Integer> index, String label, String field, int n) {
    Integer i = index.get(label.strip());
    if (i == null) {
      throw CalibrationSnapshot.invalid(
          field,
          "unknown qubit "
              + label
              + ": oneQubitProperties has "
              + n
              + " qubits "
              + index.keySet().stream().sorted().toList());
    }
    return i;
  }

  private static double time(JsonObject q, String key, String f) {
    JsonObject t = JsonFields.object(q, key, f + "." + key);
    double v = JsonFields.number(t, "value", f + "." + key + ".value");
    return JsonFields.toMicros(
        v, JsonFields.optionalString(t, "unit", "s"), f + "." + key + ".unit");
  }

  private static long numericOrMax(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
