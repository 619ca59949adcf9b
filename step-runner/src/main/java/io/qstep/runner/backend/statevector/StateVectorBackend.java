package io.qstep.runner.backend.statevector;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Measurement;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stage.StepContext;
import java.util.SplittableRandom;

/**
 * The default backend: an exact complex128 state vector with fused, multi-threaded kernels. Exact
 * expectations for any Pauli string; seeded shot sampling. Thread-safe (a state per call).
 */
final class StateVectorBackend implements Backend {
  static final String VERSION = "qstep-statevector-1";
  private final BackendCapabilities caps;

  StateVectorBackend(int maxQubits) {
    this.caps =
        new BackendCapabilities(
            maxQubits,
            BackendCapabilities.allGates(),
            true,
            true,
            false,
            Long.MAX_VALUE,
            "exact complex128 state-vector simulator (fused, multi-threaded)");
  }

  @Override
  public String name() {
    return StateVectorBackendProvider.NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public BackendCapabilities capabilities() {
    return caps;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest req, StepContext ctx) {
    Circuit c = req.circuit();
    long t0 = System.nanoTime();
    StateVectorSimulator sim = new StateVectorSimulator(new SimOptions(req.threads(), req.fuse()));
    try (StateVector state = sim.run(c)) {
      ctx.checkpoint();
      if (req.shots() == 0) {
        double[] e;
        if (req.observables().isEmpty()) {
          e = state.expectationsZ();
        } else {
          e = new double[req.observables().size()];
          for (int i = 0; i < e.length; i++) {
            e[i] = state.expectationPauli(req.observables().get(i));
          }
        }
        return new ExecutionResult(e, null, c.numQubits(), "", 0, (System.nanoTime() - t0) / 1e6);
      }
      int[] raw = state.sample((int) req.shots(), new SplittableRandom(req.seed()));
      long[] out = mapToClbits(c, raw);
      int bits = c.measurements().isEmpty() ? c.numQubits() : c.numClbits();
      return new ExecutionResult(null, out, bits, "", 0, (System.nanoTime() - t0) / 1e6);
    }
  }

  /** Maps basis-state indices to classical outcomes through the circuit's measurements. */
  static long[] mapToClbits(Circuit c, int[] basis) {
    long[] out = new long[basis.length];
    if (c.measurements().isEmpty()) {
      for (int i = 0; i < basis.length; i++) {
        out[i] = basis[i];
      }
      return out;
    }
    for (int i = 0; i < basis.length; i++) {
      long v = 0;
      for (Measurement m : c.measurements()) {
        long bit = (basis[i] >>> m.qubit()) & 1L;
        v = (v & ~(1L << m.clbit())) | (bit << m.clbit());
      }
      out[i] = v;
    }
    return out;
  }
}
