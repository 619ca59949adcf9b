package io.qstep.client;

import java.util.List;

/**
 * A backend as a runner lists it.
 *
 * @param name name for {@code StepRequest.Builder#backend}
 * @param version backend version
 * @param description one line
 * @param maxQubits widest circuit it runs on this runner
 * @param nativeGates OpenQASM 3 names of its native gates
 * @param supportsShots whether it samples shots
 * @param supportsExact whether it gives exact expectations
 * @param noisy whether it models noise
 * @param maxShots most shots per circuit
 * @param available whether it can run now
 * @param unavailableReason why not, when not
 */
public record BackendDescription(
    String name,
    String version,
    String description,
    int maxQubits,
    List<String> nativeGates,
    boolean supportsShots,
    boolean supportsExact,
    boolean noisy,
    long maxShots,
    boolean available,
    String unavailableReason) {
  public BackendDescription {
    nativeGates = List.copyOf(nativeGates);
  }
}
