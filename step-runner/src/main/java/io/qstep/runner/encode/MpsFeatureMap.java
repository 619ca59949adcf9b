package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.runner.stateprep.MpsEncoding;
import java.util.Arrays;
import java.util.Objects;

/**
 * MPS feature map: the d features, zero-padded to {@code 2^n} with {@code n = max(2, ⌈log₂ d⌉)} and
 * normalised, are prepared approximately by {@link MpsEncoding} (Ran's staircase layers of
 * two-qubit gates, optionally swept). Each state reaches a fidelity {@code |⟨x̂|φ(x)⟩|² ≤ 1} to the
 * exact amplitude state, reported by {@link #report}; as it approaches 1 the kernel approaches the
 * {@link AmplitudeFeatureMap amplitude} kernel {@code ⟨x̂, ŷ⟩²}. Like the amplitude map it takes no
 * angle scale and no repetitions.
 *
 * @param numFeatures features d ≥ 1
 * @param options layers, sweeps, fidelity target (and bond truncation, chain order, pruning)
 */
public record MpsFeatureMap(int numFeatures, MpsEncoding.Options options) implements FeatureMap {

  /** One staircase layer, no sweeps: the bond-2 MPS of x prepared exactly. */
  public static final MpsEncoding.Options DEFAULT_OPTIONS = new MpsEncoding.Options(0, 1, 0, 0);

  public MpsFeatureMap {
    Features.checkSize(numFeatures, 1, 1.0);
    Objects.requireNonNull(options, "options");
  }

  @Override
  public String name() {
    return "mps";
  }

  @Override
  public int numQubits() {
    return AmplitudeFeatureMap.qubitsFor(numFeatures, 2);
  }

  @Override
  public Circuit circuit(double[] x) {
    return encode(x).encoding().circuit();
  }

  /** The full encoding result of {@code x}: circuit, fidelity to x̂, layers. */
  public MpsEncoding.Result encode(double[] x) {
    return MpsEncoding.encode(
        AmplitudeFeatureMap.padded(x, numFeatures, numQubits()), "x", options);
  }

  /**
   * A structure descriptor, not a parameterised form: the gates MPS preparation emits (their count,
   * and with a fidelity target the number of layers) depend on the data, so there is no fixed
   * circuit with the data-dependent angles as parameters. The template is the bound circuit of the
   * all-equal vector (every feature 1) with these options; its version identifies the encoding
   * (width, options) for logging, and its depth and gate counts are those of that representative.
   */
  @Override
  public Circuit template() {
    double[] ones = new double[numFeatures];
    Arrays.fill(ones, 1.0);
    return circuit(ones);
  }

  /** Depth and CX count of {@code circuit(x)} plus the fidelity it reaches to x̂. */
  @Override
  public EncodingReport report(double[] x) {
    MpsEncoding.Result r = encode(x);
    double f = Math.min(1.0, r.encoding().fidelity());
    return EncodingReport.of(name(), numFeatures, r.encoding().circuit()).withFidelity(f);
  }
}
