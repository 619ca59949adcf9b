package io.qstep.task;

import java.util.Objects;

/**
 * Fidelity kernel {@code K_ij = |⟨φ(x_i)|φ(x_j)⟩|²}, one qubit per feature. Inputs: {@code x_train}
 * FP64 [N, d], {@code x_test} FP64 [M, d] (optional), {@code y_train} INT64 [N] (optional labels
 * for the alignment metrics). Outputs: {@code gram} FP64 [N, N], {@code cross} FP64 [M, N].
 *
 * @param reps feature-map repetitions; 0 = the default (2)
 * @param featureMap {@code zz} (default when empty), {@code iqp}, {@code angle_ry}, {@code
 *     angle_rx}
 * @param featureScale angle scale applied to every feature; 0 means 1
 * @param entanglement pairs coupled by {@code zz} and {@code iqp}: {@code full} (default when
 *     empty), {@code linear}, {@code circular}
 */
public record KernelSpec(int reps, String featureMap, double featureScale, String entanglement)
    implements TaskSpec {

  public KernelSpec {
    featureMap = Objects.requireNonNullElse(featureMap, "");
    entanglement = Objects.requireNonNullElse(entanglement, "");
    if (reps < 0) {
      throw new IllegalArgumentException("reps must be >= 0 (0 = default), got " + reps);
    }
    if (!Double.isFinite(featureScale)) {
      throw new IllegalArgumentException("featureScale must be finite");
    }
  }

  /** A kernel with the given map and repetitions, scale 1, full entanglement. */
  public KernelSpec(int reps, String featureMap) {
    this(reps, featureMap, 0, "");
  }

  /** The ZZ feature map, two repetitions, scale 1, full entanglement. */
  public static KernelSpec defaults() {
    return new KernelSpec(0, "zz");
  }

  @Override
  public Kind kind() {
    return Kind.KERNEL;
  }
}
