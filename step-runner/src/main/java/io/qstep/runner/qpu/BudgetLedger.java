package io.qstep.runner.qpu;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.StepContext;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What has been spent against a {@link Budget}: per runner (seeded from the job store, so a restart
 * does not reset it) and per step (keyed by the step's context). Refuses before submission.
 * Thread-safe.
 */
public final class BudgetLedger {
  private final Budget budget;
  private long runnerShots;
  private long runnerTasks;
  private double runnerCost;
  private final Map<StepContext, double[]> perStep = new WeakHashMap<>();

  public BudgetLedger(Budget budget, JobStore store) {
    this.budget = budget;
    for (JobRecord r : store.all()) {
      runnerShots += r.shots();
      runnerTasks += 1;
      runnerCost += r.costUsd();
    }
  }

  public Budget budget() {
    return budget;
  }

  /**
   * Charges one task of {@code shots} and {@code costUsd} to the step and the runner.
   *
   * @throws QStepException BUDGET_EXCEEDED (RESOURCE_EXHAUSTED) naming the budget, charging nothing
   */
  public synchronized void charge(StepContext ctx, String what, long shots, double costUsd) {
    double[] s = perStep.computeIfAbsent(ctx, k -> new double[3]);
    check("budget.request.shots", budget.requestShots(), s[0] + shots, what);
    check("budget.request.tasks", budget.requestTasks(), s[1] + 1, what);
    check("budget.request.cost_usd", budget.requestCostUsd(), s[2] + costUsd, what);
    check("budget.runner.shots", budget.runnerShots(), runnerShots + shots, what);
    check("budget.runner.tasks", budget.runnerTasks(), runnerTasks + 1, what);
    check("budget.runner.cost_usd", budget.runnerCostUsd(), runnerCost + costUsd, what);
    s[0] += shots;
    s[1] += 1;
    s[2] += costUsd;
    runnerShots += shots;
    runnerTasks += 1;
    runnerCost += costUsd;
  }

  /**
   * Checks, without charging, that {@code tasks} more tasks of {@code shots} shots and {@code
   * costUsd} in all would fit: a batch is refused whole before its first job is submitted (each job
   * is still charged by {@link #charge} as it is submitted).
   *
   * @throws QStepException BUDGET_EXCEEDED (RESOURCE_EXHAUSTED) naming the budget
   */
  public synchronized void check(
      StepContext ctx, String what, long tasks, long shots, double costUsd) {
    double[] s = perStep.getOrDefault(ctx, new double[3]);
    check("budget.request.shots", budget.requestShots(), s[0] + shots, what);
    check("budget.request.tasks", budget.requestTasks(), s[1] + tasks, what);
    check("budget.request.cost_usd", budget.requestCostUsd(), s[2] + costUsd, what);
    check("budget.runner.shots", budget.runnerShots(), runnerShots + shots, what);
    check("budget.runner.tasks", budget.runnerTasks(), runnerTasks + tasks, what);
    check("budget.runner.cost_usd", budget.runnerCostUsd(), runnerCost + costUsd, what);
  }

  /** Estimated cost charged to {@code ctx} so far, USD. */
  public synchronized double stepCost(StepContext ctx) {
    double[] s = perStep.get(ctx);
    return s == null ? 0 : s[2];
  }

  private static void check(String name, double limit, double wouldBe, String what) {
    if (limit > 0 && wouldBe > limit) {
      throw new QStepException(
          ErrorReason.BUDGET_EXCEEDED,
          name,
          String.format(
              Locale.ROOT,
              "%s: %s would reach %s, over the limit of %s; nothing was submitted",
              name,
              what,
              fmt(wouldBe),
              fmt(limit)));
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
  }
}
