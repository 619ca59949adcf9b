package io.qstep.runner.encode;

/** Shared argument checks of the feature maps. */
final class Features {
  private Features() {}

  static void checkSize(int numFeatures, int reps, double scale) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    if (reps < 1) {
      throw new IllegalArgumentException("reps must be >= 1, got " + reps);
    }
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be finite, got " + scale);
    }
  }

  static void check(double[] x, int numFeatures) {
    if (x.length != numFeatures) {
      throw new IllegalArgumentException("expected " + numFeatures + " features, got " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("feature " + i + " is " + x[i] + "; must be finite");
      }
    }
  }
}
