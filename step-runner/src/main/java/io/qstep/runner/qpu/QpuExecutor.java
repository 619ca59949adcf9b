package io.qstep.runner.qpu;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.StepContext;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one provider job durably: records the intent, submits at most once per key (reconciling a
 * lost response or a restart by lookup), polls with retries, and records every state change.
 * Thread-safe; one instance serves every QPU backend of a runner.
 */
public final class QpuExecutor {
  private static final Logger LOG = Logger.getLogger(QpuExecutor.class.getName());

  private final JobStore store;
  private final BudgetLedger ledger;
  private final Retrier retrier;
  private final QpuTime time;
  private final long pollIntervalMs;

  /**
   * @param pollIntervalMs wait between status polls, ms
   */
  public QpuExecutor(
      JobStore store, BudgetLedger ledger, Retrier retrier, QpuTime time, long pollIntervalMs) {
    this.store = store;
    this.ledger = ledger;
    this.retrier = retrier;
    this.time = time;
    this.pollIntervalMs = pollIntervalMs;
  }

  public JobStore store() {
    return store;
  }

  public BudgetLedger ledger() {
    return ledger;
  }

  public Retrier retrier() {
    return retrier;
  }

  public QpuTime time() {
    return time;
  }

  /**
   * What one job is.
   *
   * @param key idempotency key
   * @param provider provider name
   * @param device device
   * @param shots shots or reads
   * @param costUsd estimated cost
   */
  public record Spec(String key, String provider, String device, long shots, double costUsd) {}

  /**
   * A finished job.
   *
   * @param result what the provider returned
   * @param record the final record (provider job id, timestamps)
   * @param job the provider's last status
   * @param resumed whether an earlier submission (before a restart or a lost response) was adopted
   */
  public record Outcome<R>(R result, JobRecord record, ProviderJob job, boolean resumed) {}

  /**
   * Runs {@code spec} to completion.
   *
   * @throws QStepException BUDGET_EXCEEDED before submission; UNAUTHENTICATED, BACKEND_NOT_FOUND,
   *     CAPABILITY_MISMATCH for provider refusals; BACKEND_UNAVAILABLE when the provider stays
   *     unreachable or the job fails there; CANCELLED (the provider job is cancelled too) or
   *     DEADLINE_EXCEEDED (the provider job is kept, and a rerun resumes it)
   */
  public <R> Outcome<R> run(Spec spec, JobOps<R> ops, StepContext ctx) {
    try {
      return runOrThrow(spec, ops, ctx);
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, spec.provider());
    }
  }

  private <R> Outcome<R> runOrThrow(Spec spec, JobOps<R> ops, StepContext ctx) {
    JobRecord rec = store.get(spec.key()).orElse(null);
    boolean resumed = false;
    if (rec != null && rec.status() == JobRecord.Status.COMPLETED) {
      String id = rec.providerJobId();
      LOG.log(Level.INFO, "QPU job {0} already completed; fetching its result", id);
      try {
        ProviderJob job = retrier.call("GET job status", () -> ops.status(id));
        R result = retrier.call("GET job result", () -> ops.fetch(id));
        return new Outcome<>(result, rec, job, true);
      } catch (ProviderException e) {
        throw QpuErrors.toQStep(e, rec.provider());
      }
    }
    if (rec == null
        || rec.status() == JobRecord.Status.FAILED
        || rec.status() == JobRecord.Status.CANCELLED) {
      int attempt = rec == null ? 1 : rec.attempt() + 1;
      ledger.charge(
          ctx, spec.provider() + " task on " + spec.device(), spec.shots(), spec.costUsd());
      rec =
          JobRecord.prepared(
              spec.key(),
              attempt,
              spec.provider(),
              spec.device(),
              spec.shots(),
              spec.costUsd(),
              time.nowMs());
      store.put(rec);
    } else {
      resumed = true;
    }
    if (!rec.hasProviderJob()) {
      rec = submit(rec, ops, ctx, resumed);
    }
    return poll(rec, ops, ctx, resumed);
  }

  /** Submits once; after a transient failure, looks the job up before trying again. */
  private <R> JobRecord submit(
      JobRecord rec, JobOps<R> ops, StepContext ctx, boolean reconcileFirst) {
    String token = rec.clientToken();
    if (reconcileFirst) {
      // a record left PREPARED by a crash or a lost response: the provider may have the job
      Optional<String> found = safeLookup(ops, token, true);
      if (found.isPresent()) {
        return adopt(rec, found.get());
      }
    }
    for (int attempt = 0; ; attempt++) {
      ctx.checkpoint();
      try {
        String id = ops.submit(token);
        JobRecord r = rec.withSubmitted(id, time.nowMs());
        store.put(r);
        return r;
      } catch (ProviderException e) {
        if (!e.isTransient()) {
          store.put(rec.withStatus(JobRecord.Status.FAILED, time.nowMs(), e.getMessage()));
          throw QpuErrors.toQStep(e, rec.provider());
        }
        // the request may have reached the provider: reconcile before any second submission
        Optional<String> found = safeLookup(ops, token, true);
        if (found.isPresent()) {
          return adopt(rec, found.get());
        }
        if (attempt + 1 >= retrier.policy().maxAttempts()) {
          // left PREPARED: a later run reconciles again before submitting
          throw QpuErrors.toQStep(e, rec.provider());
        }
        retrier.pause(retrier.delayMs(attempt, e.retryAfterMs()));
      }
    }
  }

  private <R> Optional<String> safeLookup(JobOps<R> ops, String token, boolean retry) {
    return retry
        ? retrier.call("look up job by token", () -> ops.lookup(token))
        : ops.lookup(token);
  }

  private JobRecord adopt(JobRecord rec, String id) {
    LOG.log(Level.INFO, "adopting provider job {0} found by its client token", id);
    JobRecord r = rec.withSubmitted(id, time.nowMs());
    store.put(r);
    return r;
  }

  private <R> Outcome<R> poll(JobRecord start, JobOps<R> ops, StepContext ctx, boolean resumed) {
    JobRecord rec = start;
    String id = rec.providerJobId();
    while (true) {
      try {
        ctx.checkpoint();
      } catch (QStepException stop) {
        if (stop.reason() == ErrorReason.CANCELLED) {
          cancelQuietly(ops, rec);
        }
        throw stop;
      }
      ProviderJob job;
      try {
        job = retrier.call("GET job status", () -> ops.status(id));
      } catch (ProviderException e) {
        throw QpuErrors.toQStep(e, rec.provider());
      }
      rec = update(rec, job);
      switch (job.state()) {
        case COMPLETED -> {
          try {
            R result = retrier.call("GET job result", () -> ops.fetch(id));
            return new Outcome<>(result, rec, job, resumed);
          } catch (ProviderException e) {
            throw QpuErrors.toQStep(e, rec.provider());
          }
        }
        case FAILED ->
            throw new QStepException(
                ErrorReason.BACKEND_UNAVAILABLE,
                "backend.name",
                rec.provider() + ": job " + id + " failed on the provider: " + job.reason());
        case CANCELLED ->
            throw new QStepException(
                ErrorReason.CANCELLED,
                null,
                rec.provider()
                    + ": job "
                    + id
                    + " was cancelled at the provider"
                    + (job.reason().isEmpty() ? "" : ": " + job.reason()));
        case QUEUED, RUNNING -> retrier.pause(pollIntervalMs);
      }
    }
  }

  private JobRecord update(JobRecord rec, ProviderJob job) {
    JobRecord.Status s =
        switch (job.state()) {
          case QUEUED -> JobRecord.Status.QUEUED;
          case RUNNING -> JobRecord.Status.RUNNING;
          case COMPLETED -> JobRecord.Status.COMPLETED;
          case FAILED -> JobRecord.Status.FAILED;
          case CANCELLED -> JobRecord.Status.CANCELLED;
        };
    if (s == rec.status()) {
      return rec;
    }
    JobRecord r = rec.withStatus(s, time.nowMs(), job.reason().isEmpty() ? null : job.reason());
    store.put(r);
    return r;
  }

  /** Cancels at the provider and records it; a failure to cancel is logged, not thrown. */
  private <R> void cancelQuietly(JobOps<R> ops, JobRecord rec) {
    try {
      retrier.call(
          "cancel job",
          () -> {
            ops.cancel(rec.providerJobId());
            return null;
          });
      store.put(
          rec.withStatus(JobRecord.Status.CANCELLED, time.nowMs(), "cancelled by the caller"));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not cancel provider job {0}: {1}",
          new Object[] {rec.providerJobId(), e.getMessage()});
    }
  }
}
