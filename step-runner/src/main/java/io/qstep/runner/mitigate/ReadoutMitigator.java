package io.qstep.runner.mitigate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Readout-error mitigation with a tensored (per-qubit) confusion model: exact inversion, inversion
 * constrained to the probability simplex (least squares), the subspace method of M3 (Nation et al.,
 * PRX Quantum 2, 040326 (2021): the reduced confusion matrix over the observed bitstrings) and the
 * analytic inversion of exact parities. Bit {@code q} of an outcome is qubit {@code q} of the
 * calibration. Stateless and thread-safe.
 */
public final class ReadoutMitigator {
  /** Largest dense distribution the inverse and least-squares methods take (2^20 doubles). */
  public static final int MAX_DENSE_BITS = 20;

  /** Largest observable support whose exact parity is inverted analytically (3^k work). */
  public static final int MAX_PARITY_SUPPORT = 14;

  /** Largest subspace solved by dense LU; bigger ones iterate on a sparse matrix. */
  static final int MAX_DENSE_SUBSPACE = 2000;

  /** Hamming distance beyond which the iterative subspace solver drops matrix elements. */
  static final int SUBSPACE_MAX_DISTANCE = 3;

  /** Convergence threshold (max-norm change) of the iterative solvers. */
  static final double EPS_SOLVE = 1e-13;

  private ReadoutMitigator() {}

  /** The measured distribution of a true one: {@code (A_{n-1} ⊗ ... ⊗ A_0) p}. A fresh array. */
  public static double[] applyConfusion(double[] p, ReadoutCalibration cal) {
    double[] v = p.clone();
    for (int q = 0; q < bits(p, cal); q++) {
      apply2x2(v, q, cal.confusion(q));
    }
    return v;
  }

  /**
   * Exact tensored inversion: the quasi-probabilities {@code A^{-1} q}. They sum to the input's sum
   * and may be negative under shot noise. A fresh array.
   */
  public static double[] invert(double[] measured, ReadoutCalibration cal) {
    double[] v = measured.clone();
    for (int q = 0; q < bits(measured, cal); q++) {
      apply2x2(v, q, cal.inverse(q));
    }
    return v;
  }

  /**
   * The probability distribution {@code p} (non-negative, summing to 1) minimising {@code ||A p -
   * q||_2}: accelerated projected gradient from the projected inverse. Equals {@link #invert} when
   * the inverse is already a distribution.
   */
  public static double[] leastSquares(double[] measured, ReadoutCalibration cal) {
    int n = bits(measured, cal);
    double[] inv = invert(measured, cal);
    double total = Arrays.stream(measured).sum();
    if (total <= 0) {
      throw new IllegalArgumentException("measured distribution sums to " + total);
    }
    for (int i = 0; i < inv.length; i++) {
      inv[i] /= total;
    }
    if (Arrays.stream(inv).allMatch(x -> x >= 0)) {
      return inv;
    }
    double[] target = measured.clone();
    for (int i = 0; i < target.length; i++) {
      target[i] /= total;
    }
    // Lipschitz constant of the gradient A^T (A p - q): sigma_max(A)^2, a product over qubits.
    double lip = 1;
    for (int q = 0; q < n; q++) {
      lip *= sigmaMax2(cal.confusion(q));
    }
    double step = 1 / lip;
    double[] x = projectToSimplex(inv);
    double[] y = x.clone();
    double t = 1;
    for (int it = 0; it < 20_000; it++) {
      double[] r = applyConfusion(y, cal);
      for (int i = 0; i < r.length; i++) {
        r[i] -= target[i];
      }
      double[] g = r;
      for (int q = 0; q < n; q++) {
        apply2x2(g, q, transpose(cal.confusion(q)));
      }
      double[] z = new double[y.length];
      for (int i = 0; i < z.length; i++) {
        z[i] = y[i] - step * g[i];
      }
      double[] xNext = projectToSimplex(z);
      double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      double change = 0;
      for (int i = 0; i < y.length; i++) {
        y[i] = xNext[i] + (t - 1) / tNext * (xNext[i] - x[i]);
        change = Math.max(change, Math.abs(xNext[i] - x[i]));
      }
      x = xNext;
      t = tNext;
      if (change < EPS_SOLVE) {
        break;
      }
    }
    return x;
  }

  /**
   * The Euclidean projection of {@code v} onto the probability simplex (Duchi et al. 2008). A fresh
   * array.
   */
  public static double[] projectToSimplex(double[] v) {
    double[] u = v.clone();
    Arrays.sort(u);
    double cum = 0;
    double theta = 0;
    for (int i = u.length - 1, k = 1; i >= 0; i--, k++) {
      cum += u[i];
      double th = (cum - 1) / k;
      if (u[i] - th > 0) {
        theta = th;
      }
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(v[i] - theta, 0);
    }
    return out;
  }

  /**
   * The M3 subspace method: the confusion matrix restricted to the observed bitstrings, columns
   * renormalised over the subspace, solved for the quasi-probabilities. Cost grows with the number
   * of distinct outcomes, not with 2^n, so it suits many qubits.
   *
   * @param counts outcome → count; outcomes use bit q for qubit q of {@code cal}
   * @return outcome → quasi-probability (sums to 1), sorted by outcome
   */
  public static Map<Long, Double> subspace(Map<Long, Long> counts, ReadoutCalibration cal) {
    TreeMap<Long, Long> sorted = new TreeMap<>(counts);
    long[] keys = sorted.keySet().stream().mapToLong(Long::longValue).toArray();
    int s = keys.length;
    double total = sorted.values().stream().mapToLong(Long::longValue).sum();
    if (s == 0 || total <= 0) {
      throw new IllegalArgumentException("no counts to mitigate");
    }
    double[] b = new double[s];
    for (int i = 0; i < s; i++) {
      b[i] = sorted.get(keys[i]) / total;
    }
    int n = cal.numQubits();
    double[][] conf = new double[n][];
    for (int q = 0; q < n; q++) {
      conf[q] = cal.confusion(q);
    }
    double[] x;
    if (s <= MAX_DENSE_SUBSPACE) {
      DMatrixRMaj a = new DMatrixRMaj(s, s);
      for (int j = 0; j < s; j++) {
        double colSum = 0;
        for (int i = 0; i < s; i++) {
          double e = element(keys[i], keys[j], conf);
          a.unsafe_set(i, j, e);
          colSum += e;
        }
        for (int i = 0; i < s; i++) {
          a.unsafe_set(i, j, a.unsafe_get(i, j) / colSum);
        }
      }
      LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(s);
      if (!solver.setA(a)) {
        throw new IllegalStateException("reduced confusion matrix is singular");
      }
      DMatrixRMaj rhs = new DMatrixRMaj(s, 1, true, b);
      DMatrixRMaj sol = new DMatrixRMaj(s, 1);
      solver.solve(rhs, sol);
      x = sol.getData();
    } else {
      x = sparseSolve(keys, b, conf);
    }
    double sum = Arrays.stream(x).sum();
    Map<Long, Double> out = new TreeMap<>();
    for (int i = 0; i < s; i++) {
      out.put(keys[i], x[i] / sum);
    }
    return out;
  }

  /** Jacobi iteration on the column-normalised sparse reduced matrix (Hamming distance cut). */
  private static double[] sparseSolve(long[] keys, double[] b, double[][] conf) {
    int s = keys.length;
    int[][] nbr = new int[s][];
    double[][] val = new double[s][];
    double[] diag = new double[s];
    double[] colSum = new double[s];
    for (int i = 0; i < s; i++) {
      int[] idx = new int[8];
      double[] v = new double[8];
      int m = 0;
      for (int j = 0; j < s; j++) {
        if (Long.bitCount(keys[i] ^ keys[j]) > SUBSPACE_MAX_DISTANCE) {
          continue;
        }
        double e = element(keys[i], keys[j], conf);
        colSum[j] += e;
        if (i == j) {
          diag[i] = e;
          continue;
        }
        if (m == idx.length) {
          idx = Arrays.copyOf(idx, 2 * m);
          v = Arrays.copyOf(v, 2 * m);
        }
        idx[m] = j;
        v[m++] = e;
      }
      nbr[i] = Arrays.copyOf(idx, m);
      val[i] = Arrays.copyOf(v, m);
    }
    double[] x = b.clone();
    for (int it = 0; it < 10_000; it++) {
      double[] next = new double[s];
      double change = 0;
      for (int i = 0; i < s; i++) {
        double acc = b[i];
        for (int k = 0; k < nbr[i].length; k++) {
          int j = nbr[i][k];
          acc -= val[i][k] / colSum[j] * x[j];
        }
        next[i] = acc / (diag[i] / colSum[i]);
        change = Math.max(change, Math.abs(next[i] - x[i]));
      }
      x = next;
      if (change < EPS_SOLVE) {
        break;
      }
    }
    return x;
  }

  /** A[read][prepared] of the full tensored matrix. */
  private static double element(long read, long prepared, double[][] conf) {
    double e = 1;
    for (int q = 0; q < conf.length; q++) {
      int r = (int) (read >>> q & 1);
      int c = (int) (prepared >>> q & 1);
      e *= conf[q][2 * r + c];
    }
    return e;
  }

  /**
   * The ideal parity ⟨Z_S⟩ from measured parities of every subset of {@code S}: under tensored
   * readout error, {@code E_meas(S) = sum_{T ⊆ S} prod_{q∈T} (1-p10-p01) prod_{q∈S\T} (p01-p10)
   * E(T)} with {@code E(∅) = 1}; this solves it from the smallest subsets up.
   *
   * @param measured subset mask → measured parity; must hold every non-empty subset of {@code
   *     support}
   * @param support the observable's qubits as a bit mask
   */
  public static double invertParity(
      Map<Long, Double> measured, long support, ReadoutCalibration cal) {
    if (Long.bitCount(support) > MAX_PARITY_SUPPORT) {
      throw new IllegalArgumentException(
          "observable support " + Long.bitCount(support) + " > " + MAX_PARITY_SUPPORT);
    }
    Map<Long, Double> ideal = new HashMap<>();
    ideal.put(0L, 1.0);
    long[] subsets = subsetsBySize(support);
    for (long s : subsets) {
      if (s == 0) {
        continue;
      }
      Double m = measured.get(s);
      if (m == null) {
        throw new IllegalArgumentException(
            "missing measured parity of subset " + Long.toBinaryString(s));
      }
      double acc = m;
      // subtract every proper subset's contribution
      for (long t = (s - 1) & s; ; t = (t - 1) & s) {
        acc -= weight(t, s, cal) * ideal.get(t);
        if (t == 0) {
          break;
        }
      }
      ideal.put(s, acc / weight(s, s, cal));
    }
    return ideal.get(support);
  }

  /** prod_{q∈T} (1-p10-p01) prod_{q∈S\T} (p01-p10). */
  private static double weight(long t, long s, ReadoutCalibration cal) {
    double w = 1;
    for (long rest = s; rest != 0; rest &= rest - 1) {
      int q = Long.numberOfTrailingZeros(rest);
      w *= (t >>> q & 1) != 0 ? 1 - cal.p10(q) - cal.p01(q) : cal.p01(q) - cal.p10(q);
    }
    return w;
  }

  /** Every subset of {@code mask}, ordered by popcount (so a subset comes after its subsets). */
  static long[] subsetsBySize(long mask) {
    int k = Long.bitCount(mask);
    long[] out = new long[1 << k];
    int i = 0;
    for (long t = mask; ; t = (t - 1) & mask) {
      out[i++] = t;
      if (t == 0) {
        break;
      }
    }
    return Arrays.stream(out)
        .boxed()
        .sorted(
            (a, b) -> {
              int c = Integer.compare(Long.bitCount(a), Long.bitCount(b));
              return c != 0 ? c : Long.compare(a, b);
            })
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** ⟨(-1)^{|x ∧ mask|}⟩ of a dense (quasi-)distribution. */
  public static double parity(double[] p, long mask) {
    double e = 0;
    for (int x = 0; x < p.length; x++) {
      e += (Long.bitCount(x & mask) & 1) == 0 ? p[x] : -p[x];
    }
    return e;
  }

  /** ⟨(-1)^{|x ∧ mask|}⟩ of a sparse (quasi-)distribution. */
  public static double parity(Map<Long, Double> p, long mask) {
    double e = 0;
    for (Map.Entry<Long, Double> en : p.entrySet()) {
      e += (Long.bitCount(en.getKey() & mask) & 1) == 0 ? en.getValue() : -en.getValue();
    }
    return e;
  }

  /** Dense empirical distribution of samples over {@code bits} bits. */
  public static double[] distribution(long[] samples, int bits) {
    if (bits > MAX_DENSE_BITS) {
      throw new IllegalArgumentException(
          bits + " bits > " + MAX_DENSE_BITS + " for a dense distribution");
    }
    double[] p = new double[1 << bits];
    for (long s : samples) {
      p[(int) s]++;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= samples.length;
    }
    return p;
  }

  /** Outcome → count. */
  public static Map<Long, Long> counts(long[] samples) {
    Map<Long, Long> c = new HashMap<>();
    for (long s : samples) {
      c.merge(s, 1L, Long::sum);
    }
    return c;
  }

  private static int bits(double[] p, ReadoutCalibration cal) {
    int n = Integer.numberOfTrailingZeros(p.length);
    if (p.length != 1 << n || n != cal.numQubits()) {
      throw new IllegalArgumentException(
          "distribution of length " + p.length + " does not match " + cal.numQubits() + " qubits");
    }
    return n;
  }

  /** Applies a 2x2 row-major matrix to bit {@code q} of every index pair, in place. */
  private static void apply2x2(double[] v, int q, double[] m) {
    int bit = 1 << q;
    for (int i = 0; i < v.length; i++) {
      if ((i & bit) != 0) {
        continue;
      }
      int j = i | bit;
      double a = v[i];
      double b = v[j];
      v[i] = m[0] * a + m[1] * b;
      v[j] = m[2] * a + m[3] * b;
    }
  }

  private static double[] transpose(double[] m) {
    return new double[] {m[0], m[2], m[1], m[3]};
  }

  /** Largest squared singular value of a real 2x2 matrix. */
  private static double sigmaMax2(double[] m) {
    double a = m[0] * m[0] + m[2] * m[2];
    double d = m[1] * m[1] + m[3] * m[3];
    double b = m[0] * m[1] + m[2] * m[3];
    return (a + d) / 2 + Math.sqrt((a - d) * (a - d) / 4 + b * b);
  }
}
