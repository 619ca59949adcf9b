package io.qstep.task;

/**
 * Fidelity kernel. Inputs: {@code x_train} FP64 [N, d], {@code x_test} FP64 [M, d] (optional).
 * Defined by the API; the runner answers UNIMPLEMENTED until a later release fills it in.
 */
public record KernelSpec(int reps, String featureMap) implements TaskSpec {
  @Override
  public Kind kind() {
    return Kind.KERNEL;
  }
}
