package io.qstep.runner.stateprep;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;

/**
 * A state-preparation circuit and what it achieves.
 *
 * @param circuit bound circuit of CX and one-qubit gates on {@code n} qubits, no measurements
 * @param fidelity |⟨x̂|C|0⟩|² with x̂ the normalised input (1 for an exact encoding, to rounding)
 * @param layers staircase layers (MPS encoding), 0 for amplitude encoding
 * @param wallMs time to build the circuit, milliseconds
 */
public record Encoding(Circuit circuit, double fidelity, int layers, double wallMs) {
  /** Number of CX gates. */
  public int cxCount() {
    return (int) circuit.gates().stream().filter(g -> g.kind() == GateKind.CX).count();
  }

  /** Circuit depth (all gates). */
  public int depth() {
    return circuit.depth();
  }
}
