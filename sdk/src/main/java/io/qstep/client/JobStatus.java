package io.qstep.client;

import io.qstep.error.QStepException;
import io.qstep.task.StepResult;
import java.util.Optional;

/**
 * The state of an asynchronous job.
 *
 * @param jobId the runner's id
 * @param state life-cycle state
 * @param result the result once {@code SUCCEEDED}
 * @param error the failure once {@code FAILED} or {@code CANCELLED}
 */
public record JobStatus(
    String jobId, State state, Optional<StepResult> result, Optional<QStepException> error) {

  /** QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Whether the job has finished. */
    public boolean isTerminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }
}
