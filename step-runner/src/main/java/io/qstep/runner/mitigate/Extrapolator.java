package io.qstep.runner.mitigate;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A zero-noise extrapolator: fits values measured at noise scales λ_i and evaluates the fit at λ =
 * 0. Immutable and thread-safe.
 *
 * @param kind the model
 * @param degree polynomial degree for {@link Kind#POLY}; 1 for {@link Kind#LINEAR}; unused
 *     otherwise
 * @param asymptote for {@link Kind#EXP}: the known limit as λ → ∞ (0 for Pauli expectations under
 *     depolarising noise), or NaN to fit it (three parameters)
 */
public record Extrapolator(Kind kind, int degree, double asymptote) {
  /** The models. */
  public enum Kind {
    /** Least-squares line. */
    LINEAR,
    /** The interpolating polynomial of degree m-1 through all m points (Richardson). */
    RICHARDSON,
    /** Least-squares polynomial of the given degree. */
    POLY,
    /** {@code y = a + b e^{-c λ}}, a fitted or fixed. */
    EXP
  }

  public Extrapolator {
    if (kind == Kind.POLY && degree < 1) {
      throw new IllegalArgumentException("polynomial degree must be >= 1");
    }
    if (kind == Kind.LINEAR) {
      degree = 1;
    }
  }

  public static Extrapolator linear() {
    return new Extrapolator(Kind.LINEAR, 1, Double.NaN);
  }

  public static Extrapolator richardson() {
    return new Extrapolator(Kind.RICHARDSON, 0, Double.NaN);
  }

  public static Extrapolator poly(int degree) {
    return new Extrapolator(Kind.POLY, degree, Double.NaN);
  }

  /** Exponential with the asymptote fitted. */
  public static Extrapolator exp() {
    return new Extrapolator(Kind.EXP, 0, Double.NaN);
  }

  /** Exponential decaying to a known asymptote. */
  public static Extrapolator exp(double asymptote) {
    return new Extrapolator(Kind.EXP, 0, asymptote);
  }

  /**
   * Parses {@code linear | richardson | polyK | exp}.
   *
   * @param asymptote for exp: a number, or NaN to fit it
   * @throws IllegalArgumentException naming the known values
   */
  public static Extrapolator parse(String s, double asymptote) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("linear")) {
      return linear();
    }
    if (t.equals("richardson")) {
      return richardson();
    }
    if (t.equals("exp") || t.equals("exponential")) {
      return new Extrapolator(Kind.EXP, 0, asymptote);
    }
    if (t.matches("poly[1-9]")) {
      return poly(t.charAt(4) - '0');
    }
    throw new IllegalArgumentException(
        "unknown extrapolator '" + s + "'; known: linear, richardson, poly1..poly9, exp");
  }

  /** The name as the request spells it ("poly2"). */
  public String id() {
    return switch (kind) {
      case LINEAR -> "linear";
      case RICHARDSON -> "richardson";
      case POLY -> "poly" + degree;
      case EXP -> "exp";
    };
  }

  /** How many scale factors the fit needs at least. */
  public int minPoints() {
    return switch (kind) {
      case LINEAR, RICHARDSON -> 2;
      case POLY -> degree + 1;
      case EXP -> Double.isNaN(asymptote) ? 3 : 2;
    };
  }

  /**
   * The fit and its value at zero noise.
   *
   * @param value the extrapolated value at λ = 0
   * @param coefficients model parameters: polynomial coefficients from the constant term up, or
   *     {@code a, b, c} for the exponential
   * @param residual root mean square of the fit's residuals at the given points (0 for Richardson)
   * @param uncertainty standard error of {@link #value}: point uncertainties propagated through the
   *     fit, combined with the fit's own residual error where it has degrees of freedom
   */
  public record Fit(double value, double[] coefficients, double residual, double uncertainty) {
    public Fit {
      coefficients = coefficients.clone();
    }

    @Override
    public double[] coefficients() {
      return coefficients.clone();
    }
  }

  /**
   * Fits {@code values} at {@code scales} and extrapolates to zero.
   *
   * @param sigmas per-point standard errors (shot noise), or null for exact values
   * @throws IllegalArgumentException for too few points, unequal lengths, or an exponential fit of
   *     data that crosses a fixed asymptote
   */
  public Fit fit(double[] scales, double[] values, double[] sigmas) {
    int m = scales.length;
    if (values.length != m || (sigmas != null && sigmas.length != m)) {
      throw new IllegalArgumentException("one value (and sigma) per scale factor");
    }
    if (m < minPoints()) {
      throw new IllegalArgumentException(
          id() + " needs at least " + minPoints() + " scale factors, got " + m);
    }
    double[] coef = coefficients(scales, values);
    double value = valueAtZero(coef);
    double rss = 0;
    for (int i = 0; i < m; i++) {
      double r = values[i] - model(coef, scales[i]);
      rss += r * r;
    }
    int params = numParams(m);
    double residual = Math.sqrt(rss / m);
    // Propagate point errors through the (possibly non-linear) fit by finite differences.
    double var = 0;
    if (sigmas != null) {
      for (int i = 0; i < m; i++) {
        if (sigmas[i] == 0) {
          continue;
        }
        double h = 1e-6 * Math.max(1, Math.abs(values[i]));
        double[] v = values.clone();
        v[i] += h;
        double grad = (valueAtZero(coefficients(scales, v)) - value) / h;
        var += grad * grad * sigmas[i] * sigmas[i];
      }
    }
    if (m > params) {
      // residual variance carried to the intercept through the same sensitivity (sum of grad^2)
      double sens = 0;
      for (int i = 0; i < m; i++) {
        double h = 1e-6 * Math.max(1, Math.abs(values[i]));
        double[] v = values.clone();
        v[i] += h;
        double grad = (valueAtZero(coefficients(scales, v)) - value) / h;
        sens += grad * grad;
      }
      var += rss / (m - params) * sens;
    }
    return new Fit(value, coef, residual, Math.sqrt(var));
  }

  private int numParams(int m) {
    return switch (kind) {
      case LINEAR, POLY -> degree + 1;
      case RICHARDSON -> m;
      case EXP -> Double.isNaN(asymptote) ? 3 : 2;
    };
  }

  private double valueAtZero(double[] coef) {
    return kind == Kind.EXP ? coef[0] + coef[1] : coef[0];
  }

  /** The fitted curve at noise scale {@code x} (for plots of the fit). */
  public double at(Fit fit, double x) {
    return model(fit.coefficients(), x);
  }

  private double model(double[] coef, double x) {
    if (kind == Kind.EXP) {
      return coef[0] + coef[1] * Math.exp(-coef[2] * x);
    }
    double y = 0;
    for (int i = coef.length - 1; i >= 0; i--) {
      y = y * x + coef[i];
    }
    return y;
  }

  private double[] coefficients(double[] x, double[] y) {
    return switch (kind) {
      case LINEAR, POLY -> polyLeastSquares(x, y, degree);
      case RICHARDSON -> polyLeastSquares(x, y, x.length - 1);
      case EXP -> Double.isNaN(asymptote) ? expFree(x, y) : expFixed(x, y, asymptote);
    };
  }

  /** Least-squares polynomial coefficients (constant first) by QR on the Vandermonde matrix. */
  static double[] polyLeastSquares(double[] x, double[] y, int degree) {
    return solveVandermonde(x, y, degree + 1);
  }

  private static double[] solveVandermonde(double[] x, double[] y, int p) {
    int m = x.length;
    DMatrixRMaj a = new DMatrixRMaj(m, p);
    for (int i = 0; i < m; i++) {
      double v = 1;
      for (int j = 0; j < p; j++) {
        a.unsafe_set(i, j, v);
        v *= x[i];
      }
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(m, p);
    if (!solver.setA(a.copy())) {
      throw new IllegalArgumentException("scale factors do not determine the polynomial");
    }
    DMatrixRMaj sol = new DMatrixRMaj(p, 1);
    solver.solve(new DMatrixRMaj(m, 1, true, y.clone()), sol);
    return sol.getData().clone();
  }

  /** {@code y - a = b e^{-c x}}: a line through (x, log|y - a|). */
  private static double[] expFixed(double[] x, double[] y, double a) {
    double sign = Math.signum(y[0] - a);
    double[] ly = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double d = (y[i] - a) * sign;
      if (!(d > 0)) {
        throw new IllegalArgumentException(
            "exp extrapolation: values must lie strictly on one side of the asymptote " + a);
      }
      ly[i] = Math.log(d);
    }
    double[] line = polyLeastSquares(x, ly, 1);
    return new double[] {a, sign * Math.exp(line[0]), -line[1]};
  }

  /**
   * {@code y = a + b e^{-c x}} by variable projection: for fixed c the best (a, b) is linear least
   * squares, so minimise the residual over c alone (grid, then Brent).
   */
  private static double[] expFree(double[] x, double[] y) {
    double spread = Arrays.stream(y).max().orElse(0) - Arrays.stream(y).min().orElse(0);
    if (spread < 1e-15) {
      return new double[] {y[0], 0, 0};
    }
    double xr = Arrays.stream(x).max().orElse(1) - Arrays.stream(x).min().orElse(0);
    // c·xr from 1e-4 to 50, log-spaced; negative c (growth) too
    int grid = 241;
    double best = Double.POSITIVE_INFINITY;
    double u0 = 0;
    double bestSign = 1;
    for (int g = 0; g < grid; g++) {
      double u = -4 + 5.7 * g / (grid - 1); // log10(c·xr)
      for (double sg : new double[] {1, -1}) {
        double r = rssAt(x, y, sg * Math.pow(10, u) / xr);
        if (r < best) {
          best = r;
          u0 = u;
          bestSign = sg;
        }
      }
    }
    double sgn = bestSign;
    double step = 5.7 / (grid - 1);
    BrentOptimizer brent = new BrentOptimizer(1e-14, 1e-300);
    UnivariatePointValuePair opt =
        brent.optimize(
            new MaxEval(1000),
            new UnivariateObjectiveFunction(u -> rssAt(x, y, sgn * Math.pow(10, u) / xr)),
            GoalType.MINIMIZE,
            new SearchInterval(u0 - step, u0 + step, u0));
    double c = sgn * Math.pow(10, opt.getPoint()) / xr;
    if (opt.getValue() > best) {
      c = sgn * Math.pow(10, u0) / xr;
    }
    double[] ab = linearAb(x, y, c);
    return new double[] {ab[0], ab[1], c};
  }

  private static double rssAt(double[] x, double[] y, double c) {
    double[] ab = linearAb(x, y, c);
    double rss = 0;
    for (int i = 0; i < x.length; i++) {
      double r = y[i] - ab[0] - ab[1] * Math.exp(-c * x[i]);
      rss += r * r;
    }
    return rss;
  }

  /** Least squares of y ≈ a + b e^{-c x} for fixed c (2x2 normal equations). */
  private static double[] linearAb(double[] x, double[] y, double c) {
    int m = x.length;
    double s1 = m, se = 0, see = 0, sy = 0, sey = 0;
    for (int i = 0; i < m; i++) {
      double e = Math.exp(-c * x[i]);
      se += e;
      see += e * e;
      sy += y[i];
      sey += e * y[i];
    }
    double det = s1 * see - se * se;
    if (Math.abs(det) < 1e-300 || Math.abs(det) < 1e-14 * s1 * see) {
      return new double[] {sy / m, 0};
    }
    return new double[] {(see * sy - se * sey) / det, (s1 * sey - se * sy) / det};
  }
}
