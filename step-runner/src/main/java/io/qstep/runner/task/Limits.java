package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.config.RunnerConfig;

/** Width and shot checks, done before any state is allocated. */
final class Limits {
  private Limits() {}

  /**
   * @param field the request field that decided the width (e.g. "qasm", "inputs[features]")
   */
  static void checkQubits(int qubits, String field, RunnerConfig config, Backend backend) {
    if (qubits > config.maxQubits()) {
      throw new QStepException(
          ErrorReason.TOO_MANY_QUBITS,
          field,
          field
              + ": "
              + qubits
              + " qubits exceed the server limit of "
              + config.maxQubits()
              + " (a state vector of "
              + qubits
              + " qubits needs "
              + ((16L << qubits) >> 20)
              + " MiB)");
    }
    BackendCapabilities caps = backend.capabilities();
    if (qubits > caps.maxQubits()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          field,
          field
              + ": "
              + qubits
              + " qubits exceed backend '"
              + backend.name()
              + "' maximum of "
              + caps.maxQubits());
    }
  }

  static void checkShots(long shots, RunnerConfig config, Backend backend) {
    if (shots > config.maxShots()) {
      throw new QStepException(
          ErrorReason.TOO_MANY_SHOTS,
          "backend.shots",
          "backend.shots: " + shots + " exceeds the server limit of " + config.maxShots());
    }
    BackendCapabilities caps = backend.capabilities();
    if (shots > 0 && !caps.supportsShots()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend '" + backend.name() + "' cannot sample shots; use shots = 0");
    }
    if (shots > caps.maxShots()) {
      throw new QStepException(
          ErrorReason.TOO_MANY_SHOTS,
          "backend.shots",
          "backend.shots: " + shots + " exceeds backend '" + backend.name() + "' maximum");
    }
    if (shots == 0 && !caps.supportsExact()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend '" + backend.name() + "' has no exact mode; set backend.shots > 0");
    }
  }
}
