/**
 * The noisy simulator backends {@code noisy-dm} (density matrix) and {@code noisy} (trajectories),
 * registered through {@link io.qstep.runner.backend.BackendProvider}. Each runs under a calibration
 * snapshot: the built-in sample, the file named by env {@code QSTEP_NOISE_CALIBRATION}, or the
 * request's {@code calibration} parameter; results carry that snapshot.
 */
package io.qstep.runner.backend.noisy;
