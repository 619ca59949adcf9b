package io.qstep.runner.vqe;

import io.qstep.circuit.Circuit;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Minimises {@code E(θ) = <ψ(θ)|H|ψ(θ)>} over an {@link Ansatz} on the state-vector engine.
 *
 * <p>Exact mode (shots = 0): {@code E} from the state vector, one pass per group of Pauli terms
 * sharing an X/Y pattern ({@link PauliSum#expectation}). Sampled mode: the terms are split into
 * qubit-wise commuting groups (greedy, largest |c| first); each group costs one basis change (H for
 * X, S†·H for Y) of a copy of the state and {@code shots} seeded samples, and each term is the mean
 * parity of its support. Deterministic for a given seed. Not thread-safe across calls sharing a
 * solver; create one per step.
 */
public final class VqeSolver {
  /** Angle box of every parameter (radians): one period of each state up to sign. */
  static final double ANGLE_BOUND = Math.PI;

  /** Initial step of the optimizers (trust radius, simplex size, CMA-ES sigma), radians. */
  static final double STEP = 0.3;

  /**
   * What to optimise and how.
   *
   * @param maxEval evaluation budget
   * @param shots 0: exact energies; otherwise each energy is estimated from this many shots per
   *     measurement group
   */
  public record Settings(Minimizer.Method method, int maxEval, int shots, long seed) {}

  /**
   * The optimum found.
   *
   * @param parameters the best angles, radians
   * @param energy the exact energy at {@code parameters}
   * @param estimate the optimizer's value at {@code parameters} (sampled in shot mode)
   * @param trace the objective at every evaluation, in order
   */
  public record Result(double[] parameters, double energy, double estimate, double[] trace) {}

  private final PauliSum h;
  private final Ansatz ansatz;
  private final Circuit template;
  private final StateVectorSimulator sim;
  private final double[] diag;
  private final List<MeasurementGroup> groups;

  /** One qubit-wise commuting set: the basis letter per qubit and its terms' supports. */
  record MeasurementGroup(char[] basis, int[] supports, double[] coeffs, Circuit rotation) {}

  public VqeSolver(PauliSum h, Ansatz ansatz, boolean parallel) {
    if (h.numQubits() != ansatz.numQubits()) {
      throw new IllegalArgumentException("Hamiltonian and ansatz widths differ");
    }
    this.h = h;
    this.ansatz = ansatz;
    this.template = ansatz.circuit();
    this.sim = new StateVectorSimulator(SimOptions.defaults().withThreads(parallel ? 0 : 1));
    this.diag = h.diagonal();
    this.groups = qubitWiseGroups(h);
  }

  /** Number of measurement settings sampled per energy in shot mode. */
  public int numMeasurementGroups() {
    return groups.size();
  }

  /** The exact energy at {@code x}. */
  public double energy(double[] x) {
    try (StateVector s = sim.run(template.bind(Ansatz.binding(x)))) {
      double[][] v = split(s);
      return h.expectation(diag, v[0], v[1]);
    }
  }

  /** An energy estimate from {@code shots} seeded samples per measurement group. */
  public double sampledEnergy(double[] x, int shots, SplittableRandom rng) {
    try (StateVector s = sim.run(template.bind(Ansatz.binding(x)))) {
      double[] amps = s.amplitudes();
      double e = 0;
      for (MeasurementGroup g : groups) {
        if (g.supports().length == 1 && g.supports()[0] == 0) {
          e += g.coeffs()[0];
          continue;
        }
        try (StateVector rotated = StateVector.of(amps)) {
          sim.apply(rotated, g.rotation());
          int[] outcomes = rotated.sample(shots, rng);
          for (int t = 0; t < g.supports().length; t++) {
            int mask = g.supports()[t];
            long odd = 0;
            for (int o : outcomes) {
              odd += Integer.bitCount(o & mask) & 1;
            }
            e += g.coeffs()[t] * (1 - 2.0 * odd / shots);
          }
        }
      }
      return e;
    }
  }

  /** Runs the optimisation; {@code checkpoint} is called before each evaluation. */
  public Result solve(Settings s, Runnable checkpoint) {
    SplittableRandom shotRng = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
    return solve(
        s, checkpoint, x -> s.shots() > 0 ? sampledEnergy(x, s.shots(), shotRng) : energy(x));
  }

  /**
   * Runs the optimisation of {@code objective} (e.g. energies measured on a noisy backend by {@link
   * BackendEnergy}); the result's {@code energy} is still the exact energy of the final angles on
   * the state-vector engine, {@code estimate} the objective's value there.
   */
  public Result solve(Settings s, Runnable checkpoint, ToDoubleFunction<double[]> objective) {
    int p = ansatz.numParameters();
    double[] lo = new double[p];
    double[] hi = new double[p];
    Arrays.fill(lo, -ANGLE_BOUND);
    Arrays.fill(hi, ANGLE_BOUND);
    Minimizer.Result r =
        Minimizer.minimize(
            s.method(),
            objective,
            ansatz.initialPoint(s.seed()),
            lo,
            hi,
            s.maxEval(),
            STEP,
            s.seed(),
            checkpoint);
    return new Result(r.x(), energy(r.x()), r.value(), r.trace());
  }

  private static double[][] split(StateVector s) {
    int dim = s.dimension();
    double[] re = new double[dim];
    double[] im = new double[dim];
    for (int i = 0; i < dim; i++) {
      re[i] = s.amplitudeRe(i);
      im[i] = s.amplitudeIm(i);
    }
    return new double[][] {re, im};
  }

  /**
   * Greedy qubit-wise commuting groups, largest |c| first; the identity term (if any) is a group of
   * its own with support 0.
   */
  static List<MeasurementGroup> qubitWiseGroups(PauliSum h) {
    int n = h.numQubits();
    List<String> labels = h.labels();
    double[] c = h.coefficients();
    Integer[] order = new Integer[c.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(Math.abs(c[b]), Math.abs(c[a])));
    List<char[]> bases = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    List<MeasurementGroup> out = new ArrayList<>();
    for (int k : order) {
      String l = labels.get(k);
      if (l.chars().allMatch(ch -> ch == 'I')) {
        out.add(new MeasurementGroup(new char[n], new int[] {0}, new double[] {c[k]}, null));
        continue;
      }
      int found = -1;
      for (int g = 0; g < bases.size() && found < 0; g++) {
        char[] b = bases.get(g);
        boolean ok = true;
        for (int q = 0; q < n && ok; q++) {
          char ch = l.charAt(q);
          ok = ch == 'I' || b[q] == 'I' || b[q] == ch;
        }
        if (ok) {
          found = g;
        }
      }
      if (found < 0) {
        char[] b = new char[n];
        Arrays.fill(b, 'I');
        bases.add(b);
        members.add(new ArrayList<>());
        found = bases.size() - 1;
      }
      char[] b = bases.get(found);
      for (int q = 0; q < n; q++) {
        if (l.charAt(q) != 'I') {
          b[q] = l.charAt(q);
        }
      }
      members.get(found).add(k);
    }
    for (int g = 0; g < bases.size(); g++) {
      char[] b = bases.get(g);
      Circuit.Builder rot = Circuit.builder(n);
      for (int q = 0; q < n; q++) {
        switch (b[q]) {
          case 'X' -> rot.h(q);
          case 'Y' -> rot.sdg(q).h(q);
          default -> {}
        }
      }
      List<Integer> ks = members.get(g);
      int[] supports = new int[ks.size()];
      double[] coeffs = new double[ks.size()];
      for (int t = 0; t < ks.size(); t++) {
        String l = labels.get(ks.get(t));
        for (int q = 0; q < n; q++) {
          if (l.charAt(q) != 'I') {
            supports[t] |= 1 << q;
          }
        }
        coeffs[t] = c[ks.get(t)];
      }
      out.add(new MeasurementGroup(b, supports, coeffs, rot.build()));
    }
    return out;
  }
}
