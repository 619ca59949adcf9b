package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;

/**
 * A feature map: a feature vector {@code x} becomes a circuit {@code U(x)} that prepares {@code
 * |φ(x)⟩ = U(x)|0…0⟩}. Implementations are immutable and thread-safe; the same {@code x} always
 * gives the same circuit.
 */
public interface FeatureMap {

  /** Stable name, logged as the encoding (e.g. {@code "zz"}, {@code "iqp"}, {@code "angle_ry"}). */
  String name();

  /** Length of the feature vectors this map takes. */
  int numFeatures();

  /** Width of the circuits it builds. */
  int numQubits();

  /**
   * The bound circuit (no symbolic parameters, no measurements) preparing {@code |φ(x)⟩} from
   * {@code |0…0⟩}.
   *
   * @param x features, length {@link #numFeatures()}, finite; not modified
   * @throws IllegalArgumentException on a wrong length or a non-finite value
   */
  Circuit circuit(double[] x);

  /**
   * The circuit's shape with symbolic angles: its {@link Circuit#version()} identifies the encoding
   * (the circuit version logged for a step). For maps whose gates do not depend on the data this is
   * {@link #circuit} with every data-dependent angle a named parameter.
   */
  Circuit template();

  /**
   * The cost of encoding {@code x}: depth and CX count of {@link #circuit(double[]) circuit(x)}.
   * Encodings that target a given state (amplitude, MPS) override this to add the fidelity they
   * reach.
   */
  default EncodingReport report(double[] x) {
    return EncodingReport.of(name(), numFeatures(), circuit(x));
  }
}
