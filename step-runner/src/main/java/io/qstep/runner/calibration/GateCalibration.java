package io.qstep.runner.calibration;

import java.util.List;
import java.util.Locale;

/**
 * Calibration of one gate on specific qubits. Immutable; range checks happen in {@link
 * CalibrationSnapshot}.
 *
 * @param name the device's gate name, lower case ({@code sx}, {@code x}, {@code rz}, {@code cx},
 *     {@code ecr}, {@code cz}, ...; {@code 1q} for a device-wide single-qubit figure such as
 *     Braket's randomized-benchmarking fidelity)
 * @param qubits the qubit indices it acts on, in the device's order (control first)
 * @param error average gate error (1 − average gate fidelity), in [0, 1]
 * @param durationNs gate duration, nanoseconds, &ge; 0; NaN when the device does not say
 */
public record GateCalibration(String name, List<Integer> qubits, double error, double durationNs) {
  public GateCalibration {
    name = name == null ? "" : name.toLowerCase(Locale.ROOT);
    qubits = List.copyOf(qubits);
  }

  /** Whether the duration is known. */
  public boolean hasDuration() {
    return !Double.isNaN(durationNs);
  }
}
