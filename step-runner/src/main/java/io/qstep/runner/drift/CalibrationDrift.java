package io.qstep.runner.drift;

import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.GateCalibration;
import io.qstep.runner.calibration.QubitCalibration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far a calibration moved from a reference: relative changes |now − ref| / ref of T1, T2, mean
 * readout error and gate errors per qubit (gates matched by name and qubits), each as mean and
 * worst, and the worst over all of them. Immutable.
 *
 * @param t1Mean mean relative change of T1 over the common qubits
 * @param t1Worst largest relative change of T1
 * @param t2Mean mean relative change of T2
 * @param t2Worst largest relative change of T2
 * @param readoutMean mean relative change of the mean readout error
 * @param readoutWorst largest relative change of the mean readout error
 * @param gateMean mean relative change of gate errors (gates calibrated in both, with a non-zero
 *     reference error)
 * @param gateWorst largest relative change of a gate error
 * @param worstQubit the qubit with the largest change of any kind
 * @param comparedQubits qubits present in both snapshots
 */
public record CalibrationDrift(
    double t1Mean,
    double t1Worst,
    double t2Mean,
    double t2Worst,
    double readoutMean,
    double readoutWorst,
    double gateMean,
    double gateWorst,
    int worstQubit,
    int comparedQubits) {

  /** Denominator floor for error rates, so a change from 0 is finite (a 1e-4 change = 100%). */
  public static final double RATE_FLOOR = 1e-4;

  /** Compares {@code current} with {@code reference} over their common qubits 0..min(n)−1. */
  public static CalibrationDrift between(
      CalibrationSnapshot reference, CalibrationSnapshot current) {
    int n = Math.min(reference.numQubits(), current.numQubits());
    double[] perQubit = new double[n];
    double t1s = 0;
    double t1w = 0;
    double t2s = 0;
    double t2w = 0;
    double ros = 0;
    double row = 0;
    for (int q = 0; q < n; q++) {
      QubitCalibration a = reference.qubit(q);
      QubitCalibration b = current.qubit(q);
      double t1 = rel(a.t1Us(), b.t1Us(), 0);
      double t2 = rel(a.t2Us(), b.t2Us(), 0);
      double ro = rel(a.readoutError(), b.readoutError(), RATE_FLOOR);
      t1s += t1;
      t2s += t2;
      ros += ro;
      t1w = Math.max(t1w, t1);
      t2w = Math.max(t2w, t2);
      row = Math.max(row, ro);
      perQubit[q] = Math.max(t1, Math.max(t2, ro));
    }
    double gs = 0;
    double gw = 0;
    int gc = 0;
    for (GateCalibration g : reference.gates()) {
      if (g.error() <= 0 || g.qubits().stream().anyMatch(q -> q >= n)) {
        continue;
      }
      int[] qs = g.qubits().stream().mapToInt(Integer::intValue).toArray();
      Optional<GateCalibration> now = current.gate(g.name(), qs);
      if (now.isEmpty()) {
        continue;
      }
      double r = rel(g.error(), now.get().error(), RATE_FLOOR);
      gs += r;
      gc++;
      gw = Math.max(gw, r);
      for (int q : qs) {
        perQubit[q] = Math.max(perQubit[q], r);
      }
    }
    int worst = 0;
    for (int q = 1; q < n; q++) {
      if (perQubit[q] > perQubit[worst]) {
        worst = q;
      }
    }
    return new CalibrationDrift(
        n == 0 ? 0 : t1s / n,
        t1w,
        n == 0 ? 0 : t2s / n,
        t2w,
        n == 0 ? 0 : ros / n,
        row,
        gc == 0 ? 0 : gs / gc,
        gw,
        worst,
        n);
  }

  private static double rel(double ref, double now, double floor) {
    return Math.abs(now - ref) / Math.max(Math.abs(ref), floor);
  }

  /** The largest relative change of any kind. */
  public double worst() {
    return Math.max(Math.max(t1Worst, t2Worst), Math.max(readoutWorst, gateWorst));
  }

  /** As metrics: {@code drift_calibration_{t1,t2,readout,gate_error}_{mean,worst}}, … */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("drift_calibration_t1_mean", t1Mean);
    m.put("drift_calibration_t1_worst", t1Worst);
    m.put("drift_calibration_t2_mean", t2Mean);
    m.put("drift_calibration_t2_worst", t2Worst);
    m.put("drift_calibration_readout_mean", readoutMean);
    m.put("drift_calibration_readout_worst", readoutWorst);
    m.put("drift_calibration_gate_error_mean", gateMean);
    m.put("drift_calibration_gate_error_worst", gateWorst);
    m.put("drift_calibration_worst", worst());
    m.put("drift_calibration_worst_qubit", (double) worstQubit);
    return m;
  }
}
