package io.qstep.runner.vqe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.qaoa.Minimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** VQE on H2: both ansätze reach the exact energy; sampling is unbiased within its error bars. */
class VqeSolverTest {
  static final double CHEMICAL_ACCURACY = 1.6e-3;

  @Test
  void ucc_onH2_reachesTheExactGroundState() {
    PauliSum h = H2.hamiltonian();
    Ansatz a = new Ansatz(Ansatz.Kind.UCC, 2, 1, h.lowestDiagonalState());
    assertThat(a.numParameters()).isEqualTo(1);
    VqeSolver.Result r =
        new VqeSolver(h, a, false)
            .solve(new VqeSolver.Settings(Minimizer.Method.POWELL, 200, 0, 7), () -> {});
    assertThat(r.energy()).isCloseTo(H2.closedForm(), within(1e-8));
  }

  @Test
  void ucc_startsAtTheReferenceEnergy() {
    PauliSum h = H2.hamiltonian();
    int ref = h.lowestDiagonalState();
    Ansatz a = new Ansatz(Ansatz.Kind.UCC, 2, 1, ref);
    double e = new VqeSolver(h, a, false).energy(a.initialPoint(1));
    assertThat(e).isCloseTo(h.diagonal()[ref], within(1e-12));
  }

  @Test
  void hea_onH2_isWithinChemicalAccuracy() {
    PauliSum h = H2.hamiltonian();
    Ansatz a = new Ansatz(Ansatz.Kind.HEA, 2, 1, 0);
    VqeSolver.Result r =
        new VqeSolver(h, a, false)
            .solve(new VqeSolver.Settings(Minimizer.Method.BOBYQA, 400, 0, 7), () -> {});
    assertThat(r.energy() - H2.closedForm()).isBetween(-1e-9, CHEMICAL_ACCURACY);
  }

  @Test
  void sampledEnergy_isWithinFiveStandardErrors() {
    PauliSum h = GroundStateTest.random(4, 20, true, 11);
    Ansatz a = new Ansatz(Ansatz.Kind.HEA, 4, 2, 0);
    VqeSolver s = new VqeSolver(h, a, false);
    double[] x = new SplittableRandom(3).doubles(a.numParameters(), -1, 1).toArray();
    double exact = s.energy(x);
    int shots = 20_000;
    // each term's estimate has variance <= 1/shots; terms in one group are correlated, so bound the
    // standard error by Σ|c_k| / sqrt(shots)
    double se = h.normBound() / Math.sqrt(shots);
    double sampled = s.sampledEnergy(x, shots, new SplittableRandom(5));
    assertThat(sampled).isCloseTo(exact, within(5 * se));
    assertThat(s.numMeasurementGroups()).isLessThanOrEqualTo(h.numTerms());
  }
}
