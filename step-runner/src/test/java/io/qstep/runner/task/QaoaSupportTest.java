package io.qstep.runner.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StepContext;
import org.junit.jupiter.api.Test;

/** Which backends the QAOA tasks accept for which shot settings. */
class QaoaSupportTest {

  /** A backend that only declares capabilities. */
  static Backend backend(String name, boolean shots, boolean exact) {
    BackendCapabilities caps =
        new BackendCapabilities(
            20, BackendCapabilities.allGates(), shots, exact, true, 100_000, "test");
    return new Backend() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String version() {
        return "0";
      }

      @Override
      public BackendCapabilities capabilities() {
        return caps;
      }

      @Override
      public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
        throw new AssertionError("not run");
      }
    };
  }

  @Test
  void shotOnlyBackend_inExactMode_isCapabilityMismatchOnShots() {
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () -> QaoaSupport.checkBackend("maxcut", backend("qpu", true, false), 0));
    assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
    assertThat(e.field()).isEqualTo("backend.shots");
    assertThat(e.getMessage()).contains("qpu").contains("shots > 0");
    assertThatCode(() -> QaoaSupport.checkBackend("maxcut", backend("qpu", true, false), 100))
        .doesNotThrowAnyException();
  }

  @Test
  void exactOnlyBackend_withShots_isCapabilityMismatchOnShots() {
    QStepException e =
        catchThrowableOfType(
            QStepException.class,
            () -> QaoaSupport.checkBackend("qubo", backend("dm", false, true), 10));
    assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
    assertThat(e.field()).isEqualTo("backend.shots");
    assertThatCode(() -> QaoaSupport.checkBackend("qubo", backend("dm", false, true), 0))
        .doesNotThrowAnyException();
  }
}
