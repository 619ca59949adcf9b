package io.qstep.runner.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.encode.Entanglement;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.encode.FeatureMaps;
import io.qstep.runner.stage.StepContext;
import org.junit.jupiter.api.Test;

/** Shot estimates against the exact kernel, within binomial tolerances; seeded and reproducible. */
class ShotKernelTest {
  static final Backend BACKEND = BackendRegistry.loadDefault(26).get("statevector");

  static ShotKernel.Sampler sampler() {
    StepContext ctx = StepContext.unbounded(0);
    return (c, shots, seed) -> {
      long z = 0;
      for (long s : BACKEND.execute(ExecutionRequest.sampled(c, shots, seed), ctx).samples()) {
        z += s == 0 ? 1 : 0;
      }
      return z;
    };
  }

  @Test
  void estimates_convergeToTheExactKernelWithinBinomialTolerance() {
    FeatureMap map = FeatureMaps.create("zz", 3, 2, Entanglement.FULL, 0.6);
    int n = 8;
    int m = 3;
    double[] x = FidelityKernelTest.data(21, n, 3);
    double[] t = FidelityKernelTest.data(22, m, 3);
    FidelityKernel.Result exact = new FidelityKernel(map, 1).compute(x, n, t, m, () -> {});
    for (long shots : new long[] {400, 20_000}) {
      FidelityKernel.Result est =
          new ShotKernel(map, shots, 99, 2, sampler()).compute(x, n, t, m, () -> {});
      double worst = 0;
      for (int i = 0; i < n * n; i++) {
        double p = exact.gram()[i];
        double tol = 5 * Math.sqrt(Math.max(0, p * (1 - p)) / shots) + 1.0 / shots;
        assertThat(Math.abs(est.gram()[i] - p)).as("gram %d, %d shots", i, shots).isLessThan(tol);
        worst = Math.max(worst, Math.abs(est.gram()[i] - p));
      }
      for (int i = 0; i < m * n; i++) {
        double p = exact.cross()[i];
        double tol = 5 * Math.sqrt(Math.max(0, p * (1 - p)) / shots) + 1.0 / shots;
        assertThat(Math.abs(est.cross()[i] - p)).as("cross %d", i).isLessThan(tol);
      }
      assertThat(worst).isLessThan(shots == 400 ? 0.15 : 0.02);
    }
  }

  @Test
  void sameSeed_sameEstimate_whateverTheThreadCount_andAnotherSeedDiffers() {
    FeatureMap map = FeatureMaps.create("iqp", 2, 2, Entanglement.FULL, 1.0);
    double[] x = FidelityKernelTest.data(3, 6, 2);
    double[] a =
        new ShotKernel(map, 300, 5, 1, sampler()).compute(x, 6, new double[0], 0, () -> {}).gram();
    double[] b =
        new ShotKernel(map, 300, 5, 4, sampler()).compute(x, 6, new double[0], 0, () -> {}).gram();
    double[] c =
        new ShotKernel(map, 300, 6, 1, sampler()).compute(x, 6, new double[0], 0, () -> {}).gram();
    assertThat(b).containsExactly(a);
    assertThat(c).isNotEqualTo(a);
    for (int i = 0; i < 6; i++) {
      assertThat(a[i * 6 + i]).isEqualTo(1.0);
      for (int j = 0; j < 6; j++) {
        assertThat(a[i * 6 + j]).isEqualTo(a[j * 6 + i]);
      }
    }
  }

  @Test
  void batched_isOneBatchOfEveryPair_withTheSameEstimatesAsPairByPair() {
    FeatureMap map = FeatureMaps.create("zz", 3, 2, Entanglement.FULL, 0.6);
    int n = 5;
    int m = 2;
    double[] x = FidelityKernelTest.data(31, n, 3);
    double[] t = FidelityKernelTest.data(32, m, 3);
    StepContext ctx = StepContext.unbounded(0);
    java.util.List<Integer> batches = new java.util.ArrayList<>();
    ShotKernel.BatchSampler batch =
        (cs, shots, seeds) -> {
          batches.add(cs.size());
          java.util.List<ExecutionRequest> reqs = new java.util.ArrayList<>();
          for (int i = 0; i < cs.size(); i++) {
            reqs.add(ExecutionRequest.sampled(cs.get(i), shots, seeds[i]));
          }
          var rs = BACKEND.executeBatch(reqs, ctx);
          long[] z = new long[rs.size()];
          for (int i = 0; i < z.length; i++) {
            for (long s : rs.get(i).samples()) {
              z[i] += s == 0 ? 1 : 0;
            }
          }
          return z;
        };
    FidelityKernel.Result one =
        new ShotKernel(map, 500, 7, 1, sampler()).computeBatched(x, n, t, m, () -> {}, batch);
    FidelityKernel.Result pairs =
        new ShotKernel(map, 500, 7, 2, sampler()).compute(x, n, t, m, () -> {});
    assertThat(batches).containsExactly((int) ShotKernel.circuits(n, m));
    assertThat(one.gram()).containsExactly(pairs.gram());
    assertThat(one.cross()).containsExactly(pairs.cross());
  }
}
