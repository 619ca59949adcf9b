package io.qstep.runner.noise;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Measurement;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.stage.StepContext;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one {@link ExecutionRequest} under a {@link NoiseModel}, by density matrix or trajectories:
 * what the {@code noisy-dm} and {@code noisy} backends do, callable directly (e.g. by mitigation,
 * with a {@link NoiseModel#scaled scaled} model). Stateless and thread-safe.
 *
 * <p>Exact mode ({@code shots = 0}) returns Tr(ρ O) of the noisy state before measurement (readout
 * error acts on sampled shots only); for trajectories it is the mean over trajectories. Shot mode
 * samples outcomes, flips each qubit's bit with its readout error, then maps qubits to classical
 * bits through the circuit's measurements (all qubits when it has none). The result carries the
 * calibration snapshot it ran under.
 */
public final class NoisySimulation {
  /** Trajectories when a request does not say. */
  public static final int DEFAULT_TRAJECTORIES = 500;

  /** How to simulate. */
  public enum Method {
    /** Exact density matrix, up to {@link DensityMatrixSimulator#MAX_QUBITS} qubits. */
    DENSITY_MATRIX,
    /** Seeded Monte-Carlo trajectories on the state-vector engine. */
    TRAJECTORIES
  }

  private NoisySimulation() {}

  /**
   * Executes {@code req} under {@code model}.
   *
   * @param trajectories trajectories for {@link Method#TRAJECTORIES} (at most {@code shots} are
   *     used in shot mode; one when the circuit picks up no gate noise); ignored otherwise
   */
  public static ExecutionResult execute(
      Method method, NoiseModel model, ExecutionRequest req, StepContext ctx, int trajectories) {
    ctx.checkpoint();
    long t0 = System.nanoTime();
    Circuit c = req.circuit();
    model.check(c);
    SimOptions opts = new SimOptions(req.threads(), req.fuse());
    int n = c.numQubits();
    double[] expectations = null;
    long[] samples = null;
    switch (method) {
      case DENSITY_MATRIX -> {
        try (DensityMatrix rho = new DensityMatrixSimulator(model, opts).run(c, ctx)) {
          if (req.shots() == 0) {
            expectations = expectations(rho, req.observables());
          } else {
            SplittableRandom rng = new SplittableRandom(req.seed());
            int[] basis = rho.sample((int) req.shots(), rng);
            samples = outcomes(c, model, basis, rng);
          }
        }
      }
      case TRAJECTORIES -> {
        TrajectorySimulator sim = new TrajectorySimulator(model, opts);
        int traj = sim.isNoiseless(c) ? 1 : trajectories;
        if (req.shots() == 0) {
          List<String> obs = req.observables();
          double[] sum = new double[obs.isEmpty() ? n : obs.size()];
          sim.run(
              c,
              traj,
              req.seed(),
              ctx,
              (t, psi, rng) -> {
                double[] e;
                if (obs.isEmpty()) {
                  e = psi.expectationsZ();
                } else {
                  e = new double[obs.size()];
                  for (int i = 0; i < e.length; i++) {
                    e[i] = psi.expectationPauli(obs.get(i));
                  }
                }
                for (int i = 0; i < e.length; i++) {
                  sum[i] += e[i];
                }
              });
          for (int i = 0; i < sum.length; i++) {
            sum[i] /= traj;
          }
          expectations = sum;
        } else {
          int shots = (int) req.shots();
          int used = Math.min(traj, shots);
          int[] basis = new int[shots];
          int[] filled = {0};
          sim.run(
              c,
              used,
              req.seed(),
              ctx,
              (t, psi, rng) -> {
                int k = shots / used + (t < shots % used ? 1 : 0);
                int[] s = psi.sample(k, rng);
                System.arraycopy(s, 0, basis, filled[0], k);
                filled[0] += k;
              });
          SplittableRandom rng = new SplittableRandom(req.seed() ^ 0x9E3779B97F4A7C15L);
          shuffle(basis, rng);
          samples = outcomes(c, model, basis, rng);
        }
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    CalibrationSnapshot cal = model.calibration();
    int bits = c.measurements().isEmpty() ? n : c.numClbits();
    return new ExecutionResult(
        expectations, samples, bits, cal.id(), 0, ms, cal.timestampMs(), cal.toJson());
  }

  static double[] expectations(DensityMatrix rho, List<String> observables) {
    if (observables.isEmpty()) {
      return rho.expectationsZ();
    }
    double[] e = new double[observables.size()];
    for (int i = 0; i < e.length; i++) {
      e[i] = rho.expectationPauli(observables.get(i));
    }
    return e;
  }

  /** Applies readout error to basis-state samples and maps them to classical outcomes. */
  static long[] outcomes(Circuit c, NoiseModel model, int[] basis, SplittableRandom rng) {
    int n = c.numQubits();
    double[] p01 = new double[n];
    double[] p10 = new double[n];
    boolean any = false;
    for (int q = 0; q < n; q++) {
      p01[q] = model.p0Given1(q);
      p10[q] = model.p1Given0(q);
      any |= p01[q] > 0 || p10[q] > 0;
    }
    long[] out = new long[basis.length];
    for (int s = 0; s < basis.length; s++) {
      int b = basis[s];
      if (any) {
        for (int q = 0; q < n; q++) {
          boolean one = ((b >> q) & 1) != 0;
          if (rng.nextDouble() < (one ? p01[q] : p10[q])) {
            b ^= 1 << q;
          }
        }
      }
      out[s] = toClbits(c, b);
    }
    return out;
  }

  /** Qubit bits to classical bits through the measurements (identity when there are none). */
  static long toClbits(Circuit c, int basis) {
    if (c.measurements().isEmpty()) {
      return basis;
    }
    long v = 0;
    for (Measurement m : c.measurements()) {
      long bit = (basis >>> m.qubit()) & 1L;
      v = (v & ~(1L << m.clbit())) | (bit << m.clbit());
    }
    return v;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
