package io.qstep.runner.qpu.dwave;

import static io.qstep.runner.qpu.dwave.DwaveBackendTest.pairs;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.quad;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.randomSymmetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.runner.qaoa.Qubo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainEncodingTest {
  static final double EPS = 1e-9;

  static double[] doubles(String b64) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[b.remaining() / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getDouble();
    }
    return out;
  }

  /**
   * K3 on Chimera C(1) = K_{4,4} (qubits 0-3 | 4-7): v0 on {0, 4}, v1 on {1, 5}, v2 on {2}. v0 and
   * v1 touch through two couplers (0-5, 1-4); qubits 3, 6, 7 are unused.
   */
  @Test
  void intactChains_reproduceTheQubo_andEachBrokenChainEdgeCosts2C() {
    Chimera hw = Chimera.of(1, 1, 4, Set.of(), Set.of());
    Solver s = hw.solver("c1");
    ChainEmbedding e =
        new ChainEmbedding(new int[][] {{0, 4}, {1, 5}, {2}}, ChainEmbedding.Kind.MINOR);
    int n = 3;
    double[] q = randomSymmetric(n, 17);
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = q[i * n + i];
    }
    Qubo f = new Qubo(n, h, pairs(q, n), 0);
    double c = 1.7;
    String[] qp = DwaveClient.encode(f, s, e, c);
    double[] lin = doubles(qp[0]);
    double[] quadB = doubles(qp[1]);
    assertThat(lin).hasSize(8);
    for (int unused : new int[] {3, 6, 7}) {
      assertThat(lin[unused]).isNaN();
    }
    List<int[]> active = new ArrayList<>();
    for (int[] cp : s.couplers()) {
      if (!Double.isNaN(lin[cp[0]]) && !Double.isNaN(lin[cp[1]])) {
        active.add(cp);
      }
    }
    assertThat(quadB).hasSize(active.size());
    int[] owner = {0, 1, 2, -1, 0, 1, -1, -1};
    int[] used = {0, 1, 2, 4, 5};
    for (int y = 0; y < 1 << used.length; y++) {
      int[] bit = new int[8];
      for (int k = 0; k < used.length; k++) {
        bit[used[k]] = y >> k & 1;
      }
      double energy = 0;
      for (int k : used) {
        energy += lin[k] * bit[k];
      }
      for (int a = 0; a < active.size(); a++) {
        energy += quadB[a] * bit[active.get(a)[0]] * bit[active.get(a)[1]];
      }
      int brokenEdges = (bit[0] != bit[4] ? 1 : 0) + (bit[1] != bit[5] ? 1 : 0);
      if (brokenEdges == 0) {
        long x = bit[0] | bit[1] << 1 | bit[2] << 2;
        assertThat(energy).as("intact state %d", x).isCloseTo(quad(q, n, x), within(EPS));
      } else {
        // split biases: h_v/2 per chain qubit, the v0-v1 coupling halved over its two couplers
        double split = 0;
        for (int k : used) {
          split += h[owner[k]] / (owner[k] == 2 ? 1 : 2) * bit[k];
        }
        double q01 = f.pair(0, 1) / 2;
        split += q01 * (bit[0] * bit[5] + bit[1] * bit[4]);
        split += f.pair(0, 2) * bit[2] * bit[4] + f.pair(1, 2) * bit[2] * bit[5];
        assertThat(energy).isCloseTo(split + 2 * c * brokenEdges, within(EPS));
      }
    }
  }

  @Test
  void uniformTorqueCompensation_handValues() {
    // one coupling Q = 4 -> J = 1, rms 1, mean degree 1: 1.414
    Qubo two = new Qubo(2, new double[] {0, 0}, new double[] {0, 4, 4, 0}, 0);
    assertThat(ChainStrength.uniformTorqueCompensation(two)).isCloseTo(1.414, within(EPS));
    // triangle with Q = 4, 4, 8 -> J = 1, 1, 2: rms sqrt(2), mean degree 2: 1.414 · 2
    double[] p = new double[9];
    p[1] = p[3] = 4;
    p[2] = p[6] = 4;
    p[5] = p[7] = 8;
    Qubo tri = new Qubo(3, new double[3], p, 0);
    assertThat(ChainStrength.uniformTorqueCompensation(tri)).isCloseTo(2.828, within(EPS));
    // no couplings: 1
    assertThat(
            ChainStrength.uniformTorqueCompensation(
                new Qubo(1, new double[] {3}, new double[1], 0)))
        .isEqualTo(1.0);
    assertThat(ChainStrength.resolve(Map.of(), 0, two)).isCloseTo(1.414, within(EPS));
    assertThat(ChainStrength.resolve(Map.of(), 2.5, two)).isEqualTo(2.5);
    assertThat(ChainStrength.resolve(Map.of("chain_strength", "4"), 2.5, two)).isEqualTo(4.0);
  }
}
