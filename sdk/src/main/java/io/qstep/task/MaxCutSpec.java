package io.qstep.task;

/**
 * Max-Cut by QAOA. Input: {@code weights} FP64 [n, n]. Defined by the API; the runner answers
 * UNIMPLEMENTED until a later release fills it in.
 */
public record MaxCutSpec(int p, String optimizer, int maxIterations, int topK) implements TaskSpec {
  @Override
  public Kind kind() {
    return Kind.MAXCUT;
  }
}
