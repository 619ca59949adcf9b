package io.qstep.task;

/**
 * VQE. Inputs: {@code paulis} BYTES [m], {@code coeffs} FP64 [m]. Defined by the API; the runner
 * answers UNIMPLEMENTED until a later release fills it in.
 */
public record VqeSpec(String ansatz, int depth, String optimizer, int maxIterations)
    implements TaskSpec {
  @Override
  public Kind kind() {
    return Kind.VQE;
  }
}
