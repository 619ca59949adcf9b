package io.qstep.runner.qpu;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.HashSet;
import java.util.Set;

/**
 * The adapter used where no transpiler applies: submits the circuit as it is when every gate is
 * native to the device and every two-qubit gate acts on a coupled pair, and refuses it otherwise.
 */
public final class NativeCheck implements CircuitAdapter {
  @Override
  public Adapted adapt(Circuit circuit, DeviceInfo device) {
    Set<Long> edges = new HashSet<>();
    for (int[] e : device.couplingMap()) {
      edges.add(pair(e[0], e[1]));
      edges.add(pair(e[1], e[0]));
    }
    for (Gate g : circuit.gates()) {
      String name = g.kind().qasmName();
      if (!device.nativeGates().isEmpty() && !device.nativeGates().contains(name)) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "circuit",
            "gate '"
                + name
                + "' is not native to "
                + device.name()
                + " (native: "
                + String.join(", ", device.nativeGates().stream().sorted().toList())
                + ") and no transpiler is configured");
      }
      int[] q = g.qubits();
      if (q.length == 2 && !edges.isEmpty() && !edges.contains(pair(q[0], q[1]))) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "circuit",
            "gate '"
                + name
                + "' on qubits "
                + q[0]
                + ", "
                + q[1]
                + " is not on a coupled pair of "
                + device.name());
      }
    }
    return new Adapted(circuit, "native-check", null);
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }
}
