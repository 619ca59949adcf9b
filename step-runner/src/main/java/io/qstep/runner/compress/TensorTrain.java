package io.qstep.runner.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor train (matrix product state): {@code x[i_0, ..., i_{d-1}] = G_0[i_0] G_1[i_1] ...
 * G_{d-1}[i_{d-1}]}, core {@code k} of shape {@code [ranks[k], dims[k], ranks[k+1]]} stored
 * row-major, {@code ranks[0] = ranks[d] = 1}. Index {@code i_0} is the most significant (C order),
 * so {@link #reconstruct()} gives the row-major flattening of the tensor. Immutable: the arrays are
 * copied in and out.
 */
public final class TensorTrain {
  private final int[] dims;
  private final int[] ranks;
  private final List<double[]> cores;

  /**
   * @throws IllegalArgumentException when the cores do not match the dims and ranks
   */
  public TensorTrain(int[] dims, int[] ranks, List<double[]> cores) {
    if (dims.length == 0 || ranks.length != dims.length + 1 || cores.size() != dims.length) {
      throw new IllegalArgumentException(
          "need d dims, d + 1 ranks and d cores; got "
              + dims.length
              + ", "
              + ranks.length
              + ", "
              + cores.size());
    }
    if (ranks[0] != 1 || ranks[dims.length] != 1) {
      throw new IllegalArgumentException("boundary ranks must be 1: " + Arrays.toString(ranks));
    }
    List<double[]> copy = new ArrayList<>(cores.size());
    for (int k = 0; k < dims.length; k++) {
      long size = (long) ranks[k] * dims[k] * ranks[k + 1];
      if (dims[k] < 1 || ranks[k] < 1 || cores.get(k).length != size) {
        throw new IllegalArgumentException(
            "core " + k + " must have " + size + " elements, has " + cores.get(k).length);
      }
      copy.add(cores.get(k).clone());
    }
    this.dims = dims.clone();
    this.ranks = ranks.clone();
    this.cores = List.copyOf(copy);
  }

  /** Number of modes d. */
  public int order() {
    return dims.length;
  }

  /** Mode sizes, d entries. */
  public int[] dims() {
    return dims.clone();
  }

  /** Bond dimensions, d + 1 entries with 1 at both ends. */
  public int[] ranks() {
    return ranks.clone();
  }

  /** The largest bond dimension. */
  public int maxRank() {
    return Arrays.stream(ranks).max().orElse(1);
  }

  /** Core {@code k}, row-major {@code [ranks[k], dims[k], ranks[k+1]]} (a copy). */
  public double[] core(int k) {
    return cores.get(k).clone();
  }

  /** Number of elements of the full tensor. */
  public long fullSize() {
    long s = 1;
    for (int n : dims) {
      s *= n;
    }
    return s;
  }

  /** Number of stored numbers (the sum of the core sizes). */
  public long parameters() {
    long s = 0;
    for (double[] c : cores) {
      s += c.length;
    }
    return s;
  }

  /** Full size over stored size. */
  public double compressionRatio() {
    return (double) fullSize() / parameters();
  }

  /**
   * The full tensor, row-major.
   *
   * @throws IllegalStateException when it has more than {@code Integer.MAX_VALUE - 8} elements
   */
  public double[] reconstruct() {
    if (fullSize() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("tensor too large to reconstruct: " + fullSize());
    }
    // left holds [prefix, r] row-major
    double[] left = cores.get(0).clone();
    int prefix = dims[0];
    for (int k = 1; k < dims.length; k++) {
      int r = ranks[k];
      int cols = dims[k] * ranks[k + 1];
      double[] core = cores.get(k);
      double[] next = new double[prefix * cols];
      for (int p = 0; p < prefix; p++) {
        int lo = p * r;
        int out = p * cols;
        for (int a = 0; a < r; a++) {
          double v = left[lo + a];
          if (v == 0.0) {
            continue;
          }
          int co = a * cols;
          for (int c = 0; c < cols; c++) {
            next[out + c] += v * core[co + c];
          }
        }
      }
      left = next;
      prefix *= dims[k];
    }
    return left;
  }

  @Override
  public String toString() {
    return "TensorTrain" + Arrays.toString(dims) + " ranks " + Arrays.toString(ranks);
  }
}
