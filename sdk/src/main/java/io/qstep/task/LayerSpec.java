package io.qstep.task;

import java.util.Objects;

/**
 * Quantum layer for QML inference. Inputs: {@code features} FP64 [batch, d] with d ≤ qubits, {@code
 * weights} FP64 [depth, qubits, 2] (RY then RZ angle per qubit and layer, radians). Output: {@code
 * expectations} FP64 [batch, k], ⟨Z_i⟩ for qubits 0..k−1.
 *
 * @param numQubits qubits; 0 = the feature width d
 * @param depth ansatz layers; 0 = the first dimension of {@code weights}
 * @param encoding how a feature becomes an angle
 * @param entangler the gate linking neighbouring qubits
 * @param numOutputs k; 0 = all qubits
 * @param featureScale angle = featureScale · x; 0 means 1
 */
public record LayerSpec(
    int numQubits,
    int depth,
    Encoding encoding,
    Entangler entangler,
    int numOutputs,
    double featureScale)
    implements TaskSpec {

  /** Feature encodings. */
  public enum Encoding {
    ANGLE_RY,
    ANGLE_RX
  }

  /** Entangling gates of the hardware-efficient ansatz (a linear chain). */
  public enum Entangler {
    CX,
    CZ
  }

  public LayerSpec {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(entangler, "entangler");
    if (numQubits < 0 || depth < 0 || numOutputs < 0) {
      throw new IllegalArgumentException("numQubits, depth and numOutputs must be >= 0");
    }
    if (!Double.isFinite(featureScale)) {
      throw new IllegalArgumentException("featureScale must be finite");
    }
  }

  /** Defaults: sizes from the tensors, RY encoding, CX chain, all outputs, scale 1. */
  public static LayerSpec defaults() {
    return new LayerSpec(0, 0, Encoding.ANGLE_RY, Entangler.CX, 0, 1.0);
  }

  @Override
  public Kind kind() {
    return Kind.LAYER;
  }
}
