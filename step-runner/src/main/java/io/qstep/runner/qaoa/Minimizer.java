package io.qstep.runner.qaoa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.PowellOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Derivative-free minimisation of variational objectives: the Apache Commons Math optimizers
 * (BOBYQA, Powell, Nelder–Mead, CMA-ES) and SPSA (Spall 1998) for shot-noisy objectives. Every
 * evaluation is recorded in a trace; the result is the best point evaluated, so a run cut short by
 * its evaluation budget still returns its best. Deterministic for a given seed.
 */
public final class Minimizer {
  /** The optimizers a request can name. */
  public enum Method {
    BOBYQA,
    POWELL,
    NELDER_MEAD,
    CMAES,
    SPSA;

    /**
     * Parses a name as a request gives it ("bobyqa", "nelder-mead", "cma-es", ...).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Method parse(String name) {
      String k = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      return switch (k) {
        case "BOBYQA" -> BOBYQA;
        case "POWELL" -> POWELL;
        case "NELDER_MEAD", "NELDERMEAD", "SIMPLEX" -> NELDER_MEAD;
        case "CMAES", "CMA_ES" -> CMAES;
        case "SPSA" -> SPSA;
        default ->
            throw new IllegalArgumentException(
                "unknown optimizer '"
                    + name
                    + "'; known: bobyqa, powell, nelder-mead, cma-es, spsa");
      };
    }
  }

  /** The outcome: best point, its value, and every evaluated value in order. */
  public record Result(double[] x, double value, int evaluations, double[] trace) {}

  private Minimizer() {}

  /** Records every evaluation and the best point seen. */
  private static final class Tracked {
    final ToDoubleFunction<double[]> f;
    final Runnable checkpoint;
    final List<Double> trace = new ArrayList<>();
    double[] bestX;
    double best = Double.POSITIVE_INFINITY;

    Tracked(ToDoubleFunction<double[]> f, Runnable checkpoint) {
      this.f = f;
      this.checkpoint = checkpoint;
    }

    double eval(double[] x) {
      checkpoint.run();
      double v = f.applyAsDouble(x);
      trace.add(v);
      if (v < best || bestX == null) {
        best = v;
        bestX = x.clone();
      }
      return v;
    }

    Result result() {
      return new Result(
          bestX, best, trace.size(), trace.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  /**
   * Minimises {@code f} from {@code x0} within box bounds.
   *
   * @param maxEval evaluation budget (at least 1)
   * @param scale typical step size of the parameters (trust radius, simplex size, CMA-ES sigma,
   *     SPSA perturbation)
   * @param seed seeds CMA-ES and SPSA
   * @param checkpoint called before every evaluation (cancellation and deadlines)
   */
  public static Result minimize(
      Method method,
      ToDoubleFunction<double[]> f,
      double[] x0,
      double[] lower,
      double[] upper,
      int maxEval,
      double scale,
      long seed,
      Runnable checkpoint) {
    Tracked t = new Tracked(f, checkpoint);
    int d = x0.length;
    ObjectiveFunction obj = new ObjectiveFunction(t::eval);
    try {
      switch (method) {
        case BOBYQA -> {
          if (d < 2) {
            throw new IllegalArgumentException("BOBYQA needs at least two parameters");
          }
          new BOBYQAOptimizer(2 * d + 1, scale, 1e-6)
              .optimize(
                  new MaxEval(maxEval),
                  obj,
                  GoalType.MINIMIZE,
                  new InitialGuess(x0),
                  new SimpleBounds(lower, upper));
        }
        case POWELL ->
            new PowellOptimizer(1e-10, 1e-12)
                .optimize(new MaxEval(maxEval), obj, GoalType.MINIMIZE, new InitialGuess(x0));
        case NELDER_MEAD -> {
          double[] steps = new double[d];
          Arrays.fill(steps, scale);
          new SimplexOptimizer(1e-10, 1e-12)
              .optimize(
                  new MaxEval(maxEval),
                  obj,
                  GoalType.MINIMIZE,
                  new InitialGuess(x0),
                  new NelderMeadSimplex(steps));
        }
        case CMAES -> {
          double[] sigma = new double[d];
          Arrays.fill(sigma, scale);
          int lambda = 4 + (int) (3 * Math.log(d));
          // stopFitness 0 disables "stop once f < stopFitness", which with any positive value
          // ends the run after the first generation whenever the objective is negative
          new CMAESOptimizer(maxEval, 0, true, 0, 0, new MersenneTwister(seed), false, null)
              .optimize(
                  new MaxEval(maxEval),
                  new MaxIter(maxEval),
                  obj,
                  GoalType.MINIMIZE,
                  new InitialGuess(x0),
                  new SimpleBounds(lower, upper),
                  new CMAESOptimizer.Sigma(sigma),
                  new CMAESOptimizer.PopulationSize(lambda));
        }
        case SPSA -> spsa(t, x0, lower, upper, maxEval, scale, seed);
      }
    } catch (TooManyEvaluationsException | TooManyIterationsException e) {
      // budget spent: the best point seen is the answer
    }
    if (t.bestX == null) {
      t.eval(x0);
    }
    return t.result();
  }

  /**
   * SPSA with the standard gain sequences {@code a_k = a/(k+1+A)^0.602}, {@code c_k =
   * c/(k+1)^0.101}, A = 10% of the iterations; {@code a} is calibrated so that the first step moves
   * each parameter by about {@code scale}. Two evaluations per iteration.
   */
  private static void spsa(
      Tracked t, double[] x0, double[] lo, double[] hi, int maxEval, double scale, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int d = x0.length;
    int iters = Math.max(1, (maxEval - 1) / 2);
    double bigA = 0.1 * iters;
    double c = 0.1 * scale;
    double[] x = x0.clone();
    double a = 0;
    for (int k = 0; k < iters; k++) {
      double ck = c / Math.pow(k + 1, 0.101);
      double[] delta = new double[d];
      double[] xp = new double[d];
      double[] xm = new double[d];
      for (int i = 0; i < d; i++) {
        delta[i] = rng.nextBoolean() ? 1 : -1;
        xp[i] = x[i] + ck * delta[i];
        xm[i] = x[i] - ck * delta[i];
      }
      double g = (t.eval(xp) - t.eval(xm)) / (2 * ck);
      if (k == 0) {
        a = Math.abs(g) > 0 ? scale * Math.pow(1 + bigA, 0.602) / Math.abs(g) : scale;
      }
      double ak = a / Math.pow(k + 1 + bigA, 0.602);
      for (int i = 0; i < d; i++) {
        x[i] = Math.min(hi[i], Math.max(lo[i], x[i] - ak * g * delta[i]));
      }
    }
    t.eval(x);
  }
}
