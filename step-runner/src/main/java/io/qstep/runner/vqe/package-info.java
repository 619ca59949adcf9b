/**
 * VQE for Hamiltonians given as Pauli sums: the operator and its matrix-free action ({@link
 * io.qstep.runner.vqe.PauliSum}), the trial states ({@link io.qstep.runner.vqe.Ansatz}), the
 * optimisation on the state-vector engine ({@link io.qstep.runner.vqe.VqeSolver}) and the exact
 * baseline of the Validate stage ({@link io.qstep.runner.vqe.GroundState}: dense eigensolver or
 * Lanczos). This package never imports protobuf or gRPC types.
 */
package io.qstep.runner.vqe;
