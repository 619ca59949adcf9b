/**
 * The transpiler: from the circuit IR to a device's instruction set. {@link
 * io.qstep.runner.transpile.Transpiler#transpile} lowers every gate to one-qubit gates and CX,
 * places logical qubits on physical ones (SABRE forward-backward layout from seeded random and
 * dense starting layouts), routes on the coupling map with SABRE swap insertion (front layer,
 * extended set, decay), translates CX to the target's entangler (CX, CZ or ECR) on a coupled pair
 * in an allowed direction, merges runs of one-qubit gates into the target's Euler form (ZSXZSXZ,
 * ZXZXZ with RX(±π/2), ZYZ or one U) and cancels adjacent inverse pairs.
 *
 * <p>Contract: the output circuit acts on the target's physical qubits and equals the input up to
 * the layout permutation (logical qubit {@code i} starts on {@code initialLayout[i]} and ends on
 * {@code finalLayout[i]}; every other physical qubit starts in |0⟩ and stays in |0⟩) and a global
 * phase, which the IR does not carry. Symbolic angles stay symbolic: they only ever reach RZ (or
 * the λ of a U), shifted and scaled affinely. Everything here is deterministic for a given seed;
 * values are immutable and thread-safe; no protobuf or gRPC types.
 */
package io.qstep.runner.transpile;
