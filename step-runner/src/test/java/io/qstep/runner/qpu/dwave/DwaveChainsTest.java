package io.qstep.runner.qpu.dwave;

import static io.qstep.runner.qpu.dwave.DwaveBackendTest.failure;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.pairs;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.quad;
import static io.qstep.runner.qpu.dwave.DwaveBackendTest.randomSymmetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.QuboSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Problems that need chains, end to end through the local SAPI fake: a Chimera solver (bipartite,
 * so any triangle needs a chain) and the ring. The fake enumerates the embedded problem it
 * receives.
 */
class DwaveChainsTest extends DwaveFakeTestBase {

  static StepRequest quboRequest(double[] q, int n, long seed) {
    return StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0))
        .input("q", Tensor.ofDoubles(q, n, n))
        .backend("dwave")
        .shots(500)
        .seed(seed)
        .build();
  }

  @Test
  void denseQubo_onChimera_isMinorEmbedded_andReturnsTheBruteForceOptimum() {
    int n = 6;
    double[] q = randomSymmetric(n, 21);
    double best = Double.POSITIVE_INFINITY;
    for (int x = 0; x < 1 << n; x++) {
      best = Math.min(best, quad(q, n, x));
    }
    StepResult r = engine(env(FakeSapi.CHIMERA)).run(quboRequest(q, n, 5));
    assertThat(r.metrics().get("objective")).isCloseTo(best, within(EPS));
    assertThat(r.metrics().get("approximation_ratio")).isCloseTo(1.0, within(EPS));
    assertThat(r.metrics().get("dwave_max_chain_length")).isGreaterThan(1.0);
    assertThat(r.metrics().get("dwave_physical_qubits")).isGreaterThan((double) n);
    assertThat(r.metrics().get("dwave_chain_strength")).isGreaterThan(0.0);
    assertThat(r.metrics().get("dwave_chain_break_fraction")).isBetween(0.0, 1.0);
    assertThat(r.qpu())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.provider()).isEqualTo("dwave");
              assertThat(p.details()).containsEntry("embedding", "minor");
              assertThat(p.details().get("max_chain_length"))
                  .isEqualTo(
                      Integer.toString(r.metrics().get("dwave_max_chain_length").intValue()));
              assertThat(p.details()).containsKeys("physical_qubits", "chain_strength");
            });
    assertThat(fake.submissions.get()).isEqualTo(1);
    // same request, same seed: same embedding, same idempotency key, no second problem
    engine(env(FakeSapi.CHIMERA)).run(quboRequest(q, n, 5));
    assertThat(fake.submissions.get()).isEqualTo(1);
  }

  @Test
  void maxcutOfK6_onChimera_findsTheMaximumCut() {
    int n = 6;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i * n + j] = i == j ? 0 : 1 + (i + j) % 3;
      }
    }
    double best = 0;
    for (int x = 0; x < 1 << n; x++) {
      double cut = 0;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if ((x >> i & 1) != (x >> j & 1)) {
            cut += w[i * n + j];
          }
        }
      }
      best = Math.max(best, cut);
    }
    StepResult r =
        engine(env(FakeSapi.CHIMERA))
            .run(
                StepRequest.builder(new MaxCutSpec(1, "", 0, 0))
                    .input("weights", Tensor.ofDoubles(w, n, n))
                    .backend("dwave")
                    .shots(200)
                    .seed(4)
                    .build());
    assertThat(r.metrics().get("cut_value")).isEqualTo(best);
    assertThat(r.metrics().get("baseline_value")).isEqualTo(best);
    assertThat(r.metrics().get("dwave_max_chain_length")).isGreaterThan(1.0);
    assertThat(r.qpu())
        .singleElement()
        .satisfies(p -> assertThat(p.details()).containsEntry("embedding", "minor"));
  }

  @Test
  void triangle_onTheRing_needsAChain_andSamplesTheOptimum() {
    double[] h = {1, -2, 0.5};
    double[] pair = new double[9];
    pair[1] = pair[3] = -1.5;
    pair[2] = pair[6] = 1;
    pair[5] = pair[7] = 2;
    Qubo f = new Qubo(3, h, pair, 0.25);
    StepContext ctx = StepContext.unbounded(1);
    try (DwaveBackend b = backend(FakeSapi.RING)) {
      QuboSampler.SampleSet s = b.sample(f, 100, 1, ctx);
      double best = Double.POSITIVE_INFINITY;
      long arg = -1;
      for (long x = 0; x < 8; x++) {
        if (f.value(x) < best) {
          best = f.value(x);
          arg = x;
        }
      }
      assertThat(s.solutions()[0]).isEqualTo(arg);
      assertThat(s.totalReads()).isEqualTo(100);
      for (int i = 0; i < s.solutions().length; i++) {
        assertThat(s.energies()[i]).isCloseTo(f.value(s.solutions()[i]), within(EPS));
      }
    }
    assertThat(ctx.metrics().get("dwave_max_chain_length")).isGreaterThan(1.0);
    assertThat(ctx.qpu())
        .singleElement()
        .satisfies(p -> assertThat(p.details()).containsEntry("embedding", "minor"));
  }

  @Test
  void directEmbedding_isStillPreferred_withChainMetricsOfOne() {
    StepContext ctx = StepContext.unbounded(1);
    try (DwaveBackend b = backend(FakeSapi.DENSE)) {
      b.sample(new Qubo(2, new double[] {1, -1}, new double[] {0, -1, -1, 0}, 0), 50, 1, ctx);
    }
    assertThat(ctx.metrics().get("dwave_max_chain_length")).isEqualTo(1.0);
    assertThat(ctx.metrics().get("dwave_physical_qubits")).isEqualTo(2.0);
    assertThat(ctx.metrics().get("dwave_chain_break_fraction")).isEqualTo(0.0);
    assertThat(ctx.qpu())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.details()).containsEntry("embedding", "direct");
              assertThat(p.details()).doesNotContainKey("chain_strength");
            });
  }

  @Test
  void chainStrengthParameter_overridesTheDefault_andABadOneIsInvalidArgument() {
    int n = 4;
    double[] q = randomSymmetric(n, 8);
    StepResult r =
        engine(env(FakeSapi.CHIMERA))
            .run(
                StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0))
                    .input("q", Tensor.ofDoubles(q, n, n))
                    .backend("dwave")
                    .shots(100)
                    .seed(1)
                    .parameter("chain_strength", "7.5")
                    .build());
    assertThat(r.metrics().get("dwave_chain_strength")).isEqualTo(7.5);
    for (String bad : List.of("-1", "0", "NaN", "strong")) {
      QStepException e =
          failure(
              () ->
                  engine(env(FakeSapi.CHIMERA))
                      .run(
                          StepRequest.builder(new QuboSpec(1, "qubo", "", 0, 0, 0))
                              .input("q", Tensor.ofDoubles(q, n, n))
                              .backend("dwave")
                              .shots(100)
                              .seed(1)
                              .parameter("chain_strength", bad)
                              .build()));
      assertThat(e.reason()).as(bad).isEqualTo(ErrorReason.INVALID_VALUE);
      assertThat(e.field()).isEqualTo("chain_strength");
    }
  }

  @Test
  void chainStrengthEnv_setsTheRunnerDefault_andABadOneMakesTheBackendUnavailable() {
    Map<String, String> env = env(FakeSapi.CHIMERA);
    env.put(DwaveBackendProvider.CHAIN_STRENGTH_ENV, "3");
    int n = 4;
    double[] q = randomSymmetric(n, 8);
    StepResult r = engine(env).run(quboRequest(q, n, 2));
    assertThat(r.metrics().get("dwave_chain_strength")).isEqualTo(3.0);
    env.put(DwaveBackendProvider.CHAIN_STRENGTH_ENV, "-2");
    DwaveBackendProvider p = new DwaveBackendProvider(env);
    assertThat(p.isAvailable()).isFalse();
    assertThat(p.unavailableReason()).contains(DwaveBackendProvider.CHAIN_STRENGTH_ENV);
  }

  @Test
  void tooManyVariables_isRefusedBeforeAnyEmbeddingWork() {
    int n = 40; // more variables than the 31 working qubits
    double[] q = randomSymmetric(n, 1);
    double[] h = new double[n];
    try (DwaveBackend b = backend(FakeSapi.CHIMERA)) {
      Qubo f = new Qubo(n, h, pairs(q, n), 0);
      QStepException e = failure(() -> b.sample(f, 10, 1, StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("inputs");
      assertThat(e.getMessage()).contains("40 variables").contains("31 working qubits");
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void denseProblemBeyondTheChip_isCapabilityMismatchNamingInputs() {
    int n = 12; // K12 is not a minor of C(2) (its largest clique minor is K9)
    double[] q = randomSymmetric(n, 3);
    try (DwaveBackend b = backend(FakeSapi.CHIMERA)) {
      Qubo f = new Qubo(n, new double[n], pairs(q, n), 0);
      QStepException e = failure(() -> b.sample(f, 10, 1, StepContext.unbounded(1)));
      assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
      assertThat(e.field()).isEqualTo("inputs");
      assertThat(e.getMessage()).contains("12 variables, 66 edges").contains("minor embedding");
    }
    assertThat(fake.submissions.get()).isZero();
  }

  @Test
  void fake_refusesAProblemPlacedOnADeadQubit() {
    // a stale view of the solver that still lists dead qubit 5 (and its couplers) as working
    Chimera full = Chimera.of(2);
    Solver stale = full.solver(FakeSapi.CHIMERA);
    ChainEmbedding onDead = ChainEmbedding.direct(new int[] {5, 1});
    Qubo f = new Qubo(2, new double[] {1, -1}, new double[] {0, 0, 0, 0}, 0);
    try (DwaveClient c =
        new DwaveClient(
            java.net.URI.create(fake.uri() + "/sapi/v2"),
            FakeSapi.TOKEN,
            java.time.Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> c.job(stale, f, onDead, 0, 10, 1).submit("label-1"))
          .isInstanceOf(io.qstep.runner.qpu.ProviderException.class)
          .hasMessageContaining("lin has the wrong length");
    }
    assertThat(fake.submissions.get()).isZero();
  }
}
