package io.qstep.runner.qpu.dwave;

import java.util.Objects;

/**
 * A SAPI solver as {@code GET /solvers/remote/} describes it.
 *
 * @param id solver name
 * @param online whether its status is ONLINE
 * @param qubits working qubits, ascending (the {@code qp} encoding order)
 * @param couplers working couplers {@code [a, b]} with {@code a < b}, in the solver's order
 * @param maxReads upper end of {@code num_reads_range} (0 when absent)
 * @param properties the raw properties document, for provenance
 */
public record Solver(
    String id, boolean online, int[] qubits, int[][] couplers, long maxReads, String properties) {
  public Solver {
    Objects.requireNonNull(id, "id");
    qubits = qubits.clone();
    couplers = couplers.clone();
  }
}
