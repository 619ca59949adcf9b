package io.qstep.task;

/**
 * Max-Cut by QAOA. Input: {@code weights} FP64 [n, n] (symmetric, zero diagonal). Zero or empty
 * fields take the runner's defaults: p 1, optimizer "bobyqa", {@code 100 + 50 p} evaluations per
 * optimisation, top-k 10, init "interp", mode "shadow", CP-SAT time limit 1000 ms.
 *
 * @param p QAOA depth (1..64)
 * @param optimizer "bobyqa", "powell", "nelder-mead", "cma-es" or "spsa"
 * @param maxIterations evaluation budget per optimisation
 * @param topK number of distinct best samples returned
 * @param init "interp" or "ramp"
 * @param mode "shadow" (QAOA and classical baseline concurrently), "quantum" or "baseline"
 * @param allowNegativeWeights accept negative weights
 * @param baselineTimeLimitMs CP-SAT time limit, milliseconds
 */
public record MaxCutSpec(
    int p,
    String optimizer,
    int maxIterations,
    int topK,
    String init,
    String mode,
    boolean allowNegativeWeights,
    int baselineTimeLimitMs)
    implements TaskSpec {
  public MaxCutSpec {
    optimizer = optimizer == null ? "" : optimizer;
    init = init == null ? "" : init;
    mode = mode == null ? "" : mode;
  }

  /** The common settings; the rest take their defaults. */
  public MaxCutSpec(int p, String optimizer, int maxIterations, int topK) {
    this(p, optimizer, maxIterations, topK, "", "", false, 0);
  }

  /** Depth p with every other setting at its default. */
  public static MaxCutSpec of(int p) {
    return new MaxCutSpec(p, "", 0, 0);
  }

  /** This spec in the given mode ("shadow", "quantum", "baseline"). */
  public MaxCutSpec withMode(String m) {
    return new MaxCutSpec(
        p, optimizer, maxIterations, topK, init, m, allowNegativeWeights, baselineTimeLimitMs);
  }

  /** This spec with the given angle initialisation ("interp", "ramp"). */
  public MaxCutSpec withInit(String i) {
    return new MaxCutSpec(
        p, optimizer, maxIterations, topK, i, mode, allowNegativeWeights, baselineTimeLimitMs);
  }

  /** This spec accepting (or not) negative weights. */
  public MaxCutSpec withNegativeWeights(boolean allow) {
    return new MaxCutSpec(
        p, optimizer, maxIterations, topK, init, mode, allow, baselineTimeLimitMs);
  }

  @Override
  public Kind kind() {
    return Kind.MAXCUT;
  }
}
