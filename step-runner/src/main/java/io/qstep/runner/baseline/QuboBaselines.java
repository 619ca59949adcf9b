package io.qstep.runner.baseline;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import io.qstep.runner.qaoa.Qubo;
import java.util.SplittableRandom;

/**
 * Classical minimisers of a {@link Qubo}. Each returns a {@link Solution} with the value, the
 * assignment, whether it is proven optimal, a lower bound where the method has one, and its wall
 * time. Thread-safe (no shared mutable state beyond the one-time native library load).
 */
public final class QuboBaselines {
  /** Largest n solved by enumeration. */
  public static final int MAX_EXACT_QUBITS = 20;

  /** Target magnitude of the largest integer coefficient handed to CP-SAT. */
  private static final double CPSAT_SCALE_TARGET = 1e7;

  /**
   * A classical answer.
   *
   * @param method "exact", "cp-sat" or "annealing"
   * @param value f(x), recomputed in double precision from the assignment
   * @param bits the assignment, bit i = x_i
   * @param optimal whether the method proved optimality
   * @param bound a proven lower bound on min f (NaN when the method has none)
   * @param status the solver's own status word ("OPTIMAL", "FEASIBLE", ...)
   * @param wallMs wall time in milliseconds
   */
  public record Solution(
      String method,
      double value,
      long bits,
      boolean optimal,
      double bound,
      String status,
      double wallMs) {}

  private QuboBaselines() {}

  /**
   * The optimum over all {@code 2^n} assignments of a precomputed vector of values (the one the
   * QAOA fast path uses), first index on ties. The value is in the vector's own terms.
   *
   * @param maximise whether the optimum is the largest value (else the smallest)
   */
  public static Solution exact(double[] values, boolean maximise) {
    long t0 = System.nanoTime();
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (maximise ? values[i] > values[best] : values[i] < values[best]) {
        best = i;
      }
    }
    double v = values[best];
    return new Solution("exact", v, best, true, v, "OPTIMAL", ms(t0));
  }

  private static final class Native {
    static final Throwable FAILURE = load();

    private static Throwable load() {
      try {
        Loader.loadNativeLibraries();
        return null;
      } catch (RuntimeException | LinkageError e) {
        return e;
      }
    }
  }

  /** Null when CP-SAT's native library loaded, else why not. */
  public static String cpSatUnavailableReason() {
    Throwable t = Native.FAILURE;
    return t == null ? null : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /**
   * CP-SAT on the linearised QUBO ({@code y_ij = x_i ∧ x_j}). Real coefficients are scaled to
   * integers (a power of two chosen so the largest is about 1e7) and rounded; the reported value is
   * recomputed from the assignment, the bound is rescaled (exact for integer coefficients).
   * Deterministic: one search worker, seeded.
   *
   * @throws IllegalStateException when the native library is unavailable
   */
  public static Solution cpSat(Qubo q, double timeLimitSeconds, long seed) {
    if (Native.FAILURE != null) {
      throw new IllegalStateException("CP-SAT unavailable: " + cpSatUnavailableReason());
    }
    long t0 = System.nanoTime();
    int n = q.n();
    double scale = integerScale(q);
    CpModel model = new CpModel();
    BoolVar[] x = new BoolVar[n];
    for (int i = 0; i < n; i++) {
      x[i] = model.newBoolVar("x" + i);
    }
    LinearExprBuilder obj = LinearExpr.newBuilder();
    for (int i = 0; i < n; i++) {
      long c = Math.round(q.linear(i) * scale);
      if (c != 0) {
        obj.addTerm(x[i], c);
      }
      for (int j = i + 1; j < n; j++) {
        long cij = Math.round(q.pair(i, j) * scale);
        if (cij == 0) {
          continue;
        }
        BoolVar y = model.newBoolVar("y" + i + "_" + j);
        model.addImplication(y, x[i]);
        model.addImplication(y, x[j]);
        model.addBoolOr(new Literal[] {x[i].not(), x[j].not(), y});
        obj.addTerm(y, cij);
      }
    }
    model.minimize(obj);
    CpSolver solver = new CpSolver();
    solver
        .getParameters()
        .setMaxTimeInSeconds(timeLimitSeconds)
        .setNumWorkers(1)
        .setRandomSeed((int) (seed & 0x7fffffff));
    CpSolverStatus st = solver.solve(model);
    if (st != CpSolverStatus.OPTIMAL && st != CpSolverStatus.FEASIBLE) {
      return new Solution("cp-sat", Double.NaN, 0, false, Double.NaN, st.name(), ms(t0));
    }
    long bits = 0;
    for (int i = 0; i < n; i++) {
      if (solver.booleanValue(x[i])) {
        bits |= 1L << i;
      }
    }
    double bound = solver.bestObjectiveBound() / scale + q.constant();
    return new Solution(
        "cp-sat", q.value(bits), bits, st == CpSolverStatus.OPTIMAL, bound, st.name(), ms(t0));
  }

  /** 1 for integer coefficients, else a power of two bringing the largest near 1e7. */
  static double integerScale(Qubo q) {
    boolean integral = true;
    for (int i = 0; i < q.n(); i++) {
      integral &= isSmallInteger(q.linear(i));
      for (int j = i + 1; j < q.n(); j++) {
        integral &= isSmallInteger(q.pair(i, j));
      }
    }
    double m = q.maxAbsCoefficient();
    if (integral || m == 0) {
      return 1;
    }
    return Math.scalb(1.0, Math.getExponent(CPSAT_SCALE_TARGET / m));
  }

  private static boolean isSmallInteger(double v) {
    return Math.abs(v) < 1e12 && v == Math.rint(v);
  }

  /**
   * Simulated annealing: single-bit-flip Metropolis over {@code sweeps} sweeps, temperature falling
   * geometrically from the largest local field to 1e-3 of it, from a random start; the best
   * assignment seen is returned. Reproducible for a seed.
   */
  public static Solution anneal(Qubo q, int sweeps, long seed) {
    long t0 = System.nanoTime();
    int n = q.n();
    SplittableRandom rng = new SplittableRandom(seed);
    int[] x = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextInt(2);
    }
    // field[i] = linear_i + Σ_j pair(i, j) x_j, so flipping i changes f by (1 − 2 x_i) field[i]
    double[] field = new double[n];
    double tMax = 0;
    for (int i = 0; i < n; i++) {
      double f = q.linear(i);
      double absSum = Math.abs(q.linear(i));
      for (int j = 0; j < n; j++) {
        if (j != i) {
          f += q.pair(i, j) * x[j];
          absSum += Math.abs(q.pair(i, j));
        }
      }
      field[i] = f;
      tMax = Math.max(tMax, absSum);
    }
    if (tMax == 0) {
      tMax = 1;
    }
    double value = q.value(toBits(x));
    double best = value;
    long bestBits = toBits(x);
    double tMin = 1e-3 * tMax;
    double ratio = sweeps > 1 ? Math.pow(tMin / tMax, 1.0 / (sweeps - 1)) : 1;
    double temp = tMax;
    for (int s = 0; s < sweeps; s++) {
      for (int i = 0; i < n; i++) {
        double delta = (1 - 2 * x[i]) * field[i];
        if (delta <= 0 || rng.nextDouble() < Math.exp(-delta / temp)) {
          int sign = 1 - 2 * x[i];
          x[i] ^= 1;
          value += delta;
          for (int j = 0; j < n; j++) {
            if (j != i) {
              field[j] += sign * q.pair(i, j);
            }
          }
          if (value < best) {
            best = value;
            bestBits = toBits(x);
          }
        }
      }
      temp *= ratio;
    }
    return new Solution(
        "annealing", q.value(bestBits), bestBits, false, Double.NaN, "DONE", ms(t0));
  }

  private static long toBits(int[] x) {
    long b = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        b |= 1L << i;
      }
    }
    return b;
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
