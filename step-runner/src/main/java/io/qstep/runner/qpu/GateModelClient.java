package io.qstep.runner.qpu;

import java.util.List;

/**
 * One gate-model provider's API (IBM Qiskit Runtime, Amazon Braket), as {@link GateQpuBackend}
 * needs it. Methods throw {@link ProviderException}; implementations are thread-safe.
 */
public interface GateModelClient extends AutoCloseable {
  /** {@code ibm}, {@code braket}. */
  String provider();

  /** Names of the devices this account can use. */
  List<String> devices();

  /** What {@code device} is and runs. */
  DeviceInfo device(String device);

  /** The device's current calibration, or {@link QpuCalibration#NONE}. */
  QpuCalibration calibration(String device);

  /** The program text submitted for {@code circuit} (OpenQASM 3 in the provider's dialect). */
  String program(CircuitAdapter.Adapted circuit);

  /**
   * The calls behind one job: {@code circuit} (bound, measured, adapted to the device) as {@link
   * #program}, run for {@code shots}. The result is one outcome per shot, classical bit {@code i} =
   * bit {@code i}.
   */
  JobOps<long[]> job(String device, CircuitAdapter.Adapted circuit, long shots);

  @Override
  default void close() {}
}
