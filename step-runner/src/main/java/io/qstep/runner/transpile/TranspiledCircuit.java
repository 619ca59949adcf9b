package io.qstep.runner.transpile;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A transpiled circuit and how it maps to the input. Immutable.
 *
 * @param circuit on the target's physical qubits (qubit index = physical qubit), native gates only,
 *     every two-qubit gate on a coupled pair in an allowed direction; measurements moved to where
 *     their logical qubit ends
 * @param target what it was compiled for
 * @param initialLayout logical qubit i starts on physical qubit {@code initialLayout[i]}
 * @param finalLayout logical qubit i ends on physical qubit {@code finalLayout[i]}
 * @param swapCount swaps the router inserted (each became 3 entanglers before optimisation)
 * @param depth {@link Circuit#depth()} of the output
 * @param twoQubitCount two-qubit gates in the output
 */
public record TranspiledCircuit(
    Circuit circuit,
    Target target,
    int[] initialLayout,
    int[] finalLayout,
    int swapCount,
    int depth,
    int twoQubitCount) {
  public TranspiledCircuit {
    Objects.requireNonNull(circuit, "circuit");
    Objects.requireNonNull(target, "target");
    initialLayout = initialLayout.clone();
    finalLayout = finalLayout.clone();
  }

  @Override
  public int[] initialLayout() {
    return initialLayout.clone();
  }

  @Override
  public int[] finalLayout() {
    return finalLayout.clone();
  }

  /** Gate counts by OpenQASM name, sorted. */
  public Map<String, Integer> gateCounts() {
    Map<String, Integer> m = new TreeMap<>();
    for (Gate g : circuit.gates()) {
      m.merge(g.kind().qasmName(), 1, Integer::sum);
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TranspiledCircuit t
        && circuit.equals(t.circuit)
        && target == t.target
        && java.util.Arrays.equals(initialLayout, t.initialLayout)
        && java.util.Arrays.equals(finalLayout, t.finalLayout)
        && swapCount == t.swapCount;
  }

  @Override
  public int hashCode() {
    return circuit.hashCode() * 31 + java.util.Arrays.hashCode(finalLayout);
  }

  @Override
  public String toString() {
    return "TranspiledCircuit["
        + target.name()
        + ", "
        + circuit.gates().size()
        + " gates, 2q "
        + twoQubitCount
        + ", swaps "
        + swapCount
        + ", depth "
        + depth
        + "]";
  }
}
