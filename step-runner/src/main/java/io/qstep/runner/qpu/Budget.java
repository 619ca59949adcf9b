package io.qstep.runner.qpu;

import java.util.Map;

/**
 * Spending limits on real QPUs, per request (one step) and per runner (everything recorded in its
 * job store). A limit of 0 means none. Immutable.
 *
 * @param requestShots most shots one step may submit
 * @param requestTasks most provider tasks one step may submit
 * @param requestCostUsd most estimated cost one step may incur
 * @param runnerShots most shots over the runner's job store
 * @param runnerTasks most tasks over the runner's job store
 * @param runnerCostUsd most estimated cost over the runner's job store
 */
public record Budget(
    long requestShots,
    long requestTasks,
    double requestCostUsd,
    long runnerShots,
    long runnerTasks,
    double runnerCostUsd) {
  public Budget {
    if (requestShots < 0 || requestTasks < 0 || runnerShots < 0 || runnerTasks < 0) {
      throw new IllegalArgumentException("budgets must be >= 0");
    }
    if (!(requestCostUsd >= 0) || !(runnerCostUsd >= 0)) {
      throw new IllegalArgumentException("cost budgets must be >= 0");
    }
  }

  /** No limits. */
  public static final Budget UNLIMITED = new Budget(0, 0, 0, 0, 0, 0);

  /**
   * From {@code QSTEP_QPU_BUDGET_REQUEST_SHOTS}, {@code ..._REQUEST_TASKS}, {@code
   * ..._REQUEST_COST_USD}, {@code ..._RUNNER_SHOTS}, {@code ..._RUNNER_TASKS}, {@code
   * ..._RUNNER_COST_USD}; defaults: 100 tasks and USD 50 per request, USD 500 per runner.
   */
  public static Budget fromEnv(Map<String, String> env) {
    String p = "QSTEP_QPU_BUDGET_";
    return new Budget(
        (long) num(env, p + "REQUEST_SHOTS", 0),
        (long) num(env, p + "REQUEST_TASKS", 100),
        num(env, p + "REQUEST_COST_USD", 50),
        (long) num(env, p + "RUNNER_SHOTS", 0),
        (long) num(env, p + "RUNNER_TASKS", 0),
        num(env, p + "RUNNER_COST_USD", 500));
  }

  private static double num(Map<String, String> env, String key, double dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
    }
  }
}
