package io.qstep.runner.mitigate;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.GateCalibration;
import io.qstep.runner.noise.NoiseScalable;
import io.qstep.runner.stage.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Mitigate stage of a circuit step: given the raw per-row expectations, measures readout
 * calibration, trains or loads a surrogate, mitigates every row and writes the provenance. Failures
 * at run time (a missing or mismatched model file, a fit that cannot be made) fail the step, or,
 * when the request sets {@code mitigation_fallback=true}, leave the raw values with a warning.
 */
public final class MitigationStage {
  private MitigationStage() {}

  /**
   * What the step knows about the noise it ran under.
   *
   * @param calibrationId calibration snapshot id, empty when none
   * @param summary numbers describing it (mean error rates) for drift checks
   * @param readout the backend's readout confusion, or null when it has none
   * @param exactIncludesReadout whether the backend's exact expectations carry that readout error
   *     (qstep's noisy simulators apply it to samples only)
   */
  public record NoiseInfo(
      String calibrationId,
      Map<String, Double> summary,
      ReadoutCalibration readout,
      boolean exactIncludesReadout) {
    public NoiseInfo {
      calibrationId = calibrationId == null ? "" : calibrationId;
      summary = Map.copyOf(summary);
    }

    public NoiseInfo(
        String calibrationId, Map<String, Double> summary, ReadoutCalibration readout) {
      this(calibrationId, summary, readout, true);
    }

    public static final NoiseInfo NONE = new NoiseInfo("", Map.of(), null);
  }

  /**
   * The stage's result.
   *
   * @param mitigated [rows][k], or the raw values when mitigation fell back
   * @param uncertainty [rows][k] standard error estimates
   * @param provenance the provenance JSON (method, settings, raw and mitigated values, uncertainty,
   *     fits, noise-model hash)
   * @param metrics step metrics to add
   * @param applied false when it fell back to the raw values
   * @param zneFits the first row's ZNE fits, one per observable (empty without ZNE), for plots
   * @param extrapolator the extrapolator of those fits; null without ZNE
   * @param trainedSurrogate the surrogate model file's text when this step trained one, else null
   */
  public record Outcome(
      double[][] mitigated,
      double[][] uncertainty,
      String provenance,
      Map<String, Double> metrics,
      boolean applied,
      List<Mitigator.ZneFit> zneFits,
      Extrapolator extrapolator,
      String trainedSurrogate) {
    public Outcome {
      zneFits = zneFits == null ? List.of() : List.copyOf(zneFits);
    }

    /** An outcome without plots or a trained model. */
    public Outcome(
        double[][] mitigated,
        double[][] uncertainty,
        String provenance,
        Map<String, Double> metrics,
        boolean applied) {
      this(mitigated, uncertainty, provenance, metrics, applied, List.of(), null, null);
    }
  }

  /**
   * What {@code backend} says about its noise: the calibration the step ran under so far (its id)
   * and, for noisy simulators, their readout errors and mean error rates.
   */
  public static NoiseInfo noiseInfo(Backend backend, StepContext ctx) {
    if (backend instanceof NoiseScalable ns) {
      CalibrationSnapshot cal = ns.calibration(ctx);
      int n = cal.numQubits();
      double[] p10 = new double[n];
      double[] p01 = new double[n];
      Map<String, Double> summary = new LinkedHashMap<>();
      double t1 = 0;
      double t2 = 0;
      for (int q = 0; q < n; q++) {
        p10[q] = Math.min(cal.qubit(q).p1Given0(), ReadoutCalibrator.MAX_ERROR);
        p01[q] = Math.min(cal.qubit(q).p0Given1(), ReadoutCalibrator.MAX_ERROR);
        t1 += cal.qubit(q).t1Us() / n;
        t2 += cal.qubit(q).t2Us() / n;
      }
      double e1 = 0;
      double e2 = 0;
      int c1 = 0;
      int c2 = 0;
      for (GateCalibration g : cal.gates()) {
        if (g.qubits().size() == 1) {
          e1 += g.error();
          c1++;
        } else {
          e2 += g.error();
          c2++;
        }
      }
      summary.put("readout_p1given0_mean", mean(p10));
      summary.put("readout_p0given1_mean", mean(p01));
      summary.put("t1_us_mean", t1);
      summary.put("t2_us_mean", t2);
      if (c1 > 0) {
        summary.put("gate_error_1q_mean", e1 / c1);
      }
      if (c2 > 0) {
        summary.put("gate_error_2q_mean", e2 / c2);
      }
      return new NoiseInfo(cal.id(), summary, new ReadoutCalibration(p10, p01), false);
    }
    String id = ctx.calibration().isNone() ? "" : ctx.calibration().id();
    return new NoiseInfo(id, Map.of(), null);
  }

  /**
   * Runs the stage.
   *
   * @param template the circuit with symbolic parameters
   * @param params row-major [rows, m]
   * @param raw unmitigated expectations [rows][k] (the Execute stage's)
   */
  public static Outcome run(
      MitigationSpec spec,
      Executor executor,
      Circuit template,
      double[] params,
      int rows,
      List<String> observables,
      long shots,
      double[][] raw,
      NoiseInfo noise,
      StepContext ctx) {
    if (raw == null) {
      throw MitigationSpec.bad(
          "mitigation",
          "mitigation needs expectation values; this circuit measures into classical bits, so the"
              + " step returns samples only (drop the measurements to get expectations)");
    }
    try {
      return apply(spec, executor, template, params, rows, observables, shots, raw, noise, ctx);
    } catch (QStepException e) {
      if (!spec.fallback()
          || e.reason() == ErrorReason.CANCELLED
          || e.reason() == ErrorReason.DEADLINE_EXCEEDED) {
        throw e;
      }
      return fallback(spec, raw, e.getMessage(), ctx);
    } catch (IllegalArgumentException | IllegalStateException e) {
      QStepException q =
          new QStepException(
              ErrorReason.INVALID_VALUE,
              "param.mitigation",
              "mitigation=" + spec.methodId() + " failed: " + e.getMessage(),
              e);
      if (!spec.fallback()) {
        throw q;
      }
      return fallback(spec, raw, q.getMessage(), ctx);
    }
  }

  private static Outcome fallback(
      MitigationSpec spec, double[][] raw, String why, StepContext ctx) {
    ctx.warn("mitigation fell back to unmitigated values (mitigation_fallback=true): " + why);
    double[][] unc = new double[raw.length][raw.length == 0 ? 0 : raw[0].length];
    JsonObject o = new JsonObject();
    o.addProperty("method", spec.methodId());
    o.addProperty("applied", false);
    o.addProperty("fallback_reason", why);
    o.add("settings", new GsonBuilder().create().toJsonTree(spec.settings()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("mitigation_applied", 0.0);
    return new Outcome(copy(raw), unc, json(o), metrics, false);
  }

  private static Outcome apply(
      MitigationSpec spec,
      Executor executor,
      Circuit template,
      double[] params,
      int rows,
      List<String> observables,
      long shots,
      double[][] raw,
      NoiseInfo noise,
      StepContext ctx) {
    int n = template.numQubits();
    int m = template.parameters().size();
    SplittableRandom seeds = new SplittableRandom(ctx.seed() ^ 0x6D6974696761746EL);
    int extra = 0;
    ReadoutCalibration readout = null;
    if (spec.has(MitigationSpec.Method.READOUT)) {
      if (spec.readoutSource() == MitigationSpec.ReadoutSource.BACKEND) {
        if (noise.readout() == null) {
          throw MitigationSpec.bad(
              "readout_calibration",
              "readout_calibration=backend: the backend reports no readout calibration; use"
                  + " readout_calibration=measure");
        }
        readout = noise.readout();
        if (shots == 0 && !noise.exactIncludesReadout()) {
          ctx.warn(
              "readout_calibration=backend: this backend's exact expectations carry no readout"
                  + " error, so exact-mode readout mitigation is the identity");
          readout = ReadoutCalibration.ideal(readout.numQubits());
        }
        if (readout.numQubits() < n) {
          throw MitigationSpec.bad(
              "readout_calibration",
              "the backend's readout calibration covers "
                  + readout.numQubits()
                  + " qubits; the circuit has "
                  + n);
        }
        if (readout.numQubits() > n) {
          int[] first = new int[n];
          for (int q = 0; q < n; q++) {
            first[q] = q;
          }
          readout = readout.select(first);
        }
      } else {
        readout = ReadoutCalibrator.measure(executor, n, shots, seeds.nextLong());
        extra += ReadoutCalibrator.EXECUTIONS;
      }
    }
    Map<String, Double> summary = new LinkedHashMap<>(noise.summary());
    if (readout != null) {
      summary.putIfAbsent("readout_p1given0_mean", mean(readout.p1given0()));
      summary.putIfAbsent("readout_p0given1_mean", mean(readout.p0given1()));
    }
    List<Circuit> bound = new ArrayList<>(rows);
    double[] row = new double[m];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(params, r * m, row, 0, m);
      bound.add(template.bind(row));
    }
    Surrogate surrogate = null;
    List<String> oodReasons = new ArrayList<>();
    boolean trained = false;
    List<Mitigator.ZneFit> firstFits = List.of();
    if (spec.has(MitigationSpec.Method.SURROGATE)) {
      double[] featureScales =
          spec.has(MitigationSpec.Method.ZNE) ? spec.scales() : new double[] {1};
      if (spec.surrogateTrain()) {
        Mitigator featureSource = Mitigator.featuresOnly(spec, executor, readout);
        surrogate =
            SurrogateTrainer.train(
                spec.surrogateKind(),
                featureSource,
                template,
                bound,
                observables,
                featureScales,
                shots,
                spec.surrogateTrainSize(),
                spec.surrogateNonClifford(),
                seeds.nextLong(),
                new SurrogateTrainer.Context(noise.calibrationId(), summary));
        extra += featureSource.executions();
        trained = true;
        if (!spec.surrogateModel().isEmpty()) {
          SurrogateFile.save(surrogate, Path.of(spec.surrogateModel()));
        }
      } else {
        surrogate = SurrogateFile.load(Path.of(spec.surrogateModel()));
        oodReasons.addAll(
            SurrogateChecks.check(surrogate.metadata(), spec, template, observables, summary));
      }
      if (!oodReasons.isEmpty()) {
        ctx.warn("surrogate model out of distribution: " + String.join("; ", oodReasons));
      }
    }
    Mitigator mitigator = new Mitigator(spec, executor, readout, surrogate);
    int k = raw[0].length;
    double[][] mitigated = new double[rows][];
    double[][] unc = new double[rows][];
    JsonArray rowsJson = new JsonArray();
    double residualSum = 0;
    int residualCount = 0;
    for (int r = 0; r < rows; r++) {
      ctx.checkpoint();
      Mitigator.RowResult rr =
          mitigator.mitigate(bound.get(r), observables, shots, seeds.nextLong(), raw[r]);
      mitigated[r] = rr.mitigated();
      unc[r] = rr.uncertainty();
      if (surrogate != null && !trained) {
        String range = SurrogateChecks.featureRange(surrogate.metadata(), rr.features());
        if (range != null && !oodReasons.contains(range)) {
          oodReasons.add(range);
          ctx.warn("surrogate model out of distribution: " + range);
        }
      }
      JsonObject jr = new JsonObject();
      jr.add("raw", tree(rr.raw()));
      jr.add("mitigated", tree(rr.mitigated()));
      jr.add("uncertainty", tree(rr.uncertainty()));
      jr.add("scales", tree(rr.scales()));
      jr.add("values_per_scale", new GsonBuilder().create().toJsonTree(rr.features()));
      if (!rr.fits().isEmpty()) {
        JsonArray fits = new JsonArray();
        for (Mitigator.ZneFit f : rr.fits()) {
          JsonObject fo = new JsonObject();
          fo.add("coefficients", tree(f.fit().coefficients()));
          fo.addProperty("residual", f.fit().residual());
          fo.addProperty("value", f.fit().value());
          fits.add(fo);
          residualSum += f.fit().residual();
          residualCount++;
        }
        jr.add("zne_fits", fits);
      }
      rowsJson.add(jr);
      if (r == 0) {
        firstFits = rr.fits();
      }
    }
    extra += mitigator.executions();
    int outside = 0;
    for (double[] mr : mitigated) {
      for (double v : mr) {
        if (Math.abs(v) > 1 + 1e-9) {
          outside++;
        }
      }
    }
    if (outside > 0) {
      // Extrapolation and inversion amplify shot noise; clipping would bias, so say it instead.
      ctx.warn(
          outside
              + " mitigated expectation value(s) lie outside [-1, 1] (left unclipped; see"
              + " expectations_uncertainty)");
    }
    JsonObject o = new JsonObject();
    o.addProperty("method", spec.methodId());
    o.addProperty("applied", true);
    o.add("settings", new GsonBuilder().create().toJsonTree(spec.settings()));
    o.addProperty("noise_model_hash", executor.noiseModelId());
    o.addProperty("calibration_id", noise.calibrationId());
    o.addProperty("extra_executions", extra);
    o.add("observables", new GsonBuilder().create().toJsonTree(Estimator.explicit(observables, n)));
    if (readout != null) {
      JsonObject ro = new JsonObject();
      ro.add("p1given0", tree(readout.p1given0()));
      ro.add("p0given1", tree(readout.p0given1()));
      ro.addProperty("source", spec.readoutSource().name().toLowerCase(java.util.Locale.ROOT));
      o.add("readout_calibration", ro);
    }
    if (surrogate != null) {
      JsonObject so = SurrogateFile.metaJson(surrogate.metadata());
      so.addProperty("trained_in_this_step", trained);
      so.addProperty("out_of_distribution", !oodReasons.isEmpty());
      so.add("out_of_distribution_reasons", new GsonBuilder().create().toJsonTree(oodReasons));
      o.add("surrogate", so);
    }
    o.add("rows", rowsJson);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("mitigation_applied", 1.0);
    metrics.put("mitigation_extra_executions", (double) extra);
    double change = 0;
    double meanUnc = 0;
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < k; i++) {
        change += Math.abs(mitigated[r][i] - raw[r][i]) / (rows * k);
        meanUnc += unc[r][i] / (rows * k);
      }
    }
    metrics.put("mitigation_mean_abs_change", change);
    metrics.put("mitigation_mean_uncertainty", meanUnc);
    if (residualCount > 0) {
      metrics.put("zne_mean_residual", residualSum / residualCount);
    }
    if (surrogate != null) {
      metrics.put("surrogate_out_of_distribution", oodReasons.isEmpty() ? 0.0 : 1.0);
      metrics.put("surrogate_validation_rmse", mean(surrogate.metadata().validationRmse()));
      metrics.put("surrogate_validation_raw_rmse", mean(surrogate.metadata().validationRawRmse()));
    }
    return new Outcome(
        mitigated,
        unc,
        json(o),
        metrics,
        true,
        firstFits,
        spec.has(MitigationSpec.Method.ZNE) ? spec.extrapolator() : null,
        trained ? SurrogateFile.toJson(surrogate) : null);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  private static com.google.gson.JsonElement tree(double[] v) {
    JsonArray a = new JsonArray();
    for (double x : v) {
      a.add(Double.isFinite(x) ? x : null);
    }
    return a;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  private static String json(JsonObject o) {
    return new GsonBuilder()
        .setPrettyPrinting()
        .serializeSpecialFloatingPointValues()
        .create()
        .toJson(o);
  }
}
