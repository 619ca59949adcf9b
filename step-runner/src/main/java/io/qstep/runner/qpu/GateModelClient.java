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

  /**
   * Most circuits one provider job may carry on {@code device}; 1 (the default) means the provider
   * takes one circuit per job, and {@link GateQpuBackend} submits a batch as one job per circuit.
   */
  default int maxCircuitsPerJob(String device) {
    return 1;
  }

  /** Most executions (the sum over its circuits of their shots) one job may carry; 0 = no limit. */
  default long maxExecutionsPerJob(String device) {
    return 0;
  }

  /**
   * The calls behind one job running several circuits (each bound, measured, adapted, as {@link
   * #program}) for {@code shots[i]} shots each. Result {@code i} holds circuit {@code i}'s
   * outcomes, one per shot, as in {@link #job}. Only called when {@link #maxCircuitsPerJob} is
   * above 1, with at most that many circuits.
   */
  default JobOps<List<long[]>> batchJob(
      String device, List<CircuitAdapter.Adapted> circuits, long[] shots) {
    throw new UnsupportedOperationException(provider() + " takes one circuit per job");
  }

  @Override
  default void close() {}
}
