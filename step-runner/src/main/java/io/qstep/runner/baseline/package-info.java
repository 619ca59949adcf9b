/**
 * Classical baselines, the Validate stage's "classical shadow": every quantum answer is compared
 * with a classical one computed from the same input. For QUBO and Max-Cut: exact enumeration (small
 * n), Google OR-Tools CP-SAT with a time limit (optimal or best found, with its bound), and seeded
 * simulated annealing. Nothing here imports protobuf or gRPC types.
 */
package io.qstep.runner.baseline;
