package io.qstep.runner.drift;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.StepRequest;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drift check of one step (part of the Validate stage). It runs only when the request supplies
 * a reference; each family is independent:
 *
 * <ul>
 *   <li><b>calibration</b>: parameter {@code drift_reference_calibration} = a calibration file (any
 *       format {@link Calibrations} reads), compared with the snapshot the step ran under (or the
 *       file in {@code drift_calibration}); metrics {@code drift_calibration_*};
 *   <li><b>output</b>: input tensor {@code drift_reference_distribution} [2^bits] (probabilities or
 *       counts), compared with the step's {@code counts} output summed over rows; metrics {@code
 *       drift_output_tvd}, {@code drift_output_hellinger};
 *   <li><b>input</b>: input tensor {@code drift_reference_features} [N, d] (the training features),
 *       compared column by column with the step's {@code features} input (or the input named by
 *       {@code drift_features_input}); metrics {@code drift_input_psi_max}, {@code
 *       drift_input_psi_mean}, {@code drift_input_psi_worst_feature}.
 * </ul>
 *
 * The verdict is the most severe over the families against {@link DriftThresholds} (request
 * parameters {@code drift_*_warn} / {@code drift_*_retrain}): metric {@code drift_verdict} (0 ok, 1
 * warn, 2 retrain-surrogate) and, unless ok, a warning {@code drift: <verdict> (...)}. Stateless.
 */
public final class DriftCheck {
  /** Input tensor with the reference outcome distribution. */
  public static final String REFERENCE_DISTRIBUTION = "drift_reference_distribution";

  /** Input tensor with the reference (training) features. */
  public static final String REFERENCE_FEATURES = "drift_reference_features";

  /** Parameter naming the reference calibration file. */
  public static final String REFERENCE_CALIBRATION = "drift_reference_calibration";

  private DriftCheck() {}

  /** Whether the request asks for any drift check. */
  public static boolean requested(StepRequest req) {
    return !req.parameters().getOrDefault(REFERENCE_CALIBRATION, "").isBlank()
        || req.inputs().containsKey(REFERENCE_DISTRIBUTION)
        || req.inputs().containsKey(REFERENCE_FEATURES);
  }

  /**
   * Evaluates every requested family.
   *
   * @param outputs the step's outputs (for {@code counts})
   * @return the drift metrics, empty when nothing was requested
   * @throws QStepException INVALID_ARGUMENT naming the reference at fault
   */
  public static Map<String, Double> evaluate(
      StepRequest req, Map<String, Tensor> outputs, StepContext ctx) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (!requested(req)) {
      return m;
    }
    Map<String, String> p = req.parameters();
    DriftThresholds th = DriftThresholds.fromParameters(p);
    DriftVerdict verdict = DriftVerdict.OK;
    List<String> reasons = new ArrayList<>();

    String refCal = p.getOrDefault(REFERENCE_CALIBRATION, "").strip();
    if (!refCal.isEmpty()) {
      CalibrationSnapshot ref = load(refCal, REFERENCE_CALIBRATION);
      CalibrationSnapshot now = current(p, ctx);
      if (now == null) {
        ctx.warn("drift: calibration drift skipped: the backend ran under no calibration snapshot");
      } else {
        CalibrationDrift d = CalibrationDrift.between(ref, now);
        m.putAll(d.metrics());
        DriftVerdict v = DriftVerdict.of(d.worst(), th.calibrationWarn(), th.calibrationRetrain());
        if (v != DriftVerdict.OK) {
          reasons.add(
              String.format(
                  Locale.ROOT,
                  "calibration worst relative change %.3f on qubit %d",
                  d.worst(),
                  d.worstQubit()));
        }
        verdict = verdict.max(v);
      }
    }

    Tensor refDist = req.inputs().get(REFERENCE_DISTRIBUTION);
    if (refDist != null) {
      Tensor counts = outputs.get("counts");
      if (counts == null || counts.rank() != 2) {
        ctx.warn("drift: output drift skipped: the step produced no counts (run with shots > 0)");
      } else {
        String f = field(REFERENCE_DISTRIBUTION);
        double[] ref = numbers(refDist, f);
        int dim = (int) counts.shape()[1];
        if (ref.length != dim) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              f,
              f + ": has " + ref.length + " entries, the step's outcomes have " + dim);
        }
        double[] now = new double[dim];
        double[] c = counts.toDoubleArray();
        for (int i = 0; i < c.length; i++) {
          now[i % dim] += c[i];
        }
        double[] pr = distribution(ref, f);
        double[] pn = Distances.normalize(now);
        double tvd = Distances.totalVariation(pr, pn);
        m.put("drift_output_tvd", tvd);
        m.put("drift_output_hellinger", Distances.hellinger(pr, pn));
        DriftVerdict v = DriftVerdict.of(tvd, th.outputWarn(), th.outputRetrain());
        if (v != DriftVerdict.OK) {
          reasons.add(String.format(Locale.ROOT, "output TVD %.4f", tvd));
        }
        verdict = verdict.max(v);
      }
    }

    Tensor refFeat = req.inputs().get(REFERENCE_FEATURES);
    if (refFeat != null) {
      String name = p.getOrDefault("drift_features_input", "features").strip();
      Tensor cur = req.inputs().get(name);
      if (cur == null) {
        throw QStepException.missing(field(name));
      }
      String rf = field(REFERENCE_FEATURES);
      String cf = field(name);
      if (refFeat.rank() != 2 || cur.rank() != 2 || refFeat.shape()[1] != cur.shape()[1]) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            rf,
            rf
                + ": needs shape [N, d] with the d of "
                + cf
                + "; got "
                + Arrays.toString(refFeat.shape())
                + " and "
                + Arrays.toString(cur.shape()));
      }
      int d = (int) cur.shape()[1];
      double[] a = numbers(refFeat, rf);
      double[] b = numbers(cur, cf);
      double max = 0;
      double sum = 0;
      int worst = 0;
      for (int j = 0; j < d; j++) {
        double psi = Distances.psi(column(a, d, j), column(b, d, j));
        sum += psi;
        if (psi > max) {
          max = psi;
          worst = j;
        }
      }
      m.put("drift_input_psi_max", max);
      m.put("drift_input_psi_mean", sum / d);
      m.put("drift_input_psi_worst_feature", (double) worst);
      DriftVerdict v = DriftVerdict.of(max, th.inputWarn(), th.inputRetrain());
      if (v != DriftVerdict.OK) {
        reasons.add(String.format(Locale.ROOT, "input PSI %.3f on feature %d", max, worst));
      }
      verdict = verdict.max(v);
    }

    if (!m.isEmpty()) {
      m.put("drift_verdict", verdict.code());
      if (verdict != DriftVerdict.OK) {
        ctx.warn("drift: " + verdict.id() + " (" + String.join("; ", reasons) + ")");
      }
    }
    return m;
  }

  private static CalibrationSnapshot current(Map<String, String> p, StepContext ctx) {
    String path = p.getOrDefault("drift_calibration", "").strip();
    if (!path.isEmpty()) {
      return load(path, "drift_calibration");
    }
    String json = ctx.calibration().snapshotJson();
    return json.isEmpty() ? null : Calibrations.parse(json);
  }

  private static CalibrationSnapshot load(String path, String param) {
    try {
      return Calibrations.load(Path.of(path));
    } catch (QStepException e) {
      throw new QStepException(e.reason(), param, param + ": " + e.getMessage(), e);
    }
  }

  private static String field(String input) {
    return "inputs[" + input + "]";
  }

  private static double[] numbers(Tensor t, String f) {
    if (t.dtype() == DType.BYTES || t.dtype() == DType.BOOL) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR, f, f + ": must be numeric, got " + t.dtype());
    }
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR, f, f + ": element " + i + " is " + v[i]);
      }
    }
    return v;
  }

  private static double[] distribution(double[] v, String f) {
    try {
      return Distances.normalize(v);
    } catch (IllegalArgumentException e) {
      throw new QStepException(ErrorReason.INVALID_TENSOR, f, f + ": " + e.getMessage());
    }
  }

  private static double[] column(double[] flat, int d, int j) {
    double[] c = new double[flat.length / d];
    for (int i = 0; i < c.length; i++) {
      c[i] = flat[i * d + j];
    }
    return c;
  }
}
