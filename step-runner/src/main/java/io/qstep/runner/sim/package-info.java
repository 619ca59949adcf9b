/**
 * The state-vector engine, qstep's hand-written hot path: {@link
 * io.qstep.runner.sim.StateVectorSimulator} applies a bound {@link io.qstep.circuit.Circuit} in
 * place to a {@link io.qstep.runner.sim.StateVector} (complex128 in split re/im arrays, qubit 0 =
 * least significant index bit).
 *
 * <p>Pipeline: lower gates to matrices, fuse ({@code GateFuser}, cost-driven), pick the cheapest
 * exact kernel by matrix structure ({@code CircuitCompiler.plan}: diagonal, controlled 2x2 or bit
 * flip, swap, phased permutation, dense 4x4, generic k-qubit gather/scatter), group ops into cache
 * blocks of {@code 2^13} amplitudes, then run each op over a range of independent work items, split
 * across a shared daemon pool for states of 14 qubits and more. Results do not depend on the thread
 * count. This package never imports protobuf or gRPC types.
 */
package io.qstep.runner.sim;
