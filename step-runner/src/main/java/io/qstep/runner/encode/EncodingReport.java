package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.Objects;

/**
 * What one encoding costs and reaches. Immutable.
 *
 * @param encoding the feature map's name
 * @param numFeatures features encoded
 * @param numQubits circuit width
 * @param depth circuit depth (longest chain of gates sharing qubits)
 * @param gates number of gates
 * @param cxCount CX gates after decomposing every gate into CX and one-qubit gates ({@link
 *     #cxCount(Circuit)})
 * @param fidelity {@code |⟨target|φ(x)⟩|²} for encodings that target a given state (amplitude,
 *     MPS); {@code NaN} for feature maps, which have no target state
 */
public record EncodingReport(
    String encoding,
    int numFeatures,
    int numQubits,
    int depth,
    int gates,
    int cxCount,
    double fidelity) {

  public EncodingReport {
    Objects.requireNonNull(encoding, "encoding");
    if (numFeatures < 0 || numQubits < 0 || depth < 0 || gates < 0 || cxCount < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    if (!Double.isNaN(fidelity) && (fidelity < 0 || fidelity > 1 + 1e-9)) {
      throw new IllegalArgumentException("fidelity must be in [0, 1] or NaN, got " + fidelity);
    }
  }

  /** The report of {@code circuit} with no target state. */
  public static EncodingReport of(String encoding, int numFeatures, Circuit circuit) {
    return new EncodingReport(
        encoding,
        numFeatures,
        circuit.numQubits(),
        circuit.depth(),
        circuit.gates().size(),
        cxCount(circuit),
        Double.NaN);
  }

  /** This report with a fidelity. */
  public EncodingReport withFidelity(double f) {
    return new EncodingReport(encoding, numFeatures, numQubits, depth, gates, cxCount, f);
  }

  /**
   * CX gates of {@code circuit} after the textbook decomposition into CX and one-qubit gates: 1 for
   * CX, CY, CZ, ECR; 2 for CP, CRX, CRY, CRZ, RXX, RYY, RZZ; 3 for SWAP; 6 for CCX; for a custom
   * k-qubit unitary the generic bound {@code ⌈(4^k − 3k − 1) / 4⌉} (3 for two qubits, 14 for
   * three).
   */
  public static int cxCount(Circuit circuit) {
    int n = 0;
    for (Gate g : circuit.gates()) {
      n +=
          switch (g.kind()) {
            case I, X, Y, Z, H, S, SDG, T, TDG, SX, RX, RY, RZ, P, U -> 0;
            case CX, CY, CZ, ECR -> 1;
            case CP, CRX, CRY, CRZ, RXX, RYY, RZZ -> 2;
            case SWAP -> 3;
            case CCX -> 6;
            case UNITARY -> {
              int k = g.arity();
              yield k <= 1 ? 0 : (int) (((1L << (2 * k)) - 3L * k - 1 + 3) / 4);
            }
          };
    }
    return n;
  }
}
