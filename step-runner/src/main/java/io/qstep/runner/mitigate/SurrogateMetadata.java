package io.qstep.runner.mitigate;

import java.util.List;
import java.util.Map;

/**
 * The training record saved with a surrogate model: what it is for, what it was trained on, and how
 * well it did. Immutable.
 *
 * @param formatVersion the model file format ({@link SurrogateFile#FORMAT})
 * @param modelVersion a unique version of this trained model (kind, structure and a content hash)
 * @param kind linear or mlp
 * @param structureHash hash of the circuit structure (gates and qubits, angles left out)
 * @param width qubits
 * @param depth circuit depth
 * @param gateCount gates
 * @param observables the observables, as explicit Pauli strings
 * @param scales the noise scales whose values are the features
 * @param calibrationId calibration (or noise model) the training ran under; empty when none
 * @param calibrationSummary numbers describing that calibration (mean errors) for drift checks
 * @param trainingSetSize number of training circuits
 * @param nonCliffordFraction fraction of rotation angles left unsnapped in training circuits
 * @param seed the training seed
 * @param validationRmse per observable RMSE on held-out training circuits
 * @param validationRawRmse the same for the unmitigated values, for comparison
 * @param featureMin smallest value of each feature in training
 * @param featureMax largest value of each feature in training
 * @param createdAt ISO-8601 time of training
 */
public record SurrogateMetadata(
    String formatVersion,
    String modelVersion,
    String kind,
    String structureHash,
    int width,
    int depth,
    int gateCount,
    List<String> observables,
    double[] scales,
    String calibrationId,
    Map<String, Double> calibrationSummary,
    int trainingSetSize,
    double nonCliffordFraction,
    long seed,
    double[] validationRmse,
    double[] validationRawRmse,
    double[] featureMin,
    double[] featureMax,
    String createdAt) {
  public SurrogateMetadata {
    observables = List.copyOf(observables);
    calibrationSummary = Map.copyOf(calibrationSummary);
    scales = scales.clone();
    validationRmse = validationRmse.clone();
    validationRawRmse = validationRawRmse.clone();
    featureMin = featureMin.clone();
    featureMax = featureMax.clone();
  }

  @Override
  public double[] scales() {
    return scales.clone();
  }

  @Override
  public double[] validationRmse() {
    return validationRmse.clone();
  }

  @Override
  public double[] validationRawRmse() {
    return validationRawRmse.clone();
  }

  @Override
  public double[] featureMin() {
    return featureMin.clone();
  }

  @Override
  public double[] featureMax() {
    return featureMax.clone();
  }
}
