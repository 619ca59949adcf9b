/**
 * Device calibration: one schema ({@link io.qstep.runner.calibration.CalibrationSnapshot}: per
 * qubit T1, T2, readout p(0|1) and p(1|0), frequency; per gate error and duration; timestamp,
 * backend name and version, source) and importers for IBM backend properties and Amazon Braket
 * standardized device properties. Snapshots are immutable, validated on construction (errors name
 * the field), identified by a content hash, and produce the provenance record {@link
 * io.qstep.runner.stage.Calibration} that results carry and tracking logs as {@code
 * calibration.json}.
 */
package io.qstep.runner.calibration;
