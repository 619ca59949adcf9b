package io.qstep.runner.qpu;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;

/** Maps provider failures to qstep's stable reasons. */
public final class QpuErrors {
  private QpuErrors() {}

  public static QStepException toQStep(ProviderException e, String provider) {
    return switch (e.kind()) {
      case TRANSIENT ->
          QStepException.of(
              ErrorReason.BACKEND_UNAVAILABLE,
              "backend.name",
              provider + " is unavailable (retries exhausted): " + e.getMessage(),
              null);
      case AUTH ->
          QStepException.of(
              ErrorReason.UNAUTHENTICATED,
              "backend.name",
              provider + " rejected the runner's credentials: " + e.getMessage(),
              null);
      case NOT_FOUND ->
          QStepException.of(
              ErrorReason.BACKEND_NOT_FOUND,
              "backend.device",
              provider + ": not found: " + e.getMessage(),
              null);
      case REJECTED ->
          QStepException.of(
              ErrorReason.CAPABILITY_MISMATCH,
              "backend.name",
              provider + " rejected the job: " + e.getMessage(),
              null);
    };
  }
}
