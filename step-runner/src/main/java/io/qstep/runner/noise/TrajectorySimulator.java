package io.qstep.runner.noise;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.runner.sim.NoiseKernels;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Monte-Carlo wave-function (quantum trajectory) simulation on qstep's state-vector engine: each
 * trajectory evolves a pure state, and after every gate samples one Kraus branch of each channel of
 * the {@link NoiseModel} (depolarising: a random Pauli; thermal relaxation: a decay jump with
 * probability γ·P(1), else the renormalised no-jump step, then a phase flip with probability (1 −
 * λ)/2). The average over trajectories converges to the density-matrix result with standard error ∝
 * 1/√trajectories. Seeded: trajectory {@code t} draws from the {@code t}-th split of the seed.
 * Thread-safe: a fresh state per trajectory.
 */
public final class TrajectorySimulator {
  private final NoiseModel model;
  private final SimOptions options;

  public TrajectorySimulator(NoiseModel model, SimOptions options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
  }

  public NoiseModel model() {
    return model;
  }

  /** One step of the plan: a noiseless stretch of gates, or a channel. */
  private record Step(Circuit gates, Channel channel) {}

  /** Whether the circuit picks up no noise at all under this model (one trajectory is exact). */
  public boolean isNoiseless(Circuit c) {
    for (Gate g : c.gates()) {
      if (!model.after(g).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private List<Step> plan(Circuit c) {
    model.check(c);
    int n = c.numQubits();
    List<Step> steps = new ArrayList<>();
    Circuit.Builder pending = Circuit.builder(n);
    boolean any = false;
    for (Gate g : c.gates()) {
      pending.gate(g);
      any = true;
      List<Channel> channels = model.after(g);
      if (!channels.isEmpty()) {
        steps.add(new Step(pending.build(), null));
        pending = Circuit.builder(n);
        any = false;
        for (Channel ch : channels) {
          steps.add(new Step(null, ch));
        }
      }
    }
    if (any) {
      steps.add(new Step(pending.build(), null));
    }
    return steps;
  }

  /**
   * Runs {@code trajectories} trajectories and hands each final state to {@code sink} (index,
   * state); the state is closed after the call.
   */
  public void run(Circuit c, int trajectories, long seed, StepContext ctx, TrajectorySink sink) {
    if (trajectories < 1) {
      throw new IllegalArgumentException("trajectories must be >= 1, got " + trajectories);
    }
    List<Step> plan = plan(c);
    StateVectorSimulator engine = new StateVectorSimulator(options);
    SplittableRandom root = new SplittableRandom(seed);
    for (int t = 0; t < trajectories; t++) {
      ctx.checkpoint();
      SplittableRandom rng = root.split();
      try (StateVector psi = StateVector.zero(c.numQubits())) {
        for (Step s : plan) {
          if (s.gates() != null) {
            engine.apply(psi, s.gates());
          } else {
            jump(psi, s.channel(), rng);
          }
        }
        sink.accept(t, psi, rng);
      }
    }
  }

  /** Receives the final state of each trajectory, with that trajectory's generator. */
  @FunctionalInterface
  public interface TrajectorySink {
    void accept(int trajectory, StateVector state, SplittableRandom rng);
  }

  private static final char[] PAULI = {'I', 'X', 'Y', 'Z'};

  static void jump(StateVector psi, Channel ch, SplittableRandom rng) {
    switch (ch.kind()) {
      case DEPOLARIZING -> {
        Channel.Depolarizing d = (Channel.Depolarizing) ch;
        if (rng.nextDouble() < d.p()) {
          int[] q = d.qubits();
          int which = rng.nextInt(1 << (2 * q.length));
          for (int i = 0; i < q.length; i++) {
            NoiseKernels.pauli(psi, q[i], PAULI[(which >> (2 * i)) & 3]);
          }
        }
      }
      case THERMAL_RELAXATION -> {
        Channel.ThermalRelaxation r = (Channel.ThermalRelaxation) ch;
        int q = r.qubit();
        if (r.gamma() > 0) {
          double p1 = NoiseKernels.probabilityOne(psi, q);
          if (rng.nextDouble() < r.gamma() * p1) {
            NoiseKernels.decay(psi, q, p1);
          } else {
            NoiseKernels.damp(psi, q, r.gamma(), p1);
          }
        }
        if (rng.nextDouble() < (1 - r.lambda()) / 2) {
          NoiseKernels.pauli(psi, q, 'Z');
        }
      }
    }
  }
}
