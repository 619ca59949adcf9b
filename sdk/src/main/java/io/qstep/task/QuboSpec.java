package io.qstep.task;

/**
 * QUBO minimisation by QAOA. Inputs by builder: {@code q} [n, n] ("qubo"), {@code mu} [n] + {@code
 * sigma} [n, n] ("portfolio"), or {@code distances} [k, k] ("tsp", 3 <= k <= 5). Zero or empty
 * fields take the runner's defaults (p 1, builder "qubo", optimizer "bobyqa", top-k 10, mode
 * "shadow", CP-SAT time limit 1000 ms).
 *
 * @param riskAversion portfolio: q in {@code q x.Σ.x − μ.x}, >= 0
 * @param budget portfolio: number of assets to select, 1..n
 * @param offset builder "qubo": constant added to {@code x^T Q x}
 */
public record QuboSpec(
    int p,
    String builder,
    String optimizer,
    int maxIterations,
    double riskAversion,
    int budget,
    int topK,
    String mode,
    int baselineTimeLimitMs,
    double offset)
    implements TaskSpec {
  public QuboSpec {
    builder = builder == null ? "" : builder;
    optimizer = optimizer == null ? "" : optimizer;
    mode = mode == null ? "" : mode;
  }

  /** The builder settings; the rest take their defaults. */
  public QuboSpec(
      int p, String builder, String optimizer, int maxIterations, double riskAversion, int budget) {
    this(p, builder, optimizer, maxIterations, riskAversion, budget, 0, "", 0, 0);
  }

  /** This spec in the given mode ("shadow", "quantum", "baseline"). */
  public QuboSpec withMode(String m) {
    return new QuboSpec(
        p,
        builder,
        optimizer,
        maxIterations,
        riskAversion,
        budget,
        topK,
        m,
        baselineTimeLimitMs,
        offset);
  }

  /** This spec with a constant offset (builder "qubo"). */
  public QuboSpec withOffset(double c) {
    return new QuboSpec(
        p,
        builder,
        optimizer,
        maxIterations,
        riskAversion,
        budget,
        topK,
        mode,
        baselineTimeLimitMs,
        c);
  }

  @Override
  public Kind kind() {
    return Kind.QUBO;
  }
}
