package io.qstep.runner.vqe;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Energies {@code E(θ)} measured on a backend (a noisy simulator, a QPU) rather than computed on
 * the state-vector engine: what the optimizer sees when the quantum core runs where the noise is.
 *
 * <p>Exact mode (shots = 0, for backends that return expectation values): one execution per energy
 * asking for every non-identity Pauli term. Shot mode: one execution per qubit-wise commuting group
 * (the ansatz, then the group's basis change), each term the mean parity of its support over the
 * samples; the groups of one energy go to the backend together (one QPU job). Seeds are derived
 * from the step's seed and the evaluation count, so a run is repeatable. Not thread-safe; one per
 * step.
 */
public final class BackendEnergy {
  private final PauliSum h;
  private final Circuit template;
  private final List<VqeSolver.MeasurementGroup> groups;
  private final Function<List<ExecutionRequest>, List<ExecutionResult>> backend;
  private final long shots;
  private final long seed;
  private final int threads;
  private final List<String> observables = new ArrayList<>();
  private final List<Double> coeffs = new ArrayList<>();
  private double identity;
  private long evaluations;
  private long executions;

  /**
   * @param h the Hamiltonian
   * @param ansatz the ansatz
   * @param backend runs one execution (the caller adds cancellation and provenance)
   * @param shots 0 for exact expectations, else shots per measurement group
   * @param seed the step's seed
   * @param threads simulator threads, 0 = the backend's choice
   */
  public BackendEnergy(
      PauliSum h,
      Ansatz ansatz,
      Function<ExecutionRequest, ExecutionResult> backend,
      long shots,
      long seed,
      int threads) {
    this(h, ansatz, shots, seed, threads, requests -> requests.stream().map(backend).toList());
  }

  /**
   * Like the other constructor, with the shot-mode circuits of one energy (one per measurement
   * group) handed over together, so that a QPU runs them as one job ({@code Backend#executeBatch});
   * each keeps the seed it has when run alone.
   *
   * @param batch runs several executions, answering in order
   */
  public BackendEnergy(
      PauliSum h,
      Ansatz ansatz,
      long shots,
      long seed,
      int threads,
      Function<List<ExecutionRequest>, List<ExecutionResult>> batch) {
    if (h.numQubits() != ansatz.numQubits()) {
      throw new IllegalArgumentException("Hamiltonian and ansatz widths differ");
    }
    this.h = h;
    this.template = ansatz.circuit();
    this.groups = VqeSolver.qubitWiseGroups(h);
    this.backend = batch;
    this.shots = shots;
    this.seed = seed;
    this.threads = threads;
    double[] c = h.coefficients();
    for (int k = 0; k < c.length; k++) {
      String l = h.labels().get(k);
      if (l.chars().allMatch(ch -> ch == 'I')) {
        identity += c[k];
      } else {
        observables.add(l);
        coeffs.add(c[k]);
      }
    }
  }

  /** Circuit executions so far (the cost on a QPU). */
  public long executions() {
    return executions;
  }

  /** Circuit executions per energy. */
  public int executionsPerEnergy() {
    if (shots == 0) {
      return observables.isEmpty() ? 0 : 1;
    }
    int n = 0;
    for (VqeSolver.MeasurementGroup g : groups) {
      n += g.rotation() == null ? 0 : 1;
    }
    return n;
  }

  /** The energy at {@code x}, as the backend measures it. */
  public double energy(double[] x) {
    long evalSeed = seed ^ (0x9E3779B97F4A7C15L * ++evaluations);
    Circuit bound = template.bind(Ansatz.binding(x));
    if (shots == 0) {
      if (observables.isEmpty()) {
        return identity;
      }
      ExecutionResult r =
          backend
              .apply(List.of(new ExecutionRequest(bound, 0, observables, evalSeed, threads, true)))
              .get(0);
      executions++;
      double e = identity;
      for (int k = 0; k < observables.size(); k++) {
        e += coeffs.get(k) * r.expectations()[k];
      }
      return e;
    }
    double e = 0;
    List<ExecutionRequest> requests = new ArrayList<>();
    int g = 0;
    for (VqeSolver.MeasurementGroup group : groups) {
      g++;
      if (group.rotation() == null) {
        e += group.coeffs()[0];
        continue;
      }
      Circuit measured =
          Circuit.builder(bound.numQubits()).append(bound).append(group.rotation()).build();
      requests.add(new ExecutionRequest(measured, shots, List.of(), evalSeed + g, threads, true));
    }
    if (requests.isEmpty()) {
      return e;
    }
    List<ExecutionResult> results = backend.apply(requests);
    executions += requests.size();
    int next = 0;
    for (VqeSolver.MeasurementGroup group : groups) {
      if (group.rotation() == null) {
        continue;
      }
      long[] samples = results.get(next++).samples();
      for (int t = 0; t < group.supports().length; t++) {
        long mask = group.supports()[t];
        long odd = 0;
        for (long o : samples) {
          odd += Long.bitCount(o & mask) & 1;
        }
        e += group.coeffs()[t] * (1 - 2.0 * odd / samples.length);
      }
    }
    return e;
  }

  /** The Hamiltonian. */
  public PauliSum hamiltonian() {
    return h;
  }
}
