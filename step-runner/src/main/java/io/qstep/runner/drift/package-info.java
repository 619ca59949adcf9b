/**
 * Drift detection: calibration drift against a reference snapshot ({@link
 * io.qstep.runner.drift.CalibrationDrift}), output drift (total-variation and Hellinger distance to
 * a reference distribution) and input drift (population stability index per feature against the
 * training features) in {@link io.qstep.runner.drift.Distances}, with configurable {@link
 * io.qstep.runner.drift.DriftThresholds} and a {@link io.qstep.runner.drift.DriftVerdict}. {@link
 * io.qstep.runner.drift.DriftCheck} runs them for a step (references come from request parameters
 * and input tensors) and reports {@code drift_*} metrics plus a warning.
 */
package io.qstep.runner.drift;
