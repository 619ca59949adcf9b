package io.qstep.task;

/**
 * QUBO minimisation by QAOA. Inputs: {@code q} [n, n], or {@code mu} + {@code sigma}, or {@code
 * distances}. Defined by the API; the runner answers UNIMPLEMENTED until a later release fills it
 * in.
 */
public record QuboSpec(
    int p, String builder, String optimizer, int maxIterations, double riskAversion, int budget)
    implements TaskSpec {
  @Override
  public Kind kind() {
    return Kind.QUBO;
  }
}
