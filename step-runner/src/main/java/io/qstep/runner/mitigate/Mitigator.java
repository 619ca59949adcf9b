package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mitigates the expectations of one bound circuit: estimates them at each noise scale (readout-
 * corrected when asked), then extrapolates to zero noise or feeds them to a surrogate. One instance
 * per step; not thread-safe (it counts executions).
 */
public final class Mitigator {
  private final MitigationSpec spec;
  private final Executor executor;
  private final Estimator estimator;
  private final Surrogate surrogate;
  private int executions;

  /**
   * @param readout confusion matrices; required when the spec includes readout, else ignored
   * @param surrogate the trained surrogate; required when the spec includes it, else ignored
   */
  public Mitigator(
      MitigationSpec spec, Executor executor, ReadoutCalibration readout, Surrogate surrogate) {
    this(spec, executor, readout, surrogate, false);
    if (spec.has(MitigationSpec.Method.SURROGATE) && surrogate == null) {
      throw new IllegalArgumentException("surrogate mitigation needs a surrogate");
    }
  }

  /** A mitigator that only computes features (to train a surrogate). */
  static Mitigator featuresOnly(
      MitigationSpec spec, Executor executor, ReadoutCalibration readout) {
    return new Mitigator(spec, executor, readout, null, true);
  }

  private Mitigator(
      MitigationSpec spec,
      Executor executor,
      ReadoutCalibration readout,
      Surrogate surrogate,
      boolean featuresOnly) {
    this.spec = spec;
    this.executor = executor;
    boolean ro = spec.has(MitigationSpec.Method.READOUT);
    if (ro && readout == null) {
      throw new IllegalArgumentException("readout mitigation needs a readout calibration");
    }
    this.estimator = new Estimator(executor, ro ? readout : null, spec.readoutMethod());
    this.surrogate = surrogate;
  }

  /**
   * The zero-noise fit of one observable.
   *
   * @param scales achieved noise scales
   * @param values the (readout-corrected) values at those scales
   * @param fit the extrapolation
   */
  public record ZneFit(double[] scales, double[] values, Extrapolator.Fit fit) {}

  /**
   * One row's outcome.
   *
   * @param raw unmitigated values at scale 1
   * @param mitigated mitigated values
   * @param uncertainty standard error estimate of each mitigated value
   * @param features the (readout-corrected) values per scale, [scales][k]
   * @param scales the achieved scales
   * @param fits per observable ZNE fits; empty without ZNE
   */
  public record RowResult(
      double[] raw,
      double[] mitigated,
      double[] uncertainty,
      double[][] features,
      double[] scales,
      List<ZneFit> fits) {}

  /** Circuit executions this mitigator has made (beyond the raw ones it was handed). */
  public int executions() {
    return executions;
  }

  /** The scales the spec asks for: its ZNE scales, or {1} without ZNE. */
  double[] requestedScales() {
    return spec.has(MitigationSpec.Method.ZNE) ? spec.scales() : new double[] {1};
  }

  /**
   * The noisy feature values of a circuit: its expectations at every requested scale.
   *
   * @param raw unmitigated scale-1 values already computed (reused where possible), or null
   * @return [scales][k] values, [scales][k] sigmas, achieved scales
   */
  Features features(Circuit bound, List<String> observables, long shots, long seed, double[] raw) {
    double[] req = requestedScales();
    SplittableRandom seeds = new SplittableRandom(seed);
    double[][] values = new double[req.length][];
    double[][] sigmas = new double[req.length][];
    double[] achieved = new double[req.length];
    for (int j = 0; j < req.length; j++) {
      long s = seeds.nextLong();
      Circuit c = bound;
      double run = req[j];
      achieved[j] = req[j];
      if (!executor.scalesNoise() || req[j] == 1) {
        Folding.Folded f = Folding.fold(bound, req[j], spec.folding(), s);
        c = f.circuit();
        achieved[j] = f.achievedScale();
        run = 1;
      }
      if (raw != null && achieved[j] == 1 && !spec.has(MitigationSpec.Method.READOUT)) {
        values[j] = raw.clone();
        sigmas[j] = new double[raw.length];
        if (shots > 0) {
          for (int i = 0; i < raw.length; i++) {
            sigmas[j][i] = Math.sqrt(Math.max(0, 1 - raw[i] * raw[i]) / shots);
          }
        }
        continue;
      }
      Estimator.Estimate e = estimator.estimate(c, run, shots, observables, s);
      executions += e.executions();
      values[j] = e.values();
      sigmas[j] = e.sigmas();
    }
    return new Features(values, sigmas, achieved);
  }

  record Features(double[][] values, double[][] sigmas, double[] scales) {
    double[] flat() {
      int k = values[0].length;
      double[] f = new double[values.length * k];
      for (int j = 0; j < values.length; j++) {
        System.arraycopy(values[j], 0, f, j * k, k);
      }
      return f;
    }
  }

  /**
   * Mitigates one bound circuit.
   *
   * @param observables Pauli strings (validated by the caller); empty = ⟨Z_i⟩ per qubit
   * @param shots 0 = exact expectations
   * @param seed seeds every execution and every random fold
   * @param raw the unmitigated values at scale 1 when the caller already has them, else null
   */
  public RowResult mitigate(
      Circuit bound, List<String> observables, long shots, long seed, double[] raw) {
    if (raw == null) {
      Estimator plain = new Estimator(executor, null, spec.readoutMethod());
      Estimator.Estimate e = plain.estimate(bound, 1, shots, observables, seed ^ 0x5DEECE66DL);
      executions += e.executions();
      raw = e.values();
    }
    Features f = features(bound, observables, shots, seed, raw);
    int k = raw.length;
    double[] mitigated = new double[k];
    double[] unc = new double[k];
    List<ZneFit> fits = new ArrayList<>();
    if (spec.has(MitigationSpec.Method.ZNE)) {
      for (int i = 0; i < k; i++) {
        double[] v = new double[f.scales().length];
        double[] s = new double[v.length];
        for (int j = 0; j < v.length; j++) {
          v[j] = f.values()[j][i];
          s[j] = f.sigmas()[j][i];
        }
        Extrapolator.Fit fit = spec.extrapolator().fit(f.scales(), v, shots > 0 ? s : null);
        fits.add(new ZneFit(f.scales(), v, fit));
        mitigated[i] = fit.value();
        unc[i] = fit.uncertainty();
      }
    } else {
      mitigated = f.values()[0].clone();
      unc = f.sigmas()[0].clone();
    }
    if (spec.has(MitigationSpec.Method.SURROGATE)) {
      mitigated = surrogate.predict(f.flat());
      double[] rmse = surrogate.metadata().validationRmse();
      for (int i = 0; i < k; i++) {
        unc[i] = rmse.length == k ? rmse[i] : rmse.length > 0 ? rmse[0] : Double.NaN;
      }
    }
    return new RowResult(raw, mitigated, unc, f.values(), f.scales(), fits);
  }
}
