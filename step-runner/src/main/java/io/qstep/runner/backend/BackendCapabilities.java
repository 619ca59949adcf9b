package io.qstep.runner.backend;

import io.qstep.circuit.GateKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a backend can run.
 *
 * @param maxQubits largest circuit width it accepts
 * @param nativeGates gates it runs without decomposition (others are rejected or decomposed by it)
 * @param supportsShots whether it samples shots
 * @param supportsExact whether it returns exact expectation values (shots = 0)
 * @param noisy whether it models noise
 * @param maxShots largest shot count per circuit
 * @param description one line for listings
 */
public record BackendCapabilities(
    int maxQubits,
    Set<GateKind> nativeGates,
    boolean supportsShots,
    boolean supportsExact,
    boolean noisy,
    long maxShots,
    String description) {
  public BackendCapabilities {
    nativeGates = nativeGates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(nativeGates));
    if (maxQubits < 1 || maxShots < 0) {
      throw new IllegalArgumentException("maxQubits >= 1 and maxShots >= 0 required");
    }
  }

  /** Every gate of the IR. */
  public static Set<GateKind> allGates() {
    return EnumSet.allOf(GateKind.class);
  }
}
