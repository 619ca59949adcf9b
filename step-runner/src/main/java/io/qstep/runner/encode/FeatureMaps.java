package io.qstep.runner.encode;

import io.qstep.runner.stateprep.MpsEncoding;
import java.util.List;
import java.util.Locale;

/** Builds the feature maps of this package by name, as requests name them. */
public final class FeatureMaps {
  /** The names {@link #create} knows, in documentation order. */
  public static final List<String> NAMES =
      List.of("zz", "iqp", "angle_ry", "angle_rx", "amplitude", "mps");

  /** Repetitions when a request leaves them unset: Havlíček's two layers. */
  public static final int DEFAULT_REPS = 2;

  private FeatureMaps() {}

  /** Whether {@code name} (case-insensitive; empty = {@code zz}) is a known feature map. */
  public static boolean isKnown(String name) {
    return NAMES.contains(normalise(name));
  }

  /**
   * Lower case; empty means {@code zz}; {@code angle} means {@code angle_ry}; {@code amp} means
   * {@code amplitude}.
   */
  public static String normalise(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "" -> "zz";
      case "angle", "ry" -> "angle_ry";
      case "rx" -> "angle_rx";
      case "amp" -> "amplitude";
      default -> s;
    };
  }

  /**
   * The feature map {@code name} on {@code numFeatures} features (one qubit each; {@code amplitude}
   * and {@code mps} use ⌈log₂ d⌉), MPS with {@link MpsFeatureMap#DEFAULT_OPTIONS}.
   *
   * @param reps repetitions, ≥ 1 (ignored by the angle encodings, which have none)
   * @param entanglement pairs coupled by ZZ and IQP
   * @param scale angle scale applied to every feature
   * @throws IllegalArgumentException for an unknown name or bad sizes
   */
  public static FeatureMap create(
      String name, int numFeatures, int reps, Entanglement entanglement, double scale) {
    return create(name, numFeatures, reps, entanglement, scale, MpsFeatureMap.DEFAULT_OPTIONS);
  }

  /**
   * As {@link #create(String, int, int, Entanglement, double)}, with the MPS preparation options
   * {@code mps} (used by {@code mps} only). {@code amplitude} and {@code mps} ignore reps,
   * entanglement and scale: they normalise x.
   */
  public static FeatureMap create(
      String name,
      int numFeatures,
      int reps,
      Entanglement entanglement,
      double scale,
      MpsEncoding.Options mps) {
    return switch (normalise(name)) {
      case "zz" -> new ZzFeatureMap(numFeatures, reps, entanglement, scale);
      case "iqp" -> new IqpEncoding(numFeatures, reps, entanglement, scale);
      case "angle_ry" -> new AngleEncoding(numFeatures, AngleEncoding.Axis.Y, scale);
      case "angle_rx" -> new AngleEncoding(numFeatures, AngleEncoding.Axis.X, scale);
      case "amplitude" -> new AmplitudeFeatureMap(numFeatures);
      case "mps" -> new MpsFeatureMap(numFeatures, mps);
      default ->
          throw new IllegalArgumentException(
              "unknown feature map '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }
}
