package io.qstep.runner.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every bad calibration is an INVALID_ARGUMENT-category error naming the field at fault. */
class CalibrationValidationTest {

  private static String ibm(String qubit0, String gates) {
    return """
        {"backend_name": "t", "last_update_date": "2024-05-01T10:00:00Z",
         "qubits": [%s, [{"name": "T1", "value": 50, "unit": "us"}, {"name": "T2", "value": 40, "unit": "us"},
                         {"name": "readout_error", "value": 0.02}]],
         "gates": [%s]}
        """
        .formatted(qubit0, gates);
  }

  private static final String GOOD_Q =
      "[{\"name\": \"T1\", \"value\": 100, \"unit\": \"us\"}, {\"name\": \"T2\", \"value\": 90,"
          + " \"unit\": \"us\"}, {\"name\": \"prob_meas0_prep1\", \"value\": 0.03}, {\"name\":"
          + " \"prob_meas1_prep0\", \"value\": 0.01}]";

  private static String gate(String name, String qubits, double error) {
    return "{\"gate\": \"%s\", \"qubits\": %s, \"parameters\": [{\"name\": \"gate_error\", \"value\": %s}, {\"name\": \"gate_length\", \"value\": 35, \"unit\": \"ns\"}]}"
        .formatted(name, qubits, error);
  }

  private static void assertBad(ThrowingCallable call, ErrorReason reason, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.category()).isEqualTo(ErrorReason.Category.INVALID_ARGUMENT);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(field);
            });
  }

  @Test
  void goodIbmFile_parses() {
    CalibrationSnapshot s = Calibrations.parse(ibm(GOOD_Q, gate("cx", "[0, 1]", 0.01)));
    assertThat(s.numQubits()).isEqualTo(2);
  }

  @Test
  void ibm_missingT1_isMissingField() {
    String q = GOOD_Q.replace("\"name\": \"T1\"", "\"name\": \"T1x\"");
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.MISSING_FIELD,
        "calibration.qubits[0].T1");
  }

  @Test
  void ibm_missingReadout_isMissingField() {
    String q =
        "[{\"name\": \"T1\", \"value\": 100, \"unit\": \"us\"}, {\"name\": \"T2\", \"value\": 90,"
            + " \"unit\": \"us\"}]";
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.MISSING_FIELD,
        "calibration.qubits[0].readout_error");
  }

  @Test
  void ibm_missingGateError_isMissingField() {
    String g =
        "{\"gate\": \"cx\", \"qubits\": [0, 1], \"parameters\": [{\"name\": \"gate_length\", \"value\": 300}]}";
    assertBad(
        () -> Calibrations.parse(ibm(GOOD_Q, g)),
        ErrorReason.MISSING_FIELD,
        "calibration.gates[0].parameters.gate_error");
  }

  @Test
  void ibm_missingLastUpdateDate_isMissingField() {
    String json = ibm(GOOD_Q, "").replace("last_update_date", "updated");
    assertBad(
        () -> Calibrations.parse(json), ErrorReason.MISSING_FIELD, "calibration.last_update_date");
  }

  @Test
  void ibm_negativeGateError_isInvalid() {
    assertBad(
        () -> Calibrations.parse(ibm(GOOD_Q, gate("sx", "[1]", -0.001))),
        ErrorReason.INVALID_VALUE,
        "calibration.gates[0].parameters.gate_error");
  }

  @Test
  void ibm_gateErrorAboveOne_isInvalid() {
    assertBad(
        () -> Calibrations.parse(ibm(GOOD_Q, gate("sx", "[0]", 1.5))),
        ErrorReason.INVALID_VALUE,
        "calibration.gates[0].parameters.gate_error");
  }

  @Test
  void ibm_readoutAboveOne_isInvalid() {
    String q = GOOD_Q.replace("\"value\": 0.03", "\"value\": 1.03");
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.INVALID_VALUE,
        "calibration.qubits[0].prob_meas0_prep1");
  }

  @Test
  void ibm_t2AboveTwiceT1_isInvalid() {
    String q = GOOD_Q.replace("\"value\": 90", "\"value\": 200.5");
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.INVALID_VALUE,
        "calibration.qubits[0].T2");
  }

  @Test
  void ibm_negativeT1_isInvalid() {
    String q = GOOD_Q.replace("\"value\": 100", "\"value\": -100");
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.INVALID_VALUE,
        "calibration.qubits[0].T1");
  }

  @Test
  void ibm_gateOnUnknownQubit_isInvalid() {
    assertBad(
        () ->
            Calibrations.parse(
                ibm(GOOD_Q, gate("sx", "[0]", 0.001) + "," + gate("cx", "[1, 7]", 0.01))),
        ErrorReason.INVALID_VALUE,
        "calibration.gates[1].qubits");
  }

  @Test
  void ibm_unknownTimeUnit_isInvalid() {
    String q = GOOD_Q.replaceFirst("\"unit\": \"us\"", "\"unit\": \"fortnights\"");
    assertBad(
        () -> Calibrations.parse(ibm(q, "")),
        ErrorReason.INVALID_VALUE,
        "calibration.qubits[0].T1");
  }

  private static String braket(String t2, String readout, String pair) {
    return """
        {"braketSchemaHeader": {"name": "braket.device_schema.standardized_gate_model_qpu_device_properties", "version": "2"},
         "oneQubitProperties": {
           "0": {"T1": {"value": 3e-5, "unit": "s"}, "T2": {"value": %s, "unit": "s"},
                 "oneQubitFidelity": [%s]},
           "1": {"T1": {"value": 3e-5, "unit": "s"}, "T2": {"value": 2e-5, "unit": "s"},
                 "oneQubitFidelity": [{"fidelityType": {"name": "READOUT"}, "fidelity": 0.95, "unit": "fraction"}]}},
         "twoQubitProperties": {"%s": {"twoQubitGateFidelity": [
            {"gateName": "CZ", "fidelity": 0.97, "fidelityType": {"name": "IRB"}, "unit": "fraction"}]}}}
        """
        .formatted(t2, readout, pair);
  }

  private static final String READOUT_OK =
      "{\"fidelityType\": {\"name\": \"READOUT\"}, \"fidelity\": 0.9, \"unit\": \"fraction\"}";

  @Test
  void goodBraketFile_parses() {
    assertThat(Calibrations.parse(braket("2e-5", READOUT_OK, "0-1")).numQubits()).isEqualTo(2);
  }

  @Test
  void braket_missingReadout_isMissingField() {
    String rb = "{\"fidelityType\": {\"name\": \"RANDOMIZED_BENCHMARKING\"}, \"fidelity\": 0.999}";
    assertBad(
        () -> Calibrations.parse(braket("2e-5", rb, "0-1")),
        ErrorReason.MISSING_FIELD,
        "calibration.oneQubitProperties[\"0\"].oneQubitFidelity[READOUT]");
  }

  @Test
  void braket_fidelityAboveOne_isInvalid() {
    assertBad(
        () -> Calibrations.parse(braket("2e-5", READOUT_OK.replace("0.9", "1.2"), "0-1")),
        ErrorReason.INVALID_VALUE,
        "calibration.oneQubitProperties[\"0\"].oneQubitFidelity[0].fidelity");
  }

  @Test
  void braket_t2AboveTwiceT1_isInvalid() {
    assertBad(
        () -> Calibrations.parse(braket("7e-5", READOUT_OK, "0-1")),
        ErrorReason.INVALID_VALUE,
        "calibration.oneQubitProperties[\"0\"].T2");
  }

  @Test
  void braket_pairOnUnknownQubit_isInvalid() {
    assertBad(
        () -> Calibrations.parse(braket("2e-5", READOUT_OK, "0-5")),
        ErrorReason.INVALID_VALUE,
        "calibration.twoQubitProperties[\"0-5\"]");
  }

  @Test
  void braket_missingT1_isMissingField() {
    String json = braket("2e-5", READOUT_OK, "0-1").replaceFirst("\"T1\"", "\"T0\"");
    assertBad(
        () -> Calibrations.parse(json),
        ErrorReason.MISSING_FIELD,
        "calibration.oneQubitProperties[\"0\"].T1");
  }

  @Test
  void qstepJson_missingQubitField_isMissingField() {
    String json =
        CalibrationSnapshot.uniform(2, 100, 80, 0.02, 0.01, 1e-3, 1e-2, 35, 300)
            .toJson()
            .replaceFirst("\"readout_p1_given_0\"", "\"readout_p1_given_zero\"");
    assertBad(
        () -> Calibrations.parse(json),
        ErrorReason.MISSING_FIELD,
        "calibration.qubits[0].readout_p1_given_0");
  }

  @Test
  void builder_gateOnUnknownQubit_isInvalid() {
    assertBad(
        () ->
            CalibrationSnapshot.builder("d")
                .qubit(100, 80, 0, 0)
                .gate("cx", 0.01, 300, 0, 1)
                .build(),
        ErrorReason.INVALID_VALUE,
        "calibration.gates[0].qubits");
  }

  @Test
  void builder_missingBackendName_isMissingField() {
    assertBad(
        () -> CalibrationSnapshot.builder(" ").qubit(100, 80, 0, 0).build(),
        ErrorReason.MISSING_FIELD,
        "calibration.backend_name");
  }

  @Test
  void notJson_unknownFormat_andUnreadableFile_nameCalibration() {
    assertBad(() -> Calibrations.parse("{nope"), ErrorReason.INVALID_VALUE, "calibration");
    assertBad(() -> Calibrations.parse("{\"a\": 1}"), ErrorReason.INVALID_VALUE, "calibration");
    assertBad(
        () -> Calibrations.load(Path.of("/nonexistent/calibration.json")),
        ErrorReason.INVALID_VALUE,
        "calibration");
  }
}
