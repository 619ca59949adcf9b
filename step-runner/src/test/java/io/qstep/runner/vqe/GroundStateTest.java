package io.qstep.runner.vqe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.sim.StateVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact diagonalisation: H2 against the published value, Lanczos against the dense solver. */
class GroundStateTest {
  static final double EPS = 1e-9;

  /** A seeded random Pauli sum; with {@code withY} some terms have an odd number of Y. */
  static PauliSum random(int n, int terms, boolean withY, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    String letters = withY ? "IXYZ" : "IXZ";
    List<String> labels = new ArrayList<>();
    double[] c = new double[terms];
    for (int k = 0; k < terms; k++) {
      StringBuilder s = new StringBuilder();
      for (int q = 0; q < n; q++) {
        s.append(letters.charAt(rng.nextInt(letters.length())));
      }
      labels.add(s.toString());
      c[k] = rng.nextDouble(-1, 1);
    }
    return new PauliSum(labels, c);
  }

  @Test
  void h2_dense_isThePublishedEnergy() {
    GroundState.Result r = GroundState.dense(H2.hamiltonian());
    assertThat(r.energy()).isCloseTo(H2.GROUND_ENERGY, within(1e-6));
    assertThat(r.energy()).isCloseTo(H2.closedForm(), within(1e-12));
  }

  @Test
  void h2_lanczos_matchesDense() {
    GroundState.Result r = GroundState.lanczos(H2.hamiltonian(), 1);
    assertThat(r.energy()).isCloseTo(H2.closedForm(), within(1e-12));
    assertThat(r.method()).isEqualTo(GroundState.Method.LANCZOS);
  }

  @ParameterizedTest(name = "n={0} terms={1} y={2} seed={3}")
  @CsvSource({
    "3, 6, false, 1",
    "4, 12, true, 2",
    "5, 20, true, 3",
    "6, 30, false, 4",
    "7, 40, true, 5",
    "8, 60, true, 6"
  })
  void randomHermitian_lanczos_equalsDense(int n, int terms, boolean withY, long seed) {
    PauliSum h = random(n, terms, withY, seed);
    double dense = GroundState.dense(h).energy();
    GroundState.Result l = GroundState.lanczos(h, seed);
    assertThat(l.energy()).isCloseTo(dense, within(1e-8));
    assertThat(l.residual()).isLessThan(1e-8);
  }

  @Test
  void decoupledSpins_lanczosAtFourteenQubits_isTheSumOfSingleQubitMinima() {
    // H = Σ a_q X_q + b_q Z_q + c_q Y_q: E0 = −Σ sqrt(a² + b² + c²)
    int n = 14;
    SplittableRandom rng = new SplittableRandom(9);
    List<String> labels = new ArrayList<>();
    List<Double> coeffs = new ArrayList<>();
    double expected = 0;
    for (int q = 0; q < n; q++) {
      double a = rng.nextDouble(-1, 1);
      double b = rng.nextDouble(-1, 1);
      double c = rng.nextDouble(-1, 1);
      expected -= Math.sqrt(a * a + b * b + c * c);
      for (char p : new char[] {'X', 'Z', 'Y'}) {
        char[] s = "I".repeat(n).toCharArray();
        s[q] = p;
        labels.add(new String(s));
      }
      coeffs.add(a);
      coeffs.add(b);
      coeffs.add(c);
    }
    PauliSum h = new PauliSum(labels, coeffs.stream().mapToDouble(Double::doubleValue).toArray());
    GroundState.Result r = GroundState.solve(h, 3);
    assertThat(r.method()).isEqualTo(GroundState.Method.LANCZOS);
    assertThat(r.energy()).isCloseTo(expected, within(1e-8));
  }

  @ParameterizedTest(name = "seed={0}")
  @CsvSource({"1", "2", "3"})
  void expectation_equalsSumOfPauliExpectations(long seed) {
    int n = 5;
    PauliSum h = random(n, 25, true, seed);
    SplittableRandom rng = new SplittableRandom(seed + 100);
    double[] amps = rng.doubles(2 << n, -1, 1).toArray();
    double norm = 0;
    for (double a : amps) {
      norm += a * a;
    }
    for (int i = 0; i < amps.length; i++) {
      amps[i] /= Math.sqrt(norm);
    }
    double expected = 0;
    try (StateVector s = StateVector.of(amps)) {
      double[] c = h.coefficients();
      for (int k = 0; k < c.length; k++) {
        expected += c[k] * s.expectationPauli(h.labels().get(k));
      }
    }
    double[] re = new double[1 << n];
    double[] im = new double[1 << n];
    for (int i = 0; i < re.length; i++) {
      re[i] = amps[2 * i];
      im[i] = amps[2 * i + 1];
    }
    assertThat(h.expectation(h.diagonal(), re, im)).isCloseTo(expected, within(EPS));
    // and <v|Hv> from the product agrees
    double[] hr = new double[re.length];
    double[] hi = new double[re.length];
    h.apply(h.diagonal(), re, im, hr, hi);
    double dot = 0;
    double dotIm = 0;
    for (int i = 0; i < re.length; i++) {
      dot += re[i] * hr[i] + im[i] * hi[i];
      dotIm += re[i] * hi[i] - im[i] * hr[i];
    }
    assertThat(dot).isCloseTo(expected, within(EPS));
    assertThat(dotIm).isCloseTo(0, within(EPS));
  }

  @Test
  void equalStrings_areMerged() {
    PauliSum h = new PauliSum(List.of("XZ", "XZ", "ZZ"), new double[] {0.5, 0.25, 1});
    assertThat(h.numTerms()).isEqualTo(2);
    assertThat(h.coefficients()).containsExactly(0.75, 1.0);
  }
}
