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

  /**
   * The calls behind one job: an OpenQASM 3 program over {@code numClbits} classical bits, run for
   * {@code shots}. The result is one outcome per shot, classical bit {@code i} = bit {@code i}.
   */
  JobOps<long[]> job(String device, String qasm3, int numClbits, long shots);

  @Override
  default void close() {}
}
