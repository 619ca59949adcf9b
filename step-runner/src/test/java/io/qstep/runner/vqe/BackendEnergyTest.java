package io.qstep.runner.vqe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.stage.StepContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Energies measured through the backend SPI agree with the engine's own: exactly on the
 * state-vector backend, within single precision on Strange, and within binomial error bars when
 * sampled.
 */
class BackendEnergyTest {
  static BackendRegistry registry;

  @BeforeAll
  static void open() {
    registry = BackendRegistry.loadDefault(12);
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  /** A random 3-qubit Hamiltonian over all letters, with an identity term. */
  static PauliSum hamiltonian(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> labels = List.of("III", "ZZI", "XXI", "IYY", "ZIX", "YZX", "IIZ", "XIY");
    double[] c = new double[labels.size()];
    for (int k = 0; k < c.length; k++) {
      c[k] = rng.nextDouble(-1, 1);
    }
    return new PauliSum(labels, c);
  }

  static BackendEnergy on(String backend, PauliSum h, Ansatz a, long shots, long seed) {
    Backend b = registry.get(backend);
    StepContext ctx = new StepContext(seed, 60_000);
    return new BackendEnergy(h, a, r -> b.execute(r, ctx), shots, seed, 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void exactEnergies_equalTheEngines(long seed) {
    PauliSum h = hamiltonian(seed);
    Ansatz a = new Ansatz(Ansatz.Kind.HEA, 3, 2, 0);
    double[] x = new SplittableRandom(seed + 100).doubles(a.numParameters(), -3, 3).toArray();
    double ref = new VqeSolver(h, a, false).energy(x);
    BackendEnergy sv = on("statevector", h, a, 0, seed);
    assertThat(sv.energy(x)).isCloseTo(ref, within(1e-10));
    assertThat(sv.executions()).isEqualTo(1);
    // Strange computes in single precision.
    assertThat(on("strange", h, a, 0, seed).energy(x)).isCloseTo(ref, within(1e-5));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void sampledEnergies_areWithinTheirErrorBars_andRepeatable(long seed) {
    PauliSum h = hamiltonian(seed);
    Ansatz a = new Ansatz(Ansatz.Kind.HEA, 3, 1, 0);
    double[] x = new SplittableRandom(seed).doubles(a.numParameters(), -3, 3).toArray();
    double ref = new VqeSolver(h, a, false).energy(x);
    int shots = 20_000;
    BackendEnergy sampled = on("statevector", h, a, shots, seed);
    double e = sampled.energy(x);
    // Each term's mean parity has variance <= 1/shots; the sum of |c_k| bounds the error scale.
    double sigma = 0;
    for (int k = 0; k < h.numTerms(); k++) {
      sigma += Math.abs(h.coefficients()[k]) / Math.sqrt(shots);
    }
    assertThat(e).isCloseTo(ref, within(5 * sigma));
    assertThat(sampled.executions()).isEqualTo(sampled.executionsPerEnergy()).isGreaterThan(1);
    assertThat(on("statevector", h, a, shots, seed).energy(x)).isEqualTo(e);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22})
  void batchedGroups_oneBatchPerEnergy_sameEnergiesAsOneByOne(long seed) {
    PauliSum h = hamiltonian(seed);
    Ansatz a = new Ansatz(Ansatz.Kind.HEA, 3, 1, 0);
    Backend b = registry.get("statevector");
    StepContext ctx = new StepContext(seed, 60_000);
    List<Integer> batches = new java.util.ArrayList<>();
    BackendEnergy batched =
        new BackendEnergy(
            h,
            a,
            500,
            seed,
            1,
            xs -> {
              batches.add(xs.size());
              return b.executeBatch(xs, ctx);
            });
    BackendEnergy single = on("statevector", h, a, 500, seed);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < 3; i++) {
      double[] x = rng.doubles(a.numParameters(), -3, 3).toArray();
      assertThat(batched.energy(x)).isEqualTo(single.energy(x));
    }
    int groups = single.executionsPerEnergy();
    assertThat(groups).isGreaterThan(1);
    assertThat(batches).containsExactly(groups, groups, groups);
    assertThat(batched.executions()).isEqualTo(single.executions());
  }
}
