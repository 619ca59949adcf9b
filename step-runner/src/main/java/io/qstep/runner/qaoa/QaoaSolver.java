package io.qstep.runner.qaoa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

/**
 * Optimises QAOA angles to maximise the expected score {@code <S>} of a diagonal score vector (the
 * cut for Max-Cut, {@code −f} for a QUBO to minimise), on the {@link DiagonalQaoa} fast path.
 *
 * <p>Angle initialisation: a linear ramp at depth p ({@code γ_l = t_l Δ}, {@code β_l = (1 − t_l)
 * Δ}, {@code t_l = (l + ½)/p}), or interpolation (Zhou et al., PRX 10, 021067 (2020)): optimise
 * depth 1, then start depth k+1 from the depth-k optimum interpolated onto k+1 layers. Depth 1
 * starts from an optional closed-form oracle (maximised on a grid, then locally) when there is one.
 */
public final class QaoaSolver {
  /** How the first angles are chosen. */
  public enum Init {
    RAMP,
    INTERP;

    /** Parses "ramp" or "interp" (case-insensitive). */
    public static Init parse(String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "ramp", "linear", "linear_ramp" -> RAMP;
        case "interp", "interpolation", "" -> INTERP;
        default ->
            throw new IllegalArgumentException("unknown init '" + s + "'; known: interp, ramp");
      };
    }
  }

  /**
   * What to optimise and how.
   *
   * @param p depth
   * @param maxEvalPerDepth evaluation budget of each optimisation (one per depth with INTERP)
   * @param angleScale typical magnitude of the score's coefficients; γ bounds are ±π/angleScale
   * @param shots 0: exact expectation; otherwise the mean score of this many seeded samples
   * @param p1Oracle closed-form {@code <S>(γ, β)} at depth 1, or null
   */
  public record Settings(
      int p,
      Minimizer.Method method,
      Init init,
      int maxEvalPerDepth,
      double angleScale,
      int shots,
      long seed,
      ToDoubleBiFunction<Double, Double> p1Oracle) {}

  /**
   * The optimum found.
   *
   * @param gammas cost angles γ_0..γ_{p-1}, radians
   * @param betas mixer angles β_0..β_{p-1}, radians
   * @param expectation exact {@code <S>} at these angles
   * @param trace every objective value evaluated, in order (sampled estimates in shot mode)
   */
  public record Result(double[] gammas, double[] betas, double expectation, double[] trace) {}

  private QaoaSolver() {}

  /**
   * Runs the optimisation; {@code checkpoint} is called before each evaluation.
   *
   * @throws IllegalArgumentException when the settings do not fit the method (BOBYQA at p = 1 has
   *     two parameters, which is fine; nothing smaller exists)
   */
  public static Result solve(DiagonalQaoa sim, Settings s, Runnable checkpoint) {
    return solve(sim, s, checkpoint, null);
  }

  /**
   * Runs the optimisation of an expected score measured elsewhere (e.g. on a noisy backend by
   * {@link BackendQaoa}); the result's {@code expectation} is still the exact ideal ⟨S⟩ of the
   * final angles on {@code sim}.
   *
   * @param measured ⟨S⟩(γ, β) as the optimizer sees it; null means {@code sim} (exact or sampled
   *     per {@code s.shots()})
   */
  public static Result solve(
      DiagonalQaoa sim,
      Settings s,
      Runnable checkpoint,
      ToDoubleBiFunction<double[], double[]> measured) {
    double scale = s.angleScale() > 0 ? s.angleScale() : 1;
    SplittableRandom shotRng = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
    List<Double> trace = new ArrayList<>();
    double[] x;
    int fromDepth;
    if (s.init() == Init.INTERP || s.p() == 1) {
      x = depthOneStart(s, scale);
      fromDepth = 1;
    } else {
      x = ramp(s.p(), 0.75 / scale);
      fromDepth = s.p();
    }
    for (int depth = fromDepth; depth <= s.p(); depth++) {
      if (depth > fromDepth) {
        x = interpolate(x, depth - 1);
      }
      int d = depth;
      double[] lo = new double[2 * d];
      double[] hi = new double[2 * d];
      for (int l = 0; l < d; l++) {
        lo[l] = -Math.PI / scale;
        hi[l] = Math.PI / scale;
        lo[d + l] = -Math.PI / 2;
        hi[d + l] = Math.PI / 2;
      }
      clamp(x, lo, hi);
      Minimizer.Result r =
          Minimizer.minimize(
              s.method(),
              v ->
                  measured == null
                      ? -score(sim, v, d, s.shots(), shotRng)
                      : -measured.applyAsDouble(
                          Arrays.copyOfRange(v, 0, d), Arrays.copyOfRange(v, d, 2 * d)),
              x,
              lo,
              hi,
              s.maxEvalPerDepth(),
              0.1 / Math.max(1, Math.sqrt(d)),
              s.seed() + depth,
              checkpoint);
      for (double v : r.trace()) {
        trace.add(-v);
      }
      x = r.x();
    }
    int p = s.p();
    double[] g = Arrays.copyOfRange(x, 0, p);
    double[] b = Arrays.copyOfRange(x, p, 2 * p);
    double exact = sim.expectation(g, b);
    return new Result(g, b, exact, trace.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double score(
      DiagonalQaoa sim, double[] x, int p, int shots, SplittableRandom rng) {
    double[] g = Arrays.copyOfRange(x, 0, p);
    double[] b = Arrays.copyOfRange(x, p, 2 * p);
    if (shots == 0) {
      return sim.expectation(g, b);
    }
    sim.prepare(g, b);
    return sim.sampledMean(sim.sample(shots, rng));
  }

  /** Depth-1 start: the oracle's grid maximum refined on the oracle, or a ramp without one. */
  private static double[] depthOneStart(Settings s, double scale) {
    if (s.p1Oracle() == null) {
      return ramp(1, 0.75 / scale);
    }
    double bestG = 0;
    double bestB = 0;
    double best = Double.NEGATIVE_INFINITY;
    int ng = 48;
    int nb = 24;
    for (int i = 1; i <= ng; i++) {
      double g = Math.PI / scale * i / (ng + 1);
      for (int j = -nb; j <= nb; j++) {
        double b = Math.PI / 4 * j / (nb + 1);
        double v = s.p1Oracle().applyAsDouble(g, b);
        if (v > best) {
          best = v;
          bestG = g;
          bestB = b;
        }
      }
    }
    double stepG = Math.PI / scale / (ng + 1);
    double stepB = Math.PI / 4 / (nb + 1);
    Minimizer.Result r =
        Minimizer.minimize(
            Minimizer.Method.BOBYQA,
            v -> -s.p1Oracle().applyAsDouble(v[0], v[1]),
            new double[] {bestG, bestB},
            new double[] {bestG - stepG, bestB - stepB},
            new double[] {bestG + stepG, bestB + stepB},
            200,
            Math.min(stepG, stepB) / 2,
            s.seed(),
            () -> {});
    return r.x();
  }

  /** Linear ramp angles [γ_0..γ_{p-1}, β_0..β_{p-1}]. */
  static double[] ramp(int p, double delta) {
    double[] x = new double[2 * p];
    for (int l = 0; l < p; l++) {
      double t = (l + 0.5) / p;
      x[l] = t * delta;
      x[p + l] = (1 - t) * delta;
    }
    return x;
  }

  /**
   * INTERP: from depth-p angles to depth p+1, {@code θ'_i = (i−1)/p θ_{i−1} + (p−i+1)/p θ_i} for i
   * = 1..p+1 (1-based, {@code θ_0 = θ_{p+1} = 0}), for γ and β alike.
   */
  static double[] interpolate(double[] x, int p) {
    double[] out = new double[2 * (p + 1)];
    for (int half = 0; half < 2; half++) {
      for (int i = 1; i <= p + 1; i++) {
        double prev = i - 2 >= 0 ? x[half * p + i - 2] : 0;
        double cur = i - 1 < p ? x[half * p + i - 1] : 0;
        out[half * (p + 1) + i - 1] = (double) (i - 1) / p * prev + (double) (p - i + 1) / p * cur;
      }
    }
    return out;
  }

  private static void clamp(double[] x, double[] lo, double[] hi) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
    }
  }

  /** A distinct sampled basis state with its count and score. */
  public record Candidate(int index, long count, double score) {}

  /**
   * The distinct outcomes of {@code sortedSamples} (ascending indices), best score first, ties by
   * higher count then lower index.
   */
  public static List<Candidate> rank(int[] sortedSamples, double[] scores) {
    List<Candidate> out = new ArrayList<>();
    int i = 0;
    while (i < sortedSamples.length) {
      int j = i;
      while (j < sortedSamples.length && sortedSamples[j] == sortedSamples[i]) {
        j++;
      }
      int idx = sortedSamples[i];
      out.add(new Candidate(idx, j - i, scores[idx]));
      i = j;
    }
    out.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparing(Comparator.comparingLong(Candidate::count).reversed())
            .thenComparingInt(Candidate::index));
    return out;
  }
}
