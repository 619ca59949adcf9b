package io.qstep.runner.qpu;

import java.util.Objects;

/**
 * A provider's view of one job, as a status poll returns it.
 *
 * @param id the provider's job id
 * @param state where it stands
 * @param reason the provider's failure or cancellation reason; empty otherwise
 * @param createdMs when the provider created it, epoch ms (0 when unknown)
 * @param startedMs when it started running, epoch ms (0 when unknown)
 * @param finishedMs when it ended, epoch ms (0 when unknown)
 * @param executionMs device time the provider reports, ms (-1 when it reports none)
 */
public record ProviderJob(
    String id,
    State state,
    String reason,
    long createdMs,
    long startedMs,
    long finishedMs,
    double executionMs) {

  /** Provider states, normalised. */
  public enum State {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED
  }

  public ProviderJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
  }

  /** Time spent queued, ms, when both ends are known; -1 otherwise. */
  public double queueMs() {
    return createdMs > 0 && startedMs >= createdMs ? startedMs - createdMs : -1;
  }
}
