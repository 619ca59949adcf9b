/**
 * The transpiler: from the circuit IR to a device's instruction set. {@link
 * io.qstep.runner.transpile.Transpiler#transpile} lowers every gate to one-qubit gates and CX,
 * places logical qubits on physical ones (SABRE forward-backward layout from seeded random and
 * dense starting layouts), routes on the coupling map with SABRE swap insertion (front layer,
 * extended set, decay), translates CX to the target's entangler (CX, CZ or ECR) on a coupled pair
 * in an allowed direction, merges runs of one-qubit gates into the target's Euler form (ZSXZSXZ,
 * ZXZXZ with RX(±π/2), ZYZ or one U) and cancels adjacent inverse pairs. With {@link
 * io.qstep.runner.transpile.TranspileOptions#resynthesize2q()} (the default) it also collects runs
 * of gates on the same two physical qubits, replaces each by its KAK synthesis ({@code Kak}: 0 to 3
 * CX) when that takes fewer two-qubit gates, and adds routing trials that favour swaps merging with
 * the gate before them, keeping the output with the fewest two-qubit gates.
 *
 * <p>Contract: the output circuit acts on the target's physical qubits and equals the input up to
 * the layout permutation (logical qubit {@code i} starts on {@code initialLayout[i]} and ends on
 * {@code finalLayout[i]}; every other physical qubit starts in |0⟩ and stays in |0⟩) and a global
 * phase, which the IR does not carry. Symbolic angles stay symbolic: they only ever reach RZ (or
 * the λ of a U), shifted and scaled affinely. Everything here is deterministic for a given seed;
 * values are immutable and thread-safe; no protobuf or gRPC types.
 *
 * <p>{@link io.qstep.runner.transpile.PhysicalQasm} writes the result as OpenQASM 3 on physical
 * qubits for IBM Quantum or Amazon Braket; {@code qstep transpile} exposes it on the CLI.
 */
package io.qstep.runner.transpile;
