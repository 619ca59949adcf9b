package io.qstep.runner.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.DenseOracle;
import io.qstep.runner.encode.Adjoint;
import io.qstep.runner.encode.Entanglement;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.encode.FeatureMaps;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact kernel against independent computations: inner products of states from the brute-force
 * dense oracle, and the all-zeros amplitude of the compute–uncompute circuit.
 */
class FidelityKernelTest {
  static final double EPS = 1e-10;
  static final Runnable NONE = () -> {};

  static double[] data(long seed, int rows, int d) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1.5, 1.5);
    }
    return x;
  }

  static double oracle(FeatureMap map, double[] a, double[] b) {
    double[] s = DenseOracle.state(map.circuit(a));
    double[] t = DenseOracle.state(map.circuit(b));
    return StateBank.fidelity(s, 0, t, 0, s.length / 2);
  }

  @ParameterizedTest(name = "{0} reps {1} on {2} qubits")
  @CsvSource({"zz,2,4", "zz,1,3", "iqp,2,4", "angle_ry,1,5", "angle_rx,1,3"})
  void gram_isSymmetricPsdWithUnitDiagonal_andMatchesTheOracle(String name, int reps, int d) {
    int n = 12;
    FeatureMap map = FeatureMaps.create(name, d, reps, Entanglement.FULL, 1.0);
    double[] x = data(name.hashCode() + reps, n, d);
    FidelityKernel.Result r = new FidelityKernel(map, 2).gram(x, n, NONE);
    double[] k = r.gram();
    for (int i = 0; i < n; i++) {
      assertThat(k[i * n + i]).isCloseTo(1.0, within(EPS));
      for (int j = 0; j < n; j++) {
        assertThat(k[i * n + j]).isEqualTo(k[j * n + i]);
        double[] xi = Arrays.copyOfRange(x, i * d, (i + 1) * d);
        double[] xj = Arrays.copyOfRange(x, j * d, (j + 1) * d);
        if (j > i && j < i + 4) {
          assertThat(k[i * n + j]).isCloseTo(oracle(map, xi, xj), within(EPS));
        }
      }
    }
    double[] eig = KernelMetrics.eigenvalues(k, n);
    assertThat(Arrays.stream(eig).min().getAsDouble()).isGreaterThan(-1e-10);
    assertThat(Arrays.stream(eig).sum()).isCloseTo(n, within(1e-8)); // trace = n
  }

  @Test
  void gram_entryIsTheZeroAmplitudeOfTheComputeUncomputeCircuit() {
    FeatureMap map = FeatureMaps.create("zz", 3, 2, Entanglement.LINEAR, 1.0);
    double[] x = data(5, 2, 3);
    double[] a = Arrays.copyOfRange(x, 0, 3);
    double[] b = Arrays.copyOfRange(x, 3, 6);
    Circuit cu =
        Circuit.builder(3).append(map.circuit(a)).append(Adjoint.of(map.circuit(b))).build();
    double[] psi = DenseOracle.state(cu);
    double p0 = psi[0] * psi[0] + psi[1] * psi[1];
    double k = new FidelityKernel(map, 1).gram(x, 2, NONE).gram()[1];
    assertThat(k).isCloseTo(p0, within(EPS));
    assertThat(p0).isBetween(1e-3, 0.999);
  }

  @Test
  void cross_matchesTheOracle_andTheGramOfTheJoinedRows() {
    FeatureMap map = FeatureMaps.create("iqp", 3, 2, Entanglement.FULL, 0.7);
    int n = 6;
    int m = 4;
    double[] x = data(7, n, 3);
    double[] t = data(8, m, 3);
    FidelityKernel.Result r = new FidelityKernel(map, 3).compute(x, n, t, m, NONE);
    assertThat(r.cross()).hasSize(m * n);
    double[] joined = new double[(n + m) * 3];
    System.arraycopy(x, 0, joined, 0, x.length);
    System.arraycopy(t, 0, joined, x.length, t.length);
    double[] big = new FidelityKernel(map, 1).gram(joined, n + m, NONE).gram();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double c = r.cross()[i * n + j];
        assertThat(c).isCloseTo(big[(n + i) * (n + m) + j], within(1e-12));
      }
    }
    double[] t0 = Arrays.copyOfRange(t, 0, 3);
    double[] x5 = Arrays.copyOfRange(x, 15, 18);
    assertThat(r.cross()[5]).isCloseTo(oracle(map, t0, x5), within(EPS));
  }

  @Test
  void result_doesNotDependOnTheThreadCount() {
    FeatureMap map = FeatureMaps.create("zz", 4, 2, Entanglement.FULL, 1.0);
    double[] x = data(9, 40, 4);
    double[] t = data(10, 7, 4);
    FidelityKernel.Result one = new FidelityKernel(map, 1).compute(x, 40, t, 7, NONE);
    FidelityKernel.Result four = new FidelityKernel(map, 4).compute(x, 40, t, 7, NONE);
    assertThat(four.gram()).containsExactly(one.gram());
    assertThat(four.cross()).containsExactly(one.cross());
  }

  @Test
  void unfusedSimulation_givesTheSameKernel() {
    FeatureMap map = FeatureMaps.create("iqp", 4, 2, Entanglement.CIRCULAR, 1.0);
    double[] x = data(12, 9, 4);
    double[] fused = new FidelityKernel(map, 1, true).gram(x, 9, NONE).gram();
    double[] unfused = new FidelityKernel(map, 1, false).gram(x, 9, NONE).gram();
    for (int i = 0; i < fused.length; i++) {
      assertThat(unfused[i]).isCloseTo(fused[i], within(EPS));
    }
  }

  @Test
  void checkpoint_stopsTheComputation() {
    FeatureMap map = FeatureMaps.create("zz", 3, 1, Entanglement.FULL, 1.0);
    double[] x = data(1, 50, 3);
    int[] calls = {0};
    Runnable stop =
        () -> {
          if (++calls[0] > 3) {
            throw new IllegalStateException("stop");
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new FidelityKernel(map, 1).gram(x, 50, stop))
        .hasMessage("stop");
  }
}
