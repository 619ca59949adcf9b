package io.qstep.runner.backend;

import io.qstep.circuit.Circuit;
import java.util.List;
import java.util.Objects;

/**
 * One circuit execution.
 *
 * @param circuit a bound circuit (no symbolic parameters)
 * @param shots number of shots; 0 asks for exact expectation values
 * @param observables Pauli strings over IXYZ (qubit 0 leftmost, length = qubits) whose exact
 *     expectations are wanted when {@code shots == 0}; empty means ⟨Z_i⟩ for every qubit
 * @param seed seed for every random choice of this execution
 * @param threads simulator threads, 0 = backend's choice
 * @param fuse whether a simulator may fuse gates
 */
public record ExecutionRequest(
    Circuit circuit, long shots, List<String> observables, long seed, int threads, boolean fuse) {
  public ExecutionRequest {
    Objects.requireNonNull(circuit, "circuit");
    observables = List.copyOf(observables);
    if (circuit.isParameterized()) {
      throw new IllegalArgumentException("circuit has unbound parameters " + circuit.parameters());
    }
    if (shots < 0) {
      throw new IllegalArgumentException("shots must be >= 0");
    }
  }

  /** An exact run of ⟨Z_i⟩ on every qubit, default threading and fusion. */
  public static ExecutionRequest exact(Circuit circuit, long seed) {
    return new ExecutionRequest(circuit, 0, List.of(), seed, 0, true);
  }

  /** A sampled run, default threading and fusion. */
  public static ExecutionRequest sampled(Circuit circuit, long shots, long seed) {
    return new ExecutionRequest(circuit, shots, List.of(), seed, 0, true);
  }
}
