package io.qstep.task;

/**
 * Sampling from a distribution. Input: {@code probabilities} FP64 [2^n]. Defined by the API; the
 * runner answers UNIMPLEMENTED until a later release fills it in.
 */
public record SampleSpec(int maxBond) implements TaskSpec {
  @Override
  public Kind kind() {
    return Kind.SAMPLE;
  }
}
