package io.qstep.runner.mitigate;

/**
 * A learned map from noisy expectation values to ideal ones (Clifford data regression: Czarnik et
 * al., Quantum 5, 592 (2021); with several noise scales as features, variable-noise CDR: Lowe et
 * al., PRR 3, 033098 (2021)). Implementations are immutable and thread-safe after loading.
 */
public interface Surrogate {

  /**
   * Predicts the ideal values.
   *
   * @param features the noisy values, scale-major: {@code [scale j][observable i]} flattened
   * @return one value per observable
   */
  double[] predict(double[] features);

  /** What it was trained on. */
  SurrogateMetadata metadata();
}
