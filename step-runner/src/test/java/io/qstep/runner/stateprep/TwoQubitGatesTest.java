package io.qstep.runner.stateprep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.GateKind;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TwoQubitGatesTest {
  static LongStream seeds() {
    return LongStream.range(1, 17);
  }

  /** A seeded random orthogonal 4×4 (Q of a Gaussian matrix). */
  static double[] randomOrthogonal(SplittableRandom rng) {
    DMatrixRMaj a = new DMatrixRMaj(4, 4);
    for (int i = 0; i < 16; i++) {
      a.data[i] = rng.nextDouble(-1, 1);
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(4, 4);
    qr.decompose(a);
    return qr.getQ(null, false).data;
  }

  /**
   * Simulates the compiled gate on every basis input of a 3-qubit register (third qubit idle) and
   * compares with the matrix up to one global phase.
   */
  static void assertImplements(double[] o, int qa, int qb, int expectedCx) {
    Circuit.Builder probe = Circuit.builder(3);
    TwoQubitGates.orthogonal(probe, o, qa, qb);
    Circuit gates = probe.build();
    assertThat(gates.gates().stream().filter(g -> g.kind() == GateKind.CX).count())
        .isEqualTo(expectedCx);
    double phRe = Double.NaN;
    double phIm = Double.NaN;
    for (int j = 0; j < 4; j++) {
      Circuit.Builder b = Circuit.builder(3);
      if ((j & 2) != 0) {
        b.x(qa);
      }
      if ((j & 1) != 0) {
        b.x(qb);
      }
      b.append(gates);
      double[] psi = Sim.run(b.build());
      for (int i = 0; i < 4; i++) {
        int idx = ((i >> 1) << qa) | ((i & 1) << qb);
        double want = o[4 * i + j];
        double re = psi[2 * idx];
        double im = psi[2 * idx + 1];
        if (Double.isNaN(phRe) && Math.abs(want) > 0.3) {
          phRe = re / want;
          phIm = im / want;
        }
        if (!Double.isNaN(phRe)) {
          assertThat(re).isCloseTo(phRe * want, within(1e-10));
          assertThat(im).isCloseTo(phIm * want, within(1e-10));
        }
      }
    }
    assertThat(Math.hypot(phRe, phIm)).isCloseTo(1.0, within(1e-10));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void specialOrthogonal_compilesToTwoCx(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] o = randomOrthogonal(rng);
    if (TwoQubitGates.det4(o) < 0) {
      for (int r = 0; r < 4; r++) {
        o[4 * r] = -o[4 * r];
      }
    }
    assertImplements(o, 0, 1, 2);
    assertImplements(o, 2, 0, 2);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void determinantMinusOne_compilesToThreeCx(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] o = randomOrthogonal(rng);
    if (TwoQubitGates.det4(o) > 0) {
      for (int r = 0; r < 4; r++) {
        o[4 * r] = -o[4 * r];
      }
    }
    assertImplements(o, 1, 2, 3);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void stateOnZero_usesOneCx(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[4];
    double n = 0;
    for (int i = 0; i < 4; i++) {
      v[i] = rng.nextDouble(-1, 1);
      n += v[i] * v[i];
    }
    for (int i = 0; i < 4; i++) {
      v[i] /= Math.sqrt(n);
    }
    Circuit.Builder b = Circuit.builder(2);
    TwoQubitGates.stateOnZero(b, v, 1, 0);
    Circuit c = b.build();
    assertThat(c.multiQubitGateCount()).isEqualTo(1);
    // qubit 1 is the high bit of the local index, as of the amplitude index
    assertThat(Sim.fidelity(v, Sim.run(c))).isCloseTo(1.0, within(1e-12));
  }
}
