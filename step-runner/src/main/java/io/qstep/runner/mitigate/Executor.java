package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import java.util.ArrayList;
import java.util.List;

/**
 * Where mitigation runs its circuits: a bound circuit and a noise scale in, exact expectations or
 * shot samples out. Backends, analytic noise models in tests and benchmark harnesses implement it.
 * Implementations must be deterministic for a given seed.
 */
public interface Executor {

  /**
   * One execution.
   *
   * @param expectations shots = 0: exact expectations of the requested observables (⟨Z_i⟩ per qubit
   *     when none were given); null in shot mode
   * @param samples shots > 0: one outcome per shot, bit q = qubit q; null in exact mode
   */
  record Result(double[] expectations, long[] samples) {}

  /**
   * Runs {@code bound}.
   *
   * @param scale noise scale λ ≥ 1; an executor that does not {@link #scalesNoise()} is only asked
   *     for λ = 1 (zero-noise extrapolation folds the circuit instead)
   * @param shots 0 = exact expectations
   * @param observables Pauli strings over IXYZ, qubit 0 leftmost; empty = ⟨Z_i⟩ per qubit
   * @param seed seed for every random choice of this execution
   */
  Result run(Circuit bound, double scale, long shots, List<String> observables, long seed);

  /**
   * Runs independent circuits at one noise scale, as one provider job where the executor can;
   * result {@code i} answers {@code bound.get(i)} run with {@code seeds[i]}, exactly as {@link
   * #run} would. This default runs them one by one.
   */
  default List<Result> runBatch(
      List<Circuit> bound, double scale, long shots, List<String> observables, long[] seeds) {
    List<Result> out = new ArrayList<>(bound.size());
    for (int i = 0; i < bound.size(); i++) {
      out.add(run(bound.get(i), scale, shots, observables, seeds[i]));
    }
    return out;
  }

  /** Whether {@link #run} amplifies noise itself for λ > 1 (a simulator can; a QPU cannot). */
  default boolean scalesNoise() {
    return false;
  }

  /**
   * A stable id of the noise it runs under (hash of the noise model or calibration), for
   * provenance.
   */
  default String noiseModelId() {
    return "";
  }
}
