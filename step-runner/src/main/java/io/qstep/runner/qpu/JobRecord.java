package io.qstep.runner.qpu;

import java.util.Objects;

/**
 * The durable state of one QPU submission, one file in the {@link JobStore}. Immutable; change with
 * the {@code with*} methods.
 *
 * @param key the idempotency key ({@link IdempotencyKey})
 * @param attempt 1 for the first submission of this key; a key whose job failed or was cancelled at
 *     the provider is submitted again under attempt + 1
 * @param provider {@code ibm}, {@code braket}, {@code dwave}
 * @param device the provider's device name or ARN
 * @param providerJobId the provider's job id; empty until the provider answered the submission
 * @param status where the job stands
 * @param shots shots (or reads) asked for
 * @param costUsd the estimated cost charged against the budgets, US dollars
 * @param createdMs when the intent was recorded, epoch ms
 * @param submittedMs when the provider acknowledged the submission, epoch ms (0 before)
 * @param startedMs when the provider reported it running, epoch ms (0 when unknown)
 * @param finishedMs when it reached a terminal state, epoch ms (0 before)
 * @param error the provider's failure reason, empty unless FAILED or CANCELLED
 */
public record JobRecord(
    String key,
    int attempt,
    String provider,
    String device,
    String providerJobId,
    Status status,
    long shots,
    double costUsd,
    long createdMs,
    long submittedMs,
    long startedMs,
    long finishedMs,
    String error) {

  /** Life cycle: PREPARED → QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED. */
  public enum Status {
    /** The intent is recorded; the provider may or may not have the job (reconcile first). */
    PREPARED,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  public JobRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    provider = provider == null ? "" : provider;
    device = device == null ? "" : device;
    providerJobId = providerJobId == null ? "" : providerJobId;
    error = error == null ? "" : error;
  }

  /** A fresh intent. */
  public static JobRecord prepared(
      String key, int attempt, String provider, String device, long shots, double cost, long now) {
    return new JobRecord(
        key, attempt, provider, device, "", Status.PREPARED, shots, cost, now, 0, 0, 0, "");
  }

  /**
   * The token the provider sees for this attempt (IBM job tag, Braket client token, D-Wave label):
   * what a lookup after a lost response searches for.
   */
  public String clientToken() {
    return "qstep-" + key.substring(0, Math.min(48, key.length())) + "-" + attempt;
  }

  public boolean hasProviderJob() {
    return !providerJobId.isEmpty();
  }

  public JobRecord withSubmitted(String jobId, long now) {
    return new JobRecord(
        key,
        attempt,
        provider,
        device,
        jobId,
        Status.QUEUED,
        shots,
        costUsd,
        createdMs,
        now,
        startedMs,
        finishedMs,
        error);
  }

  public JobRecord withStatus(Status s, long now, String why) {
    long started = s == Status.RUNNING && startedMs == 0 ? now : startedMs;
    long finished = s.terminal() && finishedMs == 0 ? now : finishedMs;
    return new JobRecord(
        key,
        attempt,
        provider,
        device,
        providerJobId,
        s,
        shots,
        costUsd,
        createdMs,
        submittedMs,
        started,
        finished,
        why == null ? error : why);
  }
}
