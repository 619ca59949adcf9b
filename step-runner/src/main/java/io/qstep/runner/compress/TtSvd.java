package io.qstep.runner.compress;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * TT-SVD (Oseledets 2011, algorithm 1): sweeps left to right over the modes, splitting each
 * unfolding by a truncated SVD. Cores come out left-orthonormal, so the truncation errors of the
 * steps are mutually orthogonal and the achieved relative error is exactly {@code sqrt(Σ discarded
 * σ²) / ‖x‖}.
 *
 * <p>With a budget ε the discarded energy per step is at most {@code ε² ‖x‖² / (d − 1)}, which
 * bounds the total relative error by ε; with a maximum bond χ each rank is capped at χ; with both,
 * the smaller rank wins (the error can then exceed ε and is reported as achieved). With neither,
 * only singular values below {@link #EPS_RANK} × the largest are dropped and the train is exact to
 * rounding. Thread-safe (stateless).
 */
public final class TtSvd {
  /** Singular values below this fraction of the largest count as zero. */
  public static final double EPS_RANK = 1e-13;

  private TtSvd() {}

  /**
   * How much to truncate.
   *
   * @param epsilon relative Frobenius error budget in (0, 1], or 0 for none
   * @param maxBond largest bond dimension χ ≥ 1, or 0 for unlimited
   * @param randomized use the seeded randomised SVD (Halko et al.) for unfoldings much larger than
   *     χ; needs {@code maxBond > 0}
   * @param seed seed of the randomised SVD
   */
  public record Options(double epsilon, int maxBond, boolean randomized, long seed) {
    /**
     * @throws QStepException INVALID_VALUE naming {@code param.epsilon} or {@code param.max_bond}
     */
    public Options {
      if (!(epsilon >= 0) || epsilon > 1 || Double.isInfinite(epsilon)) {
        throw QStepException.invalid(
            "param.epsilon", "param.epsilon must be in (0, 1] (a relative error), got " + epsilon);
      }
      if (maxBond < 0) {
        throw QStepException.invalid(
            "param.max_bond", "param.max_bond must be >= 1, got " + maxBond);
      }
      if (randomized && maxBond == 0) {
        throw QStepException.invalid(
            "param.max_bond", "param.max_bond is required with randomized=true (the target rank)");
      }
    }

    /** Exact up to rounding. */
    public static Options exact() {
      return new Options(0, 0, false, 0);
    }

    /** Error budget ε only. */
    public static Options epsilon(double epsilon) {
      if (!(epsilon > 0)) {
        throw QStepException.invalid("param.epsilon", "param.epsilon must be > 0, got " + epsilon);
      }
      return new Options(epsilon, 0, false, 0);
    }

    /** Maximum bond χ only. */
    public static Options maxBond(int chi) {
      if (chi < 1) {
        throw QStepException.invalid("param.max_bond", "param.max_bond must be >= 1, got " + chi);
      }
      return new Options(0, chi, false, 0);
    }
  }

  /**
   * A decomposition and what it achieved.
   *
   * @param train the tensor train
   * @param relativeError ‖x − train‖_F / ‖x‖_F (0 for a zero tensor)
   * @param norm ‖x‖_F
   * @param wallMs wall time of the decomposition, milliseconds
   */
  public record Result(TensorTrain train, double relativeError, double norm, double wallMs) {
    public int[] ranks() {
      return train.ranks();
    }

    public double compressionRatio() {
      return train.compressionRatio();
    }
  }

  /** The qubit (binary) mode sizes of a vector of length 2^n: n twos. */
  public static int[] qubitDims(int length) {
    if (length < 2 || Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException("length " + length + " is not a power of two >= 2");
    }
    int[] d = new int[Integer.numberOfTrailingZeros(length)];
    Arrays.fill(d, 2);
    return d;
  }

  /**
   * Decomposes the row-major tensor {@code x} of shape {@code dims}.
   *
   * @param x row-major values (not modified), finite
   * @param dims mode sizes; their product must be {@code x.length}
   * @throws QStepException INVALID_TENSOR naming {@code x} on NaN/Inf
   * @throws IllegalArgumentException when dims do not match
   */
  public static Result decompose(double[] x, int[] dims, Options opt) {
    long t0 = System.nanoTime();
    long size = 1;
    for (int n : dims) {
      if (n < 1) {
        throw new IllegalArgumentException("dims must be >= 1: " + Arrays.toString(dims));
      }
      size *= n;
    }
    if (dims.length == 0 || size != x.length) {
      throw new IllegalArgumentException(
          "dims " + Arrays.toString(dims) + " do not match " + x.length + " elements");
    }
    double norm2 = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            "x",
            "x: element " + i + " is " + x[i] + "; values must be finite");
      }
      norm2 += x[i] * x[i];
    }
    int d = dims.length;
    double budget2 = d > 1 ? opt.epsilon() * opt.epsilon() * norm2 / (d - 1) : 0;
    int[] ranks = new int[d + 1];
    ranks[0] = 1;
    ranks[d] = 1;
    List<double[]> cores = new ArrayList<>(d);
    double discarded2 = 0;
    double[] rest = x.clone();
    int r = 1;
    for (int k = 0; k < d - 1; k++) {
      int rows = r * dims[k];
      int cols = rest.length / rows;
      DMatrixRMaj m = DMatrixRMaj.wrap(rows, cols, rest);
      int full = Math.min(rows, cols);
      boolean useRandom =
          opt.randomized() && full > 2 * (opt.maxBond() + Svd.OVERSAMPLING) && norm2 > 0;
      Svd.Result svd =
          useRandom ? Svd.randomized(m, opt.maxBond(), opt.seed() + k) : Svd.exact(m, false);
      double[] s = svd.s();
      int keep = chooseRank(s, budget2, opt.maxBond());
      DMatrixRMaj u = CommonOps_DDRM.extract(svd.u(), 0, rows, 0, keep);
      DMatrixRMaj c = new DMatrixRMaj(keep, cols);
      CommonOps_DDRM.multTransA(u, m, c);
      if (useRandom) {
        double kept2 = 0;
        for (double v : c.data) {
          kept2 += v * v;
        }
        double m2 = 0;
        for (double v : rest) {
          m2 += v * v;
        }
        discarded2 += Math.max(0, m2 - kept2);
      } else {
        for (int i = keep; i < s.length; i++) {
          discarded2 += s[i] * s[i];
        }
      }
      cores.add(u.data.length == rows * keep ? u.data : Arrays.copyOf(u.data, rows * keep));
      ranks[k + 1] = keep;
      rest = c.data.length == keep * cols ? c.data : Arrays.copyOf(c.data, keep * cols);
      r = keep;
    }
    cores.add(rest);
    TensorTrain tt = new TensorTrain(dims, ranks, cores);
    double rel = norm2 > 0 ? Math.sqrt(discarded2 / norm2) : 0;
    return new Result(tt, rel, Math.sqrt(norm2), (System.nanoTime() - t0) / 1e6);
  }

  /** Smallest rank whose discarded tail fits the budget, capped by χ, at least 1. */
  static int chooseRank(double[] s, double budget2, int maxBond) {
    int n = s.length;
    if (n == 0) {
      return 1;
    }
    int keep = n;
    double floor = s[0] * EPS_RANK;
    while (keep > 1 && s[keep - 1] <= floor) {
      keep--;
    }
    double tail = 0;
    while (keep > 1 && tail + s[keep - 1] * s[keep - 1] <= budget2) {
      tail += s[keep - 1] * s[keep - 1];
      keep--;
    }
    if (maxBond > 0) {
      keep = Math.min(keep, maxBond);
    }
    return Math.max(1, keep);
  }
}
