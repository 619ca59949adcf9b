package io.qstep.runner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StateVectorTest {
  static final double EPS_EXPECTATION = 1e-12;
  static final double EPS_STATE = 1e-12;

  /** Sampling checks allow 5 binomial standard deviations (plus one count for tiny means). */
  static final double SIGMAS = 5;

  static final StateVectorSimulator SIM = new StateVectorSimulator(SimOptions.defaults());

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  static double[] basis(int n, int index) {
    double[] v = new double[2 << n];
    v[2 * index] = 1;
    return v;
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {0, 1, 10, 28, 30})
  void bytesFor_isSixteenBytesPerAmplitude(int n) {
    assertThat(StateVector.bytesFor(n)).isEqualTo(16L * (1L << n));
  }

  @Test
  void bytesFor_28Qubits_isFourGibibytes() {
    assertThat(StateVector.bytesFor(28)).isEqualTo(4L * 1024 * 1024 * 1024);
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {0, -1, 31, 64})
  void zero_outOfRange_isIllegalArgument(int n) {
    assertThatThrownBy(() -> StateVector.zero(n)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zero_isBasisStateZero() {
    try (StateVector s = StateVector.zero(3)) {
      assertThat(s.numQubits()).isEqualTo(3);
      assertThat(s.dimension()).isEqualTo(8);
      assertThat(s.amplitudes()).containsExactly(basis(3, 0));
      assertThat(s.probabilities()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
      assertThat(s.norm()).isEqualTo(1.0);
    }
  }

  @Test
  void of_badLength_isIllegalArgument() {
    assertThatThrownBy(() -> StateVector.of(new double[6]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateVector.of(new double[2]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateVector.of(new double[] {Double.NaN, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void close_thenUse_isIllegalState() {
    StateVector s = StateVector.zero(2);
    s.close();
    s.close();
    assertThat(s.numQubits()).isEqualTo(2);
    assertThatThrownBy(s::norm).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::amplitudes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SIM.apply(s, Circuit.builder(2).h(0).build()))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- expectations

  private static double bruteZ(double[] psi, int q) {
    double e = 0;
    for (int i = 0; i < psi.length / 2; i++) {
      double p = psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
      e += ((i >>> q) & 1) == 0 ? p : -p;
    }
    return e;
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void expectationsZ_randomState_matchesBruteForce(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(15);
    double[] psi = Oracle.randomState(n, rng);
    try (StateVector s = StateVector.of(psi)) {
      double[] all = s.expectationsZ();
      assertThat(all).hasSize(n);
      for (int q = 0; q < n; q++) {
        assertThat(all[q]).as("qubit %d", q).isCloseTo(bruteZ(psi, q), within(EPS_EXPECTATION));
        assertThat(s.expectationZ(q))
            .as("qubit %d", q)
            .isCloseTo(bruteZ(psi, q), within(EPS_EXPECTATION));
      }
      assertThat(s.norm()).isCloseTo(1.0, within(EPS_EXPECTATION));
    }
  }

  @Test
  void expectationZ_badQubit_isIllegalArgument() {
    try (StateVector s = StateVector.zero(2)) {
      assertThatThrownBy(() -> s.expectationZ(2)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.expectationZ(-1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static final double[][] PAULI = {
    {1, 0, 0, 0, 0, 0, 1, 0}, // I
    {0, 0, 1, 0, 1, 0, 0, 0}, // X
    {0, 0, 0, -1, 0, 1, 0, 0}, // Y
    {1, 0, 0, 0, 0, 0, -1, 0}, // Z
  };

  /** <psi|P|psi> with P built as a dense Kronecker product (qubit 0 = rightmost factor). */
  private static double densePauli(String p, double[] psi) {
    int n = p.length();
    double[] m = {1, 0};
    int d = 1;
    for (int q = n - 1; q >= 0; q--) {
      m = Oracle.kron(m, d, PAULI["IXYZ".indexOf(p.charAt(q))], 2);
      d *= 2;
    }
    double[] v = Oracle.matVec(m, psi);
    double e = 0;
    for (int i = 0; i < psi.length; i += 2) {
      e += psi[i] * v[i] + psi[i + 1] * v[i + 1]; // Re(conj(psi_i) v_i)
    }
    return e;
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void expectationPauli_randomStringAndState_matchesDenseOracle(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(7);
    double[] psi = Oracle.randomState(n, rng);
    try (StateVector s = StateVector.of(psi)) {
      for (int t = 0; t < 20; t++) {
        StringBuilder p = new StringBuilder();
        for (int q = 0; q < n; q++) {
          p.append("IXYZ".charAt(rng.nextInt(4)));
        }
        String pauli = p.toString();
        assertThat(s.expectationPauli(pauli))
            .as(pauli)
            .isCloseTo(densePauli(pauli, psi), within(EPS_EXPECTATION));
      }
      double[] z = s.expectationsZ();
      for (int q = 0; q < n; q++) {
        String single = "I".repeat(q) + "Z" + "I".repeat(n - 1 - q);
        assertThat(s.expectationPauli(single)).isCloseTo(z[q], within(EPS_EXPECTATION));
      }
    }
  }

  @Test
  void expectationPauli_bellState_hasKnownCorrelations() {
    try (StateVector s = SIM.run(Circuit.builder(2).h(0).cx(0, 1).build())) {
      assertThat(s.expectationPauli("XX")).isCloseTo(1, within(EPS_EXPECTATION));
      assertThat(s.expectationPauli("YY")).isCloseTo(-1, within(EPS_EXPECTATION));
      assertThat(s.expectationPauli("ZZ")).isCloseTo(1, within(EPS_EXPECTATION));
      assertThat(s.expectationPauli("XI")).isCloseTo(0, within(EPS_EXPECTATION));
      assertThat(s.expectationPauli("II")).isCloseTo(1, within(EPS_EXPECTATION));
    }
  }

  @Test
  void expectationPauli_badString_isIllegalArgument() {
    try (StateVector s = StateVector.zero(2)) {
      assertThatThrownBy(() -> s.expectationPauli("X"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.expectationPauli("XA"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------- sampling

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void sampleCounts_sameSeed_isIdenticalAndMatchesSample(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 1 + rng.nextInt(8);
    try (StateVector s = StateVector.of(Oracle.randomState(n, rng))) {
      long[] a = s.sampleCounts(1000, new SplittableRandom(seed));
      long[] b = s.sampleCounts(1000, new SplittableRandom(seed));
      assertThat(a).isEqualTo(b);
      int[] shots = s.sample(1000, new SplittableRandom(seed));
      assertThat(shots).isEqualTo(s.sample(1000, new SplittableRandom(seed)));
      long[] hist = new long[1 << n];
      for (int o : shots) {
        hist[o]++;
      }
      assertThat(hist).isEqualTo(a);
      assertThat(LongStream.of(a).sum()).isEqualTo(1000);
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void sampleCounts_productState_withinFiveSigmaOfBinomial(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 4;
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.ry(q, rng.nextDouble() * Math.PI);
    }
    b.x(3).cx(3, 2); // entangle a little so the distribution is not a pure product
    int shots = 200_000;
    try (StateVector s = SIM.run(b.build())) {
      double[] p = s.probabilities();
      long[] counts = s.sampleCounts(shots, new SplittableRandom(seed * 31 + 7));
      for (int i = 0; i < p.length; i++) {
        double mean = shots * p[i];
        double sd = Math.sqrt(shots * p[i] * (1 - p[i]));
        assertThat((double) counts[i]).as("outcome %d", i).isCloseTo(mean, within(SIGMAS * sd + 1));
      }
    }
  }

  @Test
  void sample_neverReturnsZeroProbabilityOutcomes() {
    try (StateVector s = SIM.run(Circuit.builder(3).h(0).cx(0, 2).build())) {
      long[] counts = s.sampleCounts(10_000, new SplittableRandom(5));
      for (int i = 0; i < 8; i++) {
        if (i != 0 && i != 5) {
          assertThat(counts[i]).as("outcome %d", i).isZero();
        }
      }
      assertThat(counts[0] + counts[5]).isEqualTo(10_000);
      int[] shots = s.sample(10_000, new SplittableRandom(5));
      assertThat(shots).containsOnly(0, 5);
    }
  }

  @Test
  void sample_isShuffledNotSorted() {
    try (StateVector s = SIM.run(Circuit.builder(1).h(0).build())) {
      int[] shots = s.sample(100, new SplittableRandom(1));
      int changes = 0;
      for (int i = 1; i < shots.length; i++) {
        changes += shots[i] != shots[i - 1] ? 1 : 0;
      }
      assertThat(changes).isGreaterThan(10);
    }
  }

  @Test
  void sampleCounts_negativeShots_isIllegalArgument() {
    try (StateVector s = StateVector.zero(1)) {
      assertThatThrownBy(() -> s.sampleCounts(-1, new SplittableRandom(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(s.sampleCounts(0, new SplittableRandom(1))).containsExactly(0, 0);
    }
  }
}
