package io.qstep.runner.qpu;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A gate-model device as its provider describes it.
 *
 * @param name device name (IBM backend name, Braket device ARN)
 * @param version the device's version string, for provenance
 * @param numQubits physical qubits
 * @param nativeGates OpenQASM 3 names of the gates it runs (e.g. {@code rz, sx, x, cz})
 * @param couplingMap directed qubit pairs a two-qubit gate may act on; empty = all-to-all
 * @param online whether it accepts jobs now
 * @param statusMessage the provider's status text
 * @param maxShots most shots per job (0 when the provider does not say)
 */
public record DeviceInfo(
    String name,
    String version,
    int numQubits,
    Set<String> nativeGates,
    List<int[]> couplingMap,
    boolean online,
    String statusMessage,
    long maxShots) {
  public DeviceInfo {
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    nativeGates = Set.copyOf(nativeGates);
    couplingMap = couplingMap.stream().map(int[]::clone).toList();
    statusMessage = statusMessage == null ? "" : statusMessage;
  }
}
