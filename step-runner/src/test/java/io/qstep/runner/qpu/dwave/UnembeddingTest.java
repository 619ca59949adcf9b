package io.qstep.runner.qpu.dwave;

import static io.qstep.runner.qpu.dwave.DwaveBackendTest.pairs;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.quad;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.randomSymmetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.QuboSampler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnembeddingTest {
  static final double EPS = 1e-9;

  // v0 on {10, 11, 12}, v1 on {20, 21}, v2 on {30}
  static final ChainEmbedding CHAINS =
      new ChainEmbedding(new int[][] {{10, 11, 12}, {20, 21}, {30}}, ChainEmbedding.Kind.MINOR);
  static final int[] ACTIVE = {10, 11, 12, 20, 21, 30};

  /** A QUBO from a symmetric matrix (diagonal = linear), so energies have a brute-force oracle. */
  static Qubo qubo(double[] q, int n) {
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = q[i * n + i];
    }
    return new Qubo(n, h, pairs(q, n), 0);
  }

  @Test
  void majorityVote_brokenChains_mergedReads_andBreakFraction() {
    double[] q = randomSymmetric(3, 5);
    Qubo f = qubo(q, 3);
    List<int[]> rows =
        List.of(
            new int[] {1, 1, 0, 1, 1, 0}, // v0 broken -> 1, v1 = 1, v2 = 0: x = 0b011
            new int[] {0, 0, 1, 0, 1, 1}, // v0 broken -> 0, v1 tie, v2 = 1
            new int[] {1, 1, 1, 1, 1, 0}); // intact, x = 0b011 again
    Unembedding.Result r = Unembedding.unembed(rows, ACTIVE, new long[] {5, 3, 2}, f, CHAINS, 7);
    QuboSampler.SampleSet s = r.samples();
    assertThat(s.solutions()).hasSize(2);
    assertThat(s.solutions()[0]).isEqualTo(0b011);
    assertThat(s.occurrences()[0]).isEqualTo(7);
    assertThat(s.solutions()[1]).isIn(0b100L, 0b110L);
    assertThat(s.occurrences()[1]).isEqualTo(3);
    assertThat(s.totalReads()).isEqualTo(10);
    // (5 reads × 1/3 broken + 3 reads × 2/3 broken + 2 reads × 0) / 10
    assertThat(r.chainBreakFraction()).isCloseTo((5.0 / 3 + 2.0) / 10, within(EPS));
    for (int i = 0; i < s.solutions().length; i++) {
      assertThat(s.energies()[i]).isCloseTo(quad(q, 3, s.solutions()[i]), within(EPS));
    }
  }

  @Test
  void ties_areBrokenBySeed_deterministically_andBothWays() {
    Qubo f = qubo(randomSymmetric(3, 1), 3);
    List<int[]> rows = List.<int[]>of(new int[] {0, 0, 0, 1, 0, 0});
    Set<Long> seen = new HashSet<>();
    for (long seed = 0; seed < 32; seed++) {
      long a =
          Unembedding.unembed(rows, ACTIVE, new long[] {1}, f, CHAINS, seed)
              .samples()
              .solutions()[0];
      long b =
          Unembedding.unembed(rows, ACTIVE, new long[] {1}, f, CHAINS, seed)
              .samples()
              .solutions()[0];
      assertThat(a).isEqualTo(b);
      seen.add(a);
    }
    assertThat(seen).containsExactlyInAnyOrder(0b000L, 0b010L);
  }

  @Test
  void energies_areTheOriginalQubos_forEveryIntactState_bruteForce() {
    int n = 3;
    double[] q = randomSymmetric(n, 11);
    Qubo f = qubo(q, n);
    List<int[]> rows = new java.util.ArrayList<>();
    long[] occ = new long[8];
    for (int x = 0; x < 8; x++) {
      int b0 = x & 1;
      int b1 = x >> 1 & 1;
      int b2 = x >> 2 & 1;
      rows.add(new int[] {b0, b0, b0, b1, b1, b2});
      occ[x] = x + 1;
    }
    Unembedding.Result r = Unembedding.unembed(rows, ACTIVE, occ, f, CHAINS, 1);
    assertThat(r.chainBreakFraction()).isZero();
    for (int i = 0; i < 8; i++) {
      assertThat(r.samples().solutions()[i]).isEqualTo(i);
      assertThat(r.samples().occurrences()[i]).isEqualTo(i + 1);
      assertThat(r.samples().energies()[i]).isCloseTo(quad(q, n, i), within(EPS));
    }
  }

  @Test
  void answerWithoutAChainQubit_isRejected() {
    Qubo f = qubo(randomSymmetric(3, 1), 3);
    assertThatThrownBy(
            () ->
                Unembedding.unembed(
                    List.<int[]>of(new int[] {0, 0, 0, 0, 0}),
                    new int[] {10, 11, 12, 20, 21},
                    new long[] {1},
                    f,
                    CHAINS,
                    1))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("qubit 30");
  }
}
