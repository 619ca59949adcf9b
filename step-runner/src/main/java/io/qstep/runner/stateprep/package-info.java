/**
 * State preparation: circuits that load a real vector into the amplitudes of a register.
 *
 * <p>{@link io.qstep.runner.stateprep.AmplitudeEncoding} is exact (Möttönen et al. 2004: uniformly
 * controlled RY rotations, {@code 2^n − 2} CX). {@link io.qstep.runner.stateprep.MpsEncoding}
 * prepares a matrix-product-state approximation with staircase layers of two-qubit gates (Ran
 * 2020), refined by sweeps that replace each gate by the real orthogonal matrix that maximises the
 * overlap with the target (polar decomposition of its environment). Every two-qubit gate is in
 * SO(4) and compiles to two CX through the magic basis (Vatan and Williams 2004); the first gate of
 * a circuit acts on |00⟩ and compiles to one CX (Schmidt decomposition). Circuits use only CX, RY
 * and U gates, so they export to OpenQASM as they are.
 *
 * <p>Qubit convention: amplitude index bit {@code q} is qubit {@code q} (qubit 0 least
 * significant), as in {@link io.qstep.runner.sim.StateVector}. Vectors are real; the prepared state
 * equals the normalised input up to a global phase. Each result reports the fidelity to the
 * normalised input, the circuit depth and the CX count. Bad input throws {@link
 * io.qstep.error.QStepException} naming the field. Stateless and thread-safe.
 */
package io.qstep.runner.stateprep;
