package io.qstep.runner.stateprep;

import io.qstep.circuit.Circuit;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;

/** The state-vector engine as the independent check of prepared states. */
final class Sim {
  private Sim() {}

  /** Interleaved (re, im) amplitudes of circuit|0…0⟩, simulated without gate fusion. */
  static double[] run(Circuit c) {
    StateVectorSimulator sim = new StateVectorSimulator(SimOptions.defaults().withFuse(false));
    try (StateVector s = sim.run(c)) {
      return s.amplitudes();
    }
  }

  /** |⟨x|ψ⟩|² for real x (normalised) and interleaved ψ. */
  static double fidelity(double[] x, double[] psi) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < x.length; i++) {
      re += x[i] * psi[2 * i];
      im += x[i] * psi[2 * i + 1];
    }
    return re * re + im * im;
  }
}
