package io.qstep.runner.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.stage.Calibration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The importers read the sample files into the one schema, with values checked by hand. */
class CalibrationImportTest {

  @Test
  void ibmSample_hasSixteenQubitsAndCalibratedGates() {
    CalibrationSnapshot s = Calibrations.sample();
    assertThat(s.numQubits()).isEqualTo(16);
    assertThat(s.backendName()).isEqualTo("qstep_fake_guadalupe");
    assertThat(s.backendVersion()).isEqualTo("1.3.9");
    assertThat(s.source()).isEqualTo(IbmBackendProperties.SOURCE);
    assertThat(s.timestamp()).contains(Instant.parse("2026-11-24T12:12:33Z"));
    QubitCalibration q0 = s.qubit(0);
    assertThat(q0.t1Us()).isEqualTo(161.351, within(1e-12));
    assertThat(q0.t2Us()).isEqualTo(41.141, within(1e-12));
    assertThat(q0.frequencyGhz()).isBetween(4.8, 5.3);
    assertThat(q0.p0Given1()).isGreaterThan(q0.p1Given0() * 0).isLessThan(0.05);
    GateCalibration cx = s.gate("cx", 0, 1).orElseThrow();
    assertThat(cx.error()).isBetween(5e-3, 1.4e-2);
    assertThat(cx.durationNs()).isBetween(240.0, 460.0);
    assertThat(s.gate("cx", 1, 0)).isPresent();
    assertThat(s.gate("cx", 0, 2)).isEmpty();
    assertThat(s.gate("sx", 3).orElseThrow().durationNs()).isEqualTo(35.556, within(1e-9));
    assertThat(s.gate("rz", 3).orElseThrow().error()).isZero();
    // reset has no gate_error: skipped
    assertThat(s.gates()).noneMatch(g -> g.name().equals("reset"));
    assertThat(s.gatesOn(1, 0)).hasSize(2);
  }

  @Test
  void ibmImport_convertsUnitsAndFallsBackToReadoutError() {
    String json =
        """
        {"backend_name": "tiny", "backend_version": "2.0", "last_update_date": "2024-05-01T10:00:00+02:00",
         "qubits": [[{"name": "T1", "value": 0.0001, "unit": "s"}, {"name": "T2", "value": 80000, "unit": "ns"},
                     {"name": "frequency", "value": 5.1e9, "unit": "Hz"}, {"name": "readout_error", "value": 0.03}]],
         "gates": [{"gate": "sx", "qubits": [0], "parameters": [{"name": "gate_error", "value": 0.001},
                    {"name": "gate_length", "value": 0.04, "unit": "us"}]}],
         "general": []}
        """;
    CalibrationSnapshot s = Calibrations.parse(json);
    assertThat(s.qubit(0).t1Us()).isEqualTo(100, within(1e-9));
    assertThat(s.qubit(0).t2Us()).isEqualTo(80, within(1e-9));
    assertThat(s.qubit(0).frequencyGhz()).isEqualTo(5.1, within(1e-12));
    assertThat(s.qubit(0).p0Given1()).isEqualTo(0.03);
    assertThat(s.qubit(0).p1Given0()).isEqualTo(0.03);
    assertThat(s.gate("sx", 0).orElseThrow().durationNs()).isEqualTo(40, within(1e-9));
    assertThat(s.timestampMs()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z").toEpochMilli());
  }

  @Test
  void braketSample_renumbersLabelsAndMapsFidelities() {
    CalibrationSnapshot s = Calibrations.resource(Calibrations.BRAKET_SAMPLE_RESOURCE);
    assertThat(s.numQubits()).isEqualTo(10);
    assertThat(s.backendName()).isEqualTo("Sample-10");
    assertThat(s.source()).isEqualTo("braket-standardized-v2");
    assertThat(s.timestamp()).contains(Instant.parse("2026-11-24T09:30:00Z"));
    assertThat(s.qubits().stream().map(QubitCalibration::label).toList())
        .containsExactly("0", "1", "2", "3", "4", "10", "11", "12", "13", "14");
    // T1 in seconds becomes microseconds
    assertThat(s.qubit(0).t1Us()).isBetween(10.0, 40.0);
    // readout fidelity F -> symmetric error 1 - F
    assertThat(s.qubit(0).p0Given1()).isEqualTo(s.qubit(0).p1Given0()).isBetween(0.015, 0.07);
    assertThat(s.gate("1q", 0)).isPresent();
    // pair "0-10" is qubits 0 and 5 after renumbering
    assertThat(s.gatesOn(0, 5))
        .singleElement()
        .satisfies(g -> assertThat(g.name()).isEqualTo("cz"));
    assertThat(s.gatesOn(4, 9)).hasSize(1);
    assertThat(s.gates().stream().filter(g -> g.qubits().size() == 2)).hasSize(10);
    assertThat(s.gates()).allMatch(g -> !g.hasDuration());
  }

  @Test
  void braketBareStandardizedV1_isRead() {
    String json =
        """
        {"braketSchemaHeader": {"name": "braket.device_schema.standardized_gate_model_qpu_device_properties", "version": "1"},
         "oneQubitProperties": {
           "0": {"T1": {"value": 28.9, "unit": "us"}, "T2": {"value": 44.5, "standardError": 0.02, "unit": "us"},
                 "oneQubitFidelity": [{"fidelityType": {"name": "RANDOMIZED_BENCHMARKING"}, "fidelity": 0.9993},
                                      {"fidelityType": {"name": "READOUT"}, "fidelity": 0.903}]},
           "1": {"T1": {"value": 28.9, "unit": "us"}, "T2": {"value": 44.5, "unit": "us"},
                 "oneQubitFidelity": [{"fidelityType": {"name": "READOUT"}, "fidelity": 0.867}]}},
         "twoQubitProperties": {"0-1": {"twoQubitGateFidelity": [
            {"direction": {"control": 1, "target": 0}, "gateName": "CNOT", "fidelity": 0.877,
             "fidelityType": {"name": "INTERLEAVED_RANDOMIZED_BENCHMARKING"}}]}}}
        """;
    CalibrationSnapshot s = Calibrations.parse(json);
    assertThat(s.source()).isEqualTo("braket-standardized-v1");
    assertThat(s.timestampMs()).isZero();
    assertThat(s.qubit(1).p0Given1()).isEqualTo(1 - 0.867, within(1e-12));
    assertThat(s.gate("1q", 0).orElseThrow().error()).isEqualTo(1 - 0.9993, within(1e-12));
    assertThat(s.gate("1q", 1)).isEmpty();
    assertThat(s.gate("cx", 1, 0).orElseThrow().error()).isEqualTo(1 - 0.877, within(1e-12));
  }

  @Test
  void qstepJson_roundTripsWithTheSameId() {
    CalibrationSnapshot s = Calibrations.sample();
    CalibrationSnapshot back = Calibrations.parse(s.toJson());
    assertThat(back.id()).isEqualTo(s.id()).hasSize(64).matches("[0-9a-f]+");
    assertThat(back.toJson()).isEqualTo(s.toJson());
    assertThat(back.qubits()).isEqualTo(s.qubits());
    assertThat(back.gates()).isEqualTo(s.gates());
  }

  @Test
  void id_isAContentHash() {
    CalibrationSnapshot a =
        CalibrationSnapshot.uniform(3, 100, 80, 0.02, 0.01, 1e-3, 1e-2, 35, 300);
    CalibrationSnapshot b =
        CalibrationSnapshot.uniform(3, 100, 80, 0.02, 0.01, 1e-3, 1e-2, 35, 300);
    CalibrationSnapshot c =
        CalibrationSnapshot.uniform(3, 100, 80, 0.02, 0.01, 1e-3, 2e-2, 35, 300);
    assertThat(a.id()).isEqualTo(b.id());
    assertThat(a).isEqualTo(b);
    assertThat(c.id()).isNotEqualTo(a.id());
  }

  @Test
  void provenance_carriesIdTimestampAndFullJson() {
    CalibrationSnapshot s = Calibrations.sample();
    Calibration p = s.provenance();
    assertThat(p.id()).isEqualTo(s.id());
    assertThat(p.timestampMs()).isEqualTo(s.timestampMs());
    assertThat(p.json()).isEqualTo(s.toJson()).contains("\"t1_us\"").contains(s.id());
    assertThat(new Calibration("x", 0).json()).contains("calibration_id");
  }

  @Test
  void readoutConfusion_columnsArePreparedStates() {
    CalibrationSnapshot s = CalibrationSnapshot.builder("d").qubit(100, 100, 0.1, 0.02).build();
    assertThat(s.readoutConfusion(0))
        .containsExactly(new double[] {0.98, 0.1, 0.02, 0.9}, within(1e-15));
    assertThat(s.qubit(0).readoutError()).isEqualTo(0.06, within(1e-15));
  }
}
