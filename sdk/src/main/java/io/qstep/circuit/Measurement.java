package io.qstep.circuit;

/** Measure {@code qubit} in the Z basis into classical bit {@code clbit}. */
public record Measurement(int qubit, int clbit) {
  public Measurement {
    if (qubit < 0 || clbit < 0) {
      throw new IllegalArgumentException("qubit and clbit must be >= 0");
    }
  }
}
