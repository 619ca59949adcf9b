package io.qstep.task;

import java.util.List;

/**
 * An OpenQASM 2/3 program run once per row of {@code params} FP64 [rows, m]. The program comes from
 * this spec or from a {@code qasm} BYTES input tensor. Outputs: exact mode {@code expectations}
 * [rows, k]; shot mode {@code samples} INT64 [rows, shots] and {@code counts} INT64 [rows, 2^c].
 *
 * @param qasm program text, or empty when the {@code qasm} input carries it
 * @param observables Pauli strings over IXYZ, qubit 0 leftmost; empty = ⟨Z_i⟩ per qubit
 */
public record CircuitSpec(String qasm, List<String> observables) implements TaskSpec {
  public CircuitSpec {
    qasm = qasm == null ? "" : qasm;
    observables = List.copyOf(observables);
  }

  /** A program with ⟨Z_i⟩ outputs. */
  public static CircuitSpec of(String qasm) {
    return new CircuitSpec(qasm, List.of());
  }

  @Override
  public Kind kind() {
    return Kind.CIRCUIT;
  }
}
