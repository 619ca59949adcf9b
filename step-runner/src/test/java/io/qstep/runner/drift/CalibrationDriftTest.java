package io.qstep.runner.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.calibration.GateCalibration;
import io.qstep.runner.calibration.QubitCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calibration drift, thresholds and verdicts. */
class CalibrationDriftTest {
  private static final double EPS = 1e-12;

  /** The sample with qubit {@code q}'s T1 times {@code f} and the cx(0,1) error times {@code g}. */
  static CalibrationSnapshot perturbed(int q, double f, double g) {
    CalibrationSnapshot s = Calibrations.sample();
    List<QubitCalibration> qs = new ArrayList<>(s.qubits());
    QubitCalibration a = qs.get(q);
    qs.set(
        q,
        new QubitCalibration(
            a.label(),
            a.t1Us() * f,
            Math.min(a.t2Us(), 2 * a.t1Us() * f),
            a.p0Given1(),
            a.p1Given0(),
            a.frequencyGhz()));
    List<GateCalibration> gs = new ArrayList<>();
    for (GateCalibration c : s.gates()) {
      boolean hit = c.name().equals("cx") && c.qubits().equals(List.of(0, 1));
      gs.add(hit ? new GateCalibration("cx", c.qubits(), c.error() * g, c.durationNs()) : c);
    }
    return new CalibrationSnapshot(
        s.backendName(), s.backendVersion(), s.source(), s.timestampMs() + 1, qs, gs);
  }

  @Test
  void sameSnapshot_hasNoDrift() {
    CalibrationDrift d = CalibrationDrift.between(Calibrations.sample(), Calibrations.sample());
    assertThat(d.worst()).isZero();
    assertThat(d.comparedQubits()).isEqualTo(16);
  }

  @Test
  void halvedT1AndDoubledGateError_areReportedWorstAndMean() {
    CalibrationDrift d = CalibrationDrift.between(Calibrations.sample(), perturbed(5, 0.5, 2));
    assertThat(d.t1Worst()).isCloseTo(0.5, within(EPS));
    assertThat(d.t1Mean()).isCloseTo(0.5 / 16, within(EPS));
    assertThat(d.gateWorst()).isCloseTo(1, within(EPS));
    assertThat(d.worst()).isCloseTo(1, within(EPS));
    assertThat(d.readoutWorst()).isZero();
    assertThat(d.worstQubit()).isIn(0, 1);
    Map<String, Double> m = d.metrics();
    assertThat(m).containsKeys("drift_calibration_t1_worst", "drift_calibration_worst");
    assertThat(m.keySet()).allMatch(k -> k.startsWith("drift_"));
  }

  @Test
  void verdict_followsThresholds() {
    assertThat(DriftVerdict.of(0.1, 0.25, 0.5)).isEqualTo(DriftVerdict.OK);
    assertThat(DriftVerdict.of(0.3, 0.25, 0.5)).isEqualTo(DriftVerdict.WARN);
    assertThat(DriftVerdict.of(0.6, 0.25, 0.5)).isEqualTo(DriftVerdict.RETRAIN_SURROGATE);
    assertThat(DriftVerdict.RETRAIN_SURROGATE.id()).isEqualTo("retrain-surrogate");
    assertThat(DriftVerdict.WARN.max(DriftVerdict.OK)).isEqualTo(DriftVerdict.WARN);
  }

  @Test
  void thresholds_fromParameters_andBadOnesNameTheParameter() {
    DriftThresholds t = DriftThresholds.fromParameters(Map.of("drift_output_warn", "0.01"));
    assertThat(t.outputWarn()).isEqualTo(0.01);
    assertThat(t.inputRetrain()).isEqualTo(DriftThresholds.defaults().inputRetrain());
    assertThatThrownBy(() -> DriftThresholds.fromParameters(Map.of("drift_input_warn", "x")))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
              assertThat(e.field()).isEqualTo("drift_input_warn");
            });
    assertThatThrownBy(
            () -> DriftThresholds.fromParameters(Map.of("drift_calibration_retrain", "0.1")))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> assertThat(e.field()).isEqualTo("drift_calibration_retrain"));
  }
}
