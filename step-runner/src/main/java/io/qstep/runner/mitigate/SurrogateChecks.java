package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Whether a loaded surrogate fits the step: hard mismatches (observables, feature scales, and with
 * {@code surrogate_strict=true} the circuit structure) are errors naming the field; softer ones
 * (width, depth, calibration drift beyond the threshold) flag the inputs as out of distribution.
 */
final class SurrogateChecks {
  private SurrogateChecks() {}

  /** The out-of-distribution reasons; throws for hard mismatches. */
  static List<String> check(
      SurrogateMetadata m,
      MitigationSpec spec,
      Circuit template,
      List<String> observables,
      Map<String, Double> calibrationSummary) {
    List<String> reasons = new ArrayList<>();
    String hash = CircuitStructure.hash(template);
    if (!hash.equals(m.structureHash())) {
      String msg =
          "the model was trained for circuit structure "
              + m.structureHash().substring(0, 12)
              + " ("
              + m.width()
              + " qubits, depth "
              + m.depth()
              + "), this circuit's is "
              + hash.substring(0, 12)
              + " ("
              + template.numQubits()
              + " qubits, depth "
              + template.depth()
              + ")";
      if (spec.surrogateStrict()) {
        throw SurrogateFile.bad(msg + "; retrain it or set surrogate_strict=false");
      }
      reasons.add("different circuit structure");
    }
    if (template.numQubits() != m.width()) {
      reasons.add("width " + template.numQubits() + " != trained " + m.width());
    }
    if (template.depth() != m.depth()) {
      reasons.add("depth " + template.depth() + " != trained " + m.depth());
    }
    List<String> obs = Estimator.explicit(observables, template.numQubits());
    if (!obs.equals(m.observables())) {
      throw SurrogateFile.bad(
          "the model predicts observables " + m.observables() + ", the step asks for " + obs);
    }
    double[] want = spec.has(MitigationSpec.Method.ZNE) ? spec.scales() : new double[] {1};
    if (!Arrays.equals(want, m.scales())) {
      throw MitigationSpec.bad(
          spec.has(MitigationSpec.Method.ZNE) ? "zne_scales" : "mitigation",
          "the surrogate model's features are values at noise scales "
              + Arrays.toString(m.scales())
              + "; the step would give "
              + Arrays.toString(want)
              + (m.scales().length > 1
                  ? " (use mitigation=zne+surrogate with those zne_scales)"
                  : ""));
    }
    for (Map.Entry<String, Double> e : m.calibrationSummary().entrySet()) {
      Double now = calibrationSummary.get(e.getKey());
      if (now == null) {
        continue;
      }
      double was = e.getValue();
      double rel = Math.abs(now - was) / Math.max(Math.abs(was), 1e-9);
      if (rel > spec.surrogateDriftThreshold()) {
        reasons.add(
            String.format(
                java.util.Locale.ROOT,
                "calibration drift: %s %.4g -> %.4g (%.0f%% > %.0f%%)",
                e.getKey(),
                was,
                now,
                100 * rel,
                100 * spec.surrogateDriftThreshold()));
      }
    }
    return reasons;
  }

  /** Margin beyond the training range (as a fraction of the range) before a feature is flagged. */
  static final double RANGE_MARGIN = 0.25;

  /**
   * A reason when a row's noisy features fall outside what the model saw in training (widened by
   * {@link #RANGE_MARGIN}), else null.
   */
  static String featureRange(SurrogateMetadata m, double[][] features) {
    double[] lo = m.featureMin();
    double[] hi = m.featureMax();
    int k = features.length == 0 ? 0 : features[0].length;
    for (int j = 0; j < features.length; j++) {
      for (int i = 0; i < k; i++) {
        int f = j * k + i;
        if (f >= lo.length) {
          return null;
        }
        double pad = RANGE_MARGIN * Math.max(hi[f] - lo[f], 1e-3);
        double v = features[j][i];
        if (v < lo[f] - pad || v > hi[f] + pad) {
          return "noisy value "
              + String.format(java.util.Locale.ROOT, "%.4g", v)
              + " of feature "
              + f
              + " lies outside the training range ["
              + String.format(java.util.Locale.ROOT, "%.4g, %.4g", lo[f], hi[f])
              + "]";
        }
      }
    }
    return null;
  }
}
