/**
 * Noisy simulation from a calibration snapshot: the {@link io.qstep.runner.noise.NoiseModel}
 * (depolarising gate errors, T1/T2 relaxation over gate durations, readout error, noise scaling),
 * the exact {@link io.qstep.runner.noise.DensityMatrixSimulator} and the seeded {@link
 * io.qstep.runner.noise.TrajectorySimulator} on the state-vector engine, and {@link
 * io.qstep.runner.noise.NoisySimulation}, which runs one execution request with either. Never
 * imports proto or gRPC types.
 */
package io.qstep.runner.noise;
