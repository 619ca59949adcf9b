package io.qstep.runner.transpile;

import io.qstep.error.QStepException;

/**
 * How to transpile. Immutable.
 *
 * @param seed seeds every random choice (layout starts, swap tie-breaks); same input + seed → same
 *     output
 * @param layout how to pick the initial layout
 * @param layoutTrials SABRE layout: random starting layouts tried (plus one dense start on a
 *     connected target), ≥ 1
 * @param layoutIterations SABRE layout: forward-backward passes per trial, ≥ 1
 * @param routingTrials swap-insertion runs with different seeds from the chosen layout; the one
 *     with fewest swaps wins, ≥ 1
 * @param optimize merge one-qubit runs and cancel adjacent inverse pairs (off: every one-qubit gate
 *     is translated on its own)
 * @param resynthesize2q with {@code optimize}: collect runs of gates on the same two qubits and
 *     replace each by its KAK synthesis when that takes fewer two-qubit gates (0 to 3)
 */
public record TranspileOptions(
    long seed,
    Layout layout,
    int layoutTrials,
    int layoutIterations,
    int routingTrials,
    boolean optimize,
    boolean resynthesize2q) {

  /** Initial layout methods. */
  public enum Layout {
    /** Logical qubit i on physical qubit i. */
    TRIVIAL,
    /**
     * A densely connected set of physical qubits, busiest logical qubits on best-connected ones.
     */
    DENSE,
    /** SABRE forward-backward passes from random and dense starts; the fewest swaps wins. */
    SABRE
  }

  public TranspileOptions {
    if (layout == null) {
      throw QStepException.missing("options.layout");
    }
    if (layoutTrials < 1 || layoutTrials > 1000) {
      throw QStepException.invalid("options.layoutTrials", "must be in [1, 1000]");
    }
    if (layoutIterations < 1 || layoutIterations > 100) {
      throw QStepException.invalid("options.layoutIterations", "must be in [1, 100]");
    }
    if (routingTrials < 1 || routingTrials > 1000) {
      throw QStepException.invalid("options.routingTrials", "must be in [1, 1000]");
    }
  }

  /**
   * SABRE layout, 4 layout trials of 3 forward-backward passes, 4 routing trials, optimised with
   * two-qubit block resynthesis.
   */
  public static TranspileOptions defaults(long seed) {
    return new TranspileOptions(seed, Layout.SABRE, 4, 3, 4, true, true);
  }

  public TranspileOptions withLayout(Layout l) {
    return new TranspileOptions(
        seed, l, layoutTrials, layoutIterations, routingTrials, optimize, resynthesize2q);
  }

  public TranspileOptions withOptimize(boolean o) {
    return new TranspileOptions(
        seed, layout, layoutTrials, layoutIterations, routingTrials, o, resynthesize2q);
  }

  public TranspileOptions withTrials(int layout, int routing) {
    return new TranspileOptions(
        seed, this.layout, layout, layoutIterations, routing, optimize, resynthesize2q);
  }

  /** These options with two-qubit block resynthesis on or off (it only runs with optimize). */
  public TranspileOptions withResynthesis2q(boolean r) {
    return new TranspileOptions(
        seed, layout, layoutTrials, layoutIterations, routingTrials, optimize, r);
  }
}
