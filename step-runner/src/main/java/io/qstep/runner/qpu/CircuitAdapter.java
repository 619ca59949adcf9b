package io.qstep.runner.qpu;

import io.qstep.circuit.Circuit;
import io.qstep.runner.transpile.TranspiledCircuit;

/**
 * Turns a circuit into one a device runs (an ISA circuit): native gates, coupled qubit pairs.
 * Deterministic: the same circuit and device give the same output. Thread-safe.
 */
public interface CircuitAdapter {
  /**
   * The circuit to submit.
   *
   * @param circuit bound, with measurements
   * @param device the device's description
   * @throws io.qstep.error.QStepException CAPABILITY_MISMATCH when it cannot be made to fit
   */
  Adapted adapt(Circuit circuit, DeviceInfo device);

  /**
   * @param circuit the circuit to submit (on physical qubits when transpiled)
   * @param method how it was produced, for provenance ({@code native-check}, {@code transpile})
   * @param transpiled the transpiler's output (layouts, swaps), or null when not transpiled
   */
  record Adapted(Circuit circuit, String method, TranspiledCircuit transpiled) {}
}
