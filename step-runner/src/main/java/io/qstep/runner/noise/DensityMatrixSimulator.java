package io.qstep.runner.noise;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.runner.sim.NoiseKernels;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stage.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exact noisy simulation: evolves the density matrix through the circuit, applying the {@link
 * NoiseModel}'s channels after every gate. Unitary gates run on qstep's state-vector engine over
 * the vectorised ρ (U on the row qubits, U* on the column qubits, fused and multi-threaded);
 * channels run as dedicated kernels. Memory {@code 16 · 4^n} bytes: 256 MiB at {@link #MAX_QUBITS}.
 * Thread-safe: a fresh state per call.
 */
public final class DensityMatrixSimulator {
  /** Widest circuit simulated (4^12 complex amplitudes = 256 MiB). */
  public static final int MAX_QUBITS = 12;

  private final NoiseModel model;
  private final SimOptions options;

  public DensityMatrixSimulator(NoiseModel model, SimOptions options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
  }

  public NoiseModel model() {
    return model;
  }

  /**
   * The final density matrix of a bound circuit from |0…0⟩ (measurements ignored). The caller
   * closes it.
   *
   * @param ctx checked for cancellation between gates
   * @throws io.qstep.error.QStepException CAPABILITY_MISMATCH when the circuit is wider than the
   *     calibration
   * @throws IllegalArgumentException when it is wider than {@link #MAX_QUBITS}
   */
  public DensityMatrix run(Circuit circuit, StepContext ctx) {
    model.check(circuit);
    int n = circuit.numQubits();
    if (n > MAX_QUBITS) {
      throw new IllegalArgumentException("at most " + MAX_QUBITS + " qubits, got " + n);
    }
    StateVectorSimulator engine = new StateVectorSimulator(options);
    int threads = options.effectiveThreads();
    DensityMatrix rho = DensityMatrix.zero(n);
    try {
      Circuit.Builder pending = Circuit.builder(2 * n);
      boolean any = false;
      for (Gate g : circuit.gates()) {
        List<Channel> channels = model.after(g);
        if (g.arity() <= 2 && !channels.isEmpty()) {
          // one pass: the gate and its noise as one superoperator on its qubits
          if (any) {
            engine.apply(rho.storage(), pending.build());
            pending = Circuit.builder(2 * n);
            any = false;
          }
          ctx.checkpoint();
          double[][] s = Superoperators.of(g.matrix(), g.qubits(), channels);
          NoiseKernels.superop(rho.storage(), n, g.qubits(), s[0], s[1], threads);
          continue;
        }
        // noiseless stretches (and wider gates) go to the engine, which fuses them
        pending.gate(shifted(g, 0));
        pending.gate(conjugate(g, n));
        any = true;
        if (channels.isEmpty()) {
          continue;
        }
        ctx.checkpoint();
        engine.apply(rho.storage(), pending.build());
        pending = Circuit.builder(2 * n);
        any = false;
        for (Channel ch : channels) {
          apply(rho, ch, threads);
        }
      }
      if (any) {
        engine.apply(rho.storage(), pending.build());
      }
      ctx.checkpoint();
      return rho;
    } catch (RuntimeException e) {
      rho.close();
      throw e;
    }
  }

  static void apply(DensityMatrix rho, Channel ch, int threads) {
    int n = rho.numQubits();
    switch (ch.kind()) {
      case DEPOLARIZING -> {
        Channel.Depolarizing d = (Channel.Depolarizing) ch;
        NoiseKernels.depolarize(rho.storage(), n, d.qubits(), d.p(), threads);
      }
      case THERMAL_RELAXATION -> {
        Channel.ThermalRelaxation t = (Channel.ThermalRelaxation) ch;
        NoiseKernels.relax(rho.storage(), n, t.qubit(), t.gamma(), t.lambda(), threads);
      }
    }
  }

  /** {@code g} on qubits shifted by {@code offset}. */
  static Gate shifted(Gate g, int offset) {
    int[] q = g.qubits();
    for (int i = 0; i < q.length; i++) {
      q[i] += offset;
    }
    return switch (g.kind()) {
      case UNITARY -> Gate.unitary(g.label(), g.matrix(), q);
      default -> Gate.of(g.kind(), q, g.angles(Map.of()));
    };
  }

  /** The complex conjugate of {@code g} on the column qubits (shifted by n). */
  static Gate conjugate(Gate g, int n) {
    double[] m = g.matrix();
    boolean real = true;
    for (int i = 1; i < m.length; i += 2) {
      if (m[i] != 0) {
        real = false;
        m[i] = -m[i];
      }
    }
    if (real) {
      return shifted(g, n);
    }
    int[] q = g.qubits();
    for (int i = 0; i < q.length; i++) {
      q[i] += n;
    }
    return Gate.unitary("conj", m, q);
  }
}
