package io.qstep.runner.qpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.StepContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QpuExecutorTest {
  @TempDir Path dir;
  final FakeTime time = new FakeTime(1_000_000);
  static final String KEY = IdempotencyKey.of("ibm", "dev", "v1", 100, 7);
  static final QpuExecutor.Spec SPEC = new QpuExecutor.Spec(KEY, "fake", "dev", 100, 0.5);

  QpuExecutor executor(Budget budget) {
    JobStore store = new JobStore(dir);
    return new QpuExecutor(
        store,
        new BudgetLedger(budget, store),
        new Retrier(new RetryPolicy(4, 100, 1000, 2, 0.2), time, 1),
        time,
        50);
  }

  @Test
  void run_happyPath_submitsOncePollsAndRecordsCompletion() {
    ScriptedProvider p = new ScriptedProvider();
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(o.result()).containsExactly(0, 3, 3, 0);
    assertThat(p.submissions.get()).isEqualTo(1);
    assertThat(o.record().providerJobId()).isEqualTo("job-1");
    JobRecord r = new JobStore(dir).get(KEY).orElseThrow();
    assertThat(r.status()).isEqualTo(JobRecord.Status.COMPLETED);
    assertThat(r.submittedMs()).isPositive();
    assertThat(r.finishedMs()).isGreaterThanOrEqualTo(r.submittedMs());
    assertThat(time.sleeps()).containsExactly(50L, 50L);
  }

  @Test
  void run_sameKeyTwice_neverSubmitsAgain() {
    ScriptedProvider p = new ScriptedProvider();
    executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    var again = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(again.resumed()).isTrue();
    assertThat(p.submitCalls.get()).isEqualTo(1);
  }

  @Test
  void submit_responseLost_isReconciledByLookupNotResubmitted() {
    ScriptedProvider p = new ScriptedProvider();
    p.lostResponse = true;
    p.submitFaults.add(ProviderException.transientFailure("connection reset"));
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(p.submitCalls.get()).isEqualTo(1);
    assertThat(p.submissions.get()).isEqualTo(1);
    assertThat(o.record().providerJobId()).isEqualTo("job-1");
  }

  @Test
  void submit_transientBeforeReachingProvider_retriesWithBackoffAndSubmitsOnce() {
    ScriptedProvider p = new ScriptedProvider();
    p.submitFaults.add(new ProviderException(ProviderException.Kind.TRANSIENT, 429, 5000, "slow"));
    p.submitFaults.add(new ProviderException(ProviderException.Kind.TRANSIENT, 503, -1, "down"));
    executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(p.submissions.get()).isEqualTo(1);
    assertThat(p.submitCalls.get()).isEqualTo(3);
    // first wait honours Retry-After (5 s), second is backoff 200 ms ± 20 %
    assertThat(time.sleeps().get(0)).isEqualTo(5000L);
    assertThat(time.sleeps().get(1)).isBetween(160L, 240L);
  }

  @Test
  void status_429And500AndDroppedConnection_areRetried() {
    ScriptedProvider p = new ScriptedProvider();
    p.statusFaults.add(new ProviderException(ProviderException.Kind.TRANSIENT, 429, 2000, "429"));
    p.statusFaults.add(new ProviderException(ProviderException.Kind.TRANSIENT, 500, -1, "500"));
    p.statusFaults.add(ProviderException.transientFailure("connection dropped"));
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(o.result()).hasSize(4);
    assertThat(p.submissions.get()).isEqualTo(1);
    assertThat(time.sleeps()).contains(2000L);
  }

  @Test
  void status_persistentOutage_isUnavailableAndKeepsTheJobForLater() {
    ScriptedProvider p = new ScriptedProvider();
    for (int i = 0; i < 4; i++) {
      p.statusFaults.add(new ProviderException(ProviderException.Kind.TRANSIENT, 503, -1, "503"));
    }
    assertThatThrownBy(() -> executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1)))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).reason())
        .isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
    // a later run (or a restarted runner) resumes the same provider job
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(o.resumed()).isTrue();
    assertThat(p.submissions.get()).isEqualTo(1);
  }

  @Test
  void restart_withPreparedRecord_reconcilesBeforeSubmitting() {
    ScriptedProvider p = new ScriptedProvider();
    JobStore store = new JobStore(dir);
    JobRecord prepared = JobRecord.prepared(KEY, 1, "fake", "dev", 100, 0.5, 1);
    store.put(prepared);
    // the crashed runner's request did reach the provider
    p.byToken.put(prepared.clientToken(), "job-before-crash");
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(o.record().providerJobId()).isEqualTo("job-before-crash");
    assertThat(p.submitCalls.get()).isZero();
  }

  @Test
  void restart_withPreparedRecordUnknownToProvider_submitsOnce() {
    ScriptedProvider p = new ScriptedProvider();
    new JobStore(dir).put(JobRecord.prepared(KEY, 1, "fake", "dev", 100, 0.5, 1));
    executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(p.submissions.get()).isEqualTo(1);
  }

  @Test
  void providerFailure_isUnavailableWithReason_andARerunIsANewAttempt() {
    ScriptedProvider p = new ScriptedProvider();
    p.endState = ProviderJob.State.FAILED;
    p.failReason = "calibration in progress";
    assertThatThrownBy(() -> executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1)))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("calibration in progress")
        .extracting(e -> ((QStepException) e).reason())
        .isEqualTo(ErrorReason.BACKEND_UNAVAILABLE);
    assertThat(new JobStore(dir).get(KEY).orElseThrow().status())
        .isEqualTo(JobRecord.Status.FAILED);
    p.endState = ProviderJob.State.COMPLETED;
    var o = executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1));
    assertThat(o.record().attempt()).isEqualTo(2);
    assertThat(p.submissions.get()).isEqualTo(2);
  }

  @Test
  void cancel_whileQueued_cancelsAtTheProvider() {
    ScriptedProvider p = new ScriptedProvider();
    p.queuedPolls = 1000;
    StepContext ctx = StepContext.unbounded(1);
    JobStore store = new JobStore(dir);
    QpuTime cancelling =
        new QpuTime() {
          @Override
          public long nowMs() {
            return time.nowMs();
          }

          @Override
          public void sleep(long ms) {
            time.sleep(ms);
            ctx.cancel(ErrorReason.CANCELLED); // the caller cancels while the job is queued
          }
        };
    QpuExecutor ex =
        new QpuExecutor(
            store,
            new BudgetLedger(Budget.UNLIMITED, store),
            new Retrier(RetryPolicy.defaults(), cancelling, 1),
            cancelling,
            50);
    assertThatThrownBy(() -> ex.run(SPEC, p, ctx))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).reason())
        .isEqualTo(ErrorReason.CANCELLED);
    assertThat(p.cancels.get()).isEqualTo(1);
    assertThat(store.get(KEY).orElseThrow().status()).isEqualTo(JobRecord.Status.CANCELLED);
    assertThat(p.submissions.get()).isEqualTo(1);
  }

  @Test
  void authFailure_isUnauthenticatedAndNotRetried() {
    ScriptedProvider p = new ScriptedProvider();
    p.submitFaults.add(new ProviderException(ProviderException.Kind.AUTH, 401, -1, "bad token"));
    assertThatThrownBy(() -> executor(Budget.UNLIMITED).run(SPEC, p, StepContext.unbounded(1)))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).reason())
        .isEqualTo(ErrorReason.UNAUTHENTICATED);
    assertThat(p.submitCalls.get()).isEqualTo(1);
  }

  @Test
  void budget_requestCost_isRefusedBeforeSubmissionNamingTheBudget() {
    ScriptedProvider p = new ScriptedProvider();
    Budget b = new Budget(0, 0, 0.4, 0, 0, 0);
    assertThatThrownBy(() -> executor(b).run(SPEC, p, StepContext.unbounded(1)))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("budget.request.cost_usd")
        .satisfies(
            e -> {
              QStepException q = (QStepException) e;
              assertThat(q.reason()).isEqualTo(ErrorReason.BUDGET_EXCEEDED);
              assertThat(q.category()).isEqualTo(ErrorReason.Category.RESOURCE_EXHAUSTED);
              assertThat(q.field()).isEqualTo("budget.request.cost_usd");
            });
    assertThat(p.submitCalls.get()).isZero();
    assertThat(new JobStore(dir).all()).isEmpty();
  }

  @Test
  void budget_perRequestTasks_countsEveryTaskOfTheStep() {
    ScriptedProvider p = new ScriptedProvider();
    QpuExecutor ex = executor(new Budget(0, 1, 0, 0, 0, 0));
    StepContext ctx = StepContext.unbounded(1);
    ex.run(SPEC, p, ctx);
    QpuExecutor.Spec other =
        new QpuExecutor.Spec(IdempotencyKey.of("ibm", "dev", "v2", 100, 7), "fake", "dev", 100, 0);
    assertThatThrownBy(() -> ex.run(other, p, ctx))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("budget.request.tasks");
    // a new step has its own request budget
    ex.run(other, p, StepContext.unbounded(2));
    assertThat(p.submissions.get()).isEqualTo(2);
  }

  @Test
  void budget_perRunner_survivesARestart() {
    ScriptedProvider p = new ScriptedProvider();
    Budget b = new Budget(0, 0, 0, 150, 0, 0);
    executor(b).run(SPEC, p, StepContext.unbounded(1));
    QpuExecutor.Spec other =
        new QpuExecutor.Spec(IdempotencyKey.of("ibm", "dev", "v2", 100, 7), "fake", "dev", 100, 0);
    assertThatThrownBy(() -> executor(b).run(other, p, StepContext.unbounded(2)))
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("budget.runner.shots");
  }
}
