package io.qstep.bench.examples;

import io.qstep.tensor.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * scikit-learn's 8x8 digits (as written by {@code scripts/export_digits.py}: {@code digits_x.npy}
 * FP64 [1797, 64], pixel values 0..16, {@code digits_y.npy} INT64 [1797]), a seeded train/test
 * split of some classes, and the feature reduction that brings 64 pixels down to a few qubits.
 */
public final class Digits {
  private Digits() {}

  /**
   * A train/test split. Rows are feature vectors; labels are the digit classes.
   *
   * @param xTrain [nTrain][d]
   * @param xTest [nTest][d]
   */
  public record Split(double[][] xTrain, long[] yTrain, double[][] xTest, long[] yTest) {
    public int features() {
      return xTrain[0].length;
    }
  }

  /**
   * Reduces feature vectors, fitted on the training rows only (so no test information leaks into
   * the features). The hook for a real compression stage: a PCA or tensor-train projection (the
   * runner's {@code compress} task) implements this too.
   */
  @FunctionalInterface
  public interface Reduction {
    /** Returns {reduced train, reduced test}. */
    double[][][] apply(double[][] train, double[][] test);
  }

  /**
   * The example's reduction, in two fixed steps: 2x2 average pooling of the 8x8 image (16
   * features), then the {@code k} pooled features with the highest variance over the training rows
   * (in their original order), divided by 16 into [0, 1].
   */
  public static Reduction poolAndSelect(int k) {
    return (train, test) -> {
      double[][] pt = pool(train);
      double[][] ps = pool(test);
      int f = pt[0].length;
      double[] var = new double[f];
      for (int j = 0; j < f; j++) {
        double mean = 0;
        for (double[] r : pt) {
          mean += r[j];
        }
        mean /= pt.length;
        for (double[] r : pt) {
          var[j] += (r[j] - mean) * (r[j] - mean);
        }
      }
      Integer[] order = new Integer[f];
      for (int j = 0; j < f; j++) {
        order[j] = j;
      }
      // highest variance first; ties by index, so the choice is deterministic
      Arrays.sort(order, (a, b) -> var[a] != var[b] ? Double.compare(var[b], var[a]) : a - b);
      int[] keep = Arrays.stream(order, 0, k).mapToInt(Integer::intValue).sorted().toArray();
      return new double[][][] {select(pt, keep), select(ps, keep)};
    };
  }

  static double[][] pool(double[][] images) {
    double[][] out = new double[images.length][16];
    for (int i = 0; i < images.length; i++) {
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          double s = 0;
          for (int dr = 0; dr < 2; dr++) {
            for (int dc = 0; dc < 2; dc++) {
              s += images[i][(2 * r + dr) * 8 + 2 * c + dc];
            }
          }
          out[i][r * 4 + c] = s / 4;
        }
      }
    }
    return out;
  }

  static double[][] select(double[][] rows, int[] keep) {
    double[][] out = new double[rows.length][keep.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < keep.length; j++) {
        out[i][j] = rows[i][keep[j]] / 16.0;
      }
    }
    return out;
  }

  /**
   * Loads the digits of {@code classes} from {@code dir}, shuffles them with {@code seed}, and
   * splits off {@code nTrain} training and {@code nTest} test rows (raw 64 pixels).
   */
  public static Split load(Path dir, long[] classes, int nTrain, int nTest, long seed)
      throws IOException {
    double[] x = Npy.read(dir.resolve("digits_x.npy")).toDoubleArray();
    long[] y = Npy.read(dir.resolve("digits_y.npy")).toLongArray();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      for (long c : classes) {
        if (y[i] == c) {
          rows.add(i);
        }
      }
    }
    if (rows.size() < nTrain + nTest) {
      throw new IllegalArgumentException(
          "only " + rows.size() + " digits of classes " + Arrays.toString(classes));
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Integer t = rows.get(i);
      rows.set(i, rows.get(j));
      rows.set(j, t);
    }
    double[][] xtr = new double[nTrain][];
    long[] ytr = new long[nTrain];
    double[][] xte = new double[nTest][];
    long[] yte = new long[nTest];
    for (int i = 0; i < nTrain + nTest; i++) {
      int r = rows.get(i);
      double[] px = Arrays.copyOfRange(x, r * 64, (r + 1) * 64);
      if (i < nTrain) {
        xtr[i] = px;
        ytr[i] = y[r];
      } else {
        xte[i - nTrain] = px;
        yte[i - nTrain] = y[r];
      }
    }
    return new Split(xtr, ytr, xte, yte);
  }

  /** {@code s} with its features reduced by {@code reduction}. */
  public static Split reduce(Split s, Reduction reduction) {
    double[][][] r = reduction.apply(s.xTrain(), s.xTest());
    return new Split(r[0], s.yTrain(), r[1], s.yTest());
  }
}
