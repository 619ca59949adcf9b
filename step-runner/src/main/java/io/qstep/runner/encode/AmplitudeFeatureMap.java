package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import io.qstep.runner.stateprep.AmplitudeEncoding;
import java.util.Arrays;
import java.util.List;

/**
 * Amplitude feature map: the d features, zero-padded to {@code 2^n} with {@code n = max(1, ⌈log₂
 * d⌉)} and normalised, become the amplitudes of {@code |φ(x)⟩}, prepared exactly by {@link
 * AmplitudeEncoding} (Möttönen's RY + CX cascade, {@code 2^n − 2} CX). The fidelity kernel is then
 * the squared cosine similarity {@code ⟨x̂, ŷ⟩²}. The map is invariant to the scale of x, so it
 * takes no angle scale and no repetitions. A zero vector has no state: {@link #circuit} refuses it.
 *
 * @param numFeatures features d ≥ 1
 */
public record AmplitudeFeatureMap(int numFeatures) implements FeatureMap {

  public AmplitudeFeatureMap {
    Features.checkSize(numFeatures, 1, 1.0);
  }

  @Override
  public String name() {
    return "amplitude";
  }

  @Override
  public int numQubits() {
    return qubitsFor(numFeatures, 1);
  }

  /** {@code max(min, ⌈log₂ d⌉)}. */
  static int qubitsFor(int numFeatures, int min) {
    int n = numFeatures <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(numFeatures - 1);
    return Math.max(min, n);
  }

  @Override
  public Circuit circuit(double[] x) {
    return AmplitudeEncoding.encode(padded(x, numFeatures, numQubits()), "x").circuit();
  }

  /**
   * Möttönen's gate structure is fixed for a given width: the circuit of the all-ones vector with
   * every RY angle replaced by a parameter {@code theta0, theta1, …} in gate order. Those angles
   * are nonlinear functions of x (ratios of block norms, mixed by the Gray-code transform), so the
   * parameters are the RY angles, not the features.
   */
  @Override
  public Circuit template() {
    double[] ones = new double[1 << numQubits()];
    Arrays.fill(ones, 1.0);
    Circuit c = AmplitudeEncoding.encode(ones, "x").circuit();
    Circuit.Builder b = Circuit.builder(c.numQubits());
    int k = 0;
    for (Gate g : c.gates()) {
      if (g.kind() == GateKind.RY) {
        b.gate(Gate.of(GateKind.RY, g.qubits(), List.of(new Param.Symbol("theta" + k++, 1, 0))));
      } else {
        b.gate(g);
      }
    }
    return b.build();
  }

  /** Exact encoding: fidelity 1. */
  @Override
  public EncodingReport report(double[] x) {
    return EncodingReport.of(name(), numFeatures, circuit(x)).withFidelity(1.0);
  }

  /**
   * {@code x} checked (length, finite, not all zero) and zero-padded to {@code 2^n}.
   *
   * @throws IllegalArgumentException on a wrong length, a non-finite value or a zero vector
   */
  static double[] padded(double[] x, int numFeatures, int n) {
    Features.check(x, numFeatures);
    boolean zero = true;
    for (double v : x) {
      zero &= v == 0;
    }
    if (zero) {
      throw new IllegalArgumentException(
          "all features are zero; a zero vector cannot be normalised into a quantum state");
    }
    return Arrays.copyOf(x, 1 << n);
  }
}
