package io.qstep.runner.qpu;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.transpile.Target;
import io.qstep.runner.transpile.TranspiledCircuit;
import io.qstep.runner.transpile.Transpiler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a circuit for the device with qstep's transpiler (layout, SABRE routing, translation to
 * the device's native gates): the ISA circuit a QPU cloud expects. The target is built from the
 * device's basis gates and coupling map as the provider reports them. Deterministic (fixed seed).
 */
public final class TranspileAdapter implements CircuitAdapter {
  /** Seed of the transpiler's layout search: fixed, so one circuit always compiles the same. */
  static final long SEED = 20_260_101L;

  @Override
  public Adapted adapt(Circuit circuit, DeviceInfo device) {
    Target target = target(device);
    TranspiledCircuit t = Transpiler.transpile(circuit, target, SEED);
    return new Adapted(t.circuit(), "transpile to " + target.name(), t);
  }

  /** The transpiler's target for {@code device}. */
  public static Target target(DeviceInfo device) {
    List<Target.Edge> edges = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (int[] e : device.couplingMap()) {
      seen.add(((long) e[0] << 32) | e[1]);
    }
    boolean directed = false;
    for (int[] e : device.couplingMap()) {
      if (!seen.contains(((long) e[1] << 32) | e[0])) {
        directed = true;
      }
    }
    if (device.couplingMap().isEmpty()) {
      for (int a = 0; a < device.numQubits(); a++) {
        for (int b = a + 1; b < device.numQubits(); b++) {
          edges.add(new Target.Edge(a, b));
        }
      }
    } else {
      for (int[] e : device.couplingMap()) {
        if (directed || e[0] < e[1]) {
          edges.add(new Target.Edge(e[0], e[1]));
        }
      }
    }
    try {
      return Target.fromNames(
          device.name(), device.numQubits(), device.nativeGates(), edges, directed);
    } catch (QStepException e) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.name",
          "cannot compile for " + device.name() + ": " + e.getMessage(),
          e);
    }
  }
}
