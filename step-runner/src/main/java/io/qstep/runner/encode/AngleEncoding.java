package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;

/**
 * Angle encoding: {@code RY(s·x_i)} (or {@code RX}) on qubit i, one qubit per feature. A product
 * state, depth 1, no CX; its fidelity kernel is {@code Π_i cos²(s(x_i − y_i)/2)}. Repetitions would
 * only rescale the angles, so there are none.
 *
 * @param numFeatures features = qubits
 * @param axis the rotation
 * @param scale angle = scale · feature
 */
public record AngleEncoding(int numFeatures, Axis axis, double scale) implements FeatureMap {

  /** The rotation axis. */
  public enum Axis {
    X,
    Y
  }

  public AngleEncoding {
    Features.checkSize(numFeatures, 1, scale);
    java.util.Objects.requireNonNull(axis, "axis");
  }

  @Override
  public String name() {
    return axis == Axis.Y ? "angle_ry" : "angle_rx";
  }

  @Override
  public int numQubits() {
    return numFeatures;
  }

  @Override
  public Circuit circuit(double[] x) {
    Features.check(x, numFeatures);
    Circuit.Builder b = Circuit.builder(numFeatures);
    for (int i = 0; i < numFeatures; i++) {
      if (axis == Axis.Y) {
        b.ry(i, scale * x[i]);
      } else {
        b.rx(i, scale * x[i]);
      }
    }
    return b.build();
  }

  @Override
  public Circuit template() {
    Circuit.Builder b = Circuit.builder(numFeatures);
    for (int i = 0; i < numFeatures; i++) {
      Param p = new Param.Symbol("x" + i, scale, 0.0);
      if (axis == Axis.Y) {
        b.ry(i, p);
      } else {
        b.rx(i, p);
      }
    }
    return b.build();
  }
}
