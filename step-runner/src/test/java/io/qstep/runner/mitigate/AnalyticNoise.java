package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Noise whose effect on expectations is known in closed form, on the state-vector engine: the state
 * is mixed with the maximally mixed one, {@code ρ → F ρ + (1-F) I/d}, so every non-identity Pauli
 * expectation is multiplied by F, then each qubit is read with a known confusion matrix.
 *
 * <ul>
 *   <li>{@link Decay#GATES}: global depolarising after every gate, F = f^(λ G) for G gates; folding
 *       multiplies G, so the decay is exactly exponential in the achieved scale.
 *   <li>{@link Decay#EXP}: F = exp(-γ λ), λ applied directly.
 *   <li>{@link Decay#POLY}: F = 1 + a λ + b λ², λ applied directly.
 * </ul>
 */
final class AnalyticNoise implements Executor {
  enum Decay {
    GATES,
    EXP,
    POLY
  }

  private final Decay decay;
  private final double a;
  private final double b;
  private final ReadoutCalibration readout;

  private AnalyticNoise(Decay decay, double a, double b, ReadoutCalibration readout) {
    this.decay = decay;
    this.a = a;
    this.b = b;
    this.readout = readout;
  }

  /** Depolarising with survival f per gate; readout may be null. */
  static AnalyticNoise gates(double f, ReadoutCalibration readout) {
    return new AnalyticNoise(Decay.GATES, f, 0, readout);
  }

  static AnalyticNoise exp(double gamma) {
    return new AnalyticNoise(Decay.EXP, gamma, 0, null);
  }

  static AnalyticNoise poly(double a, double b) {
    return new AnalyticNoise(Decay.POLY, a, b, null);
  }

  static AnalyticNoise ideal() {
    return gates(1, null);
  }

  @Override
  public boolean scalesNoise() {
    return decay != Decay.GATES;
  }

  @Override
  public String noiseModelId() {
    return "analytic-" + decay + "-" + a + "-" + b;
  }

  double factor(Circuit c, double scale) {
    return switch (decay) {
      case GATES -> Math.pow(a, scale * c.gates().size());
      case EXP -> Math.exp(-a * scale);
      case POLY -> 1 + a * scale + b * scale * scale;
    };
  }

  /** The measured distribution of {@code c} (already rotated) with mixing factor f. */
  double[] distribution(Circuit c, double f) {
    double[] p;
    try (StateVector s = new StateVectorSimulator(SimOptions.defaults()).run(c)) {
      p = s.probabilities();
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = f * p[i] + (1 - f) / p.length;
    }
    return readout == null ? p : ReadoutMitigator.applyConfusion(p, readout);
  }

  @Override
  public Result run(Circuit bound, double scale, long shots, List<String> observables, long seed) {
    int n = bound.numQubits();
    if (shots == 0) {
      List<String> obs = Estimator.explicit(observables, n);
      double[] e = new double[obs.size()];
      for (int i = 0; i < e.length; i++) {
        String p = obs.get(i);
        // exact mode: the basis change is part of the measurement, not a noisy gate
        double[] dist = distribution(Estimator.rotateToZ(bound, p), factor(bound, scale));
        e[i] = ReadoutMitigator.parity(dist, Estimator.mask(p));
      }
      return new Result(e, null);
    }
    double[] dist = distribution(bound, factor(bound, scale));
    SplittableRandom rng = new SplittableRandom(seed);
    long[] out = new long[(int) shots];
    double[] cum = new double[dist.length];
    double acc = 0;
    for (int i = 0; i < dist.length; i++) {
      acc += dist[i];
      cum[i] = acc;
    }
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble() * acc;
      int lo = 0;
      int hi = cum.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cum[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      out[s] = lo;
    }
    return new Result(null, out);
  }

  /** Ideal (noise-free) expectations of the observables. */
  static double[] idealValues(Circuit bound, List<String> observables) {
    List<String> obs = Estimator.explicit(observables, bound.numQubits());
    double[] e = new double[obs.size()];
    try (StateVector s = new StateVectorSimulator(SimOptions.defaults()).run(bound)) {
      for (int i = 0; i < e.length; i++) {
        e[i] = s.expectationPauli(obs.get(i));
      }
    }
    return e;
  }
}
