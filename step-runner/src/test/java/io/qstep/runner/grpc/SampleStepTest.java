package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.internal.ProtoConverter;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.SampleSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task {@code sample} end to end through the in-process gRPC server. */
class SampleStepTest {
  static InProcessRunner runner;

  @BeforeAll
  static void start() {
    runner = new InProcessRunner(RunnerConfig.defaults().withMaxQubits(20));
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  static StepResult run(StepRequest r) {
    return ProtoConverter.fromProto(runner.stub.run(proto(r)));
  }

  /**
   * A discretised loss distribution of a risk model: lognormal(μ = 0, σ = 0.6) losses on 2^n equal
   * bins over [0, 6), the tail beyond folded into the last bin.
   */
  static double[] lossDistribution(int n) {
    int bins = 1 << n;
    double[] p = new double[bins];
    double width = 6.0 / bins;
    for (int i = 0; i < bins; i++) {
      p[i] = lognormalCdf((i + 1) * width) - lognormalCdf(i * width);
    }
    p[bins - 1] += 1 - lognormalCdf(6.0);
    return p;
  }

  static double lognormalCdf(double x) {
    if (x <= 0) {
      return 0;
    }
    return 0.5 * org.apache.commons.math3.special.Erf.erfc(-Math.log(x) / (0.6 * Math.sqrt(2)));
  }

  static StepRequest request(double[] p, SampleSpec spec, long shots, long seed) {
    return StepRequest.builder(spec)
        .input("probabilities", Tensor.ofDoubles(p, p.length))
        .shots(shots)
        .seed(seed)
        .build();
  }

  static void assertInvalid(StepRequest r, String field) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(proto(r)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo(field);
    assertThat(e.getStatus().getDescription()).contains(field);
  }

  @Test
  void lossDistribution_bondTwo_circuitPreparesTheCompressedStateExactly() {
    double[] p = lossDistribution(8);
    StepResult r = run(request(p, new SampleSpec(2), 20_000, 7));
    var m = r.metrics();
    assertThat(m.get("fidelity_compressed")).isCloseTo(1.0, within(1e-10));
    double err = m.get("relative_error");
    assertThat(m.get("fidelity")).isCloseTo(1 - err * err, within(1e-10));
    assertThat(m.get("tvd_circuit")).isCloseTo(m.get("tvd_compressed"), within(1e-9));
    assertThat(m.get("cx_count")).isEqualTo(1 + 2 * 6.0);
    assertThat(m.get("max_rank")).isLessThanOrEqualTo(2.0);
    long[] samples = r.output("samples").toLongArray();
    assertThat(samples).hasSize(20_000);
    assertThat(java.util.Arrays.stream(samples).allMatch(s -> s >= 0 && s < 256)).isTrue();
    long[] counts = r.output("counts").toLongArray();
    assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(20_000);
    // samples sit within shot noise of the prepared distribution
    assertThat(m.get("tvd")).isLessThan(m.get("tvd_circuit") + 1.5 * m.get("tvd_shot_noise"));
    assertThat(r.circuitVersion()).hasSize(64);
    // seeded: same request, same samples
    assertThat(run(request(p, new SampleSpec(2), 20_000, 7)).output("samples").toLongArray())
        .containsExactly(samples);
  }

  @Test
  void higherBond_isCloserToTheTarget() {
    double[] p = lossDistribution(8);
    StepResult two = run(request(p, new SampleSpec(2), 0, 1));
    StepResult four = run(request(p, new SampleSpec(4, "mps", 3, 20, 0), 0, 1));
    assertThat(four.metrics().get("relative_error"))
        .isLessThanOrEqualTo(two.metrics().get("relative_error"));
    assertThat(four.metrics().get("fidelity")).isGreaterThan(two.metrics().get("fidelity"));
    assertThat(four.metrics().get("fidelity")).isGreaterThan(0.999);
    assertThat(four.output("prepared").shape()).containsExactly(256);
    assertThat(four.outputs()).doesNotContainKey("samples");
  }

  @Test
  void exactAmplitudeEncoding_tvdShrinksWithShotsLikeOneOverRootN() {
    double[] p = lossDistribution(6);
    double[] tvd = new double[4];
    long[] shots = {1_000, 4_000, 16_000, 64_000};
    for (int i = 0; i < shots.length; i++) {
      StepResult r = run(request(p, new SampleSpec(0, "amplitude", 0, 0, 0), shots[i], 11));
      var m = r.metrics();
      assertThat(m.get("cx_count")).isEqualTo(62.0);
      assertThat(m.get("tvd_circuit")).isLessThan(1e-12);
      tvd[i] = m.get("tvd");
      double expected = m.get("tvd_shot_noise");
      // McDiarmid: one sample moves the TVD by at most 1/N, so P(|TVD − E| > t) <= 2 exp(−2 t² N);
      // t = 3/√N makes a chance failure < 1e-7. The normal approximation E overstates for rare
      // bins.
      double slack = 3 / Math.sqrt(shots[i]);
      assertThat(tvd[i]).isLessThan(expected + slack);
      assertThat(m.get("tvd_classical")).isLessThan(expected + slack);
    }
    // 64x the shots: 8x smaller in expectation; demand at least 4x
    assertThat(tvd[3]).isLessThan(tvd[0] / 4);
  }

  @Test
  void fidelityTarget_withAutoOrderAndPruning_meetsTheTargetWithFewerCx() {
    double[] p = lossDistribution(8);
    StepResult plain = run(request(p, new SampleSpec(8, "mps", 6, 10, 0.999), 0, 1));
    StepResult lean = run(request(p, new SampleSpec(8, "mps", 6, 10, 0.999, "auto", true), 0, 1));
    assertThat(lean.metrics().get("fidelity_compressed")).isGreaterThanOrEqualTo(0.999);
    assertThat(lean.metrics().get("cx_count")).isLessThanOrEqualTo(plain.metrics().get("cx_count"));
    assertInvalid(
        request(p, new SampleSpec(2, "mps", 1, 0, 0, "random", false), 0, 1), "param.order");
    assertInvalid(request(p, new SampleSpec(2, "mps", 1, 0, 0, "", true), 0, 1), "param.prune");
  }

  @Test
  void badInputs_areInvalidArgumentNamingTheField() {
    double[] p = lossDistribution(4);
    double[] neg = p.clone();
    neg[2] = -0.1;
    assertInvalid(request(neg, new SampleSpec(2), 10, 1), "inputs[probabilities]");
    assertInvalid(request(new double[8], new SampleSpec(2), 10, 1), "inputs[probabilities]");
    assertInvalid(
        request(new double[] {0.2, 0.3, 0.5}, new SampleSpec(2), 10, 1), "inputs[probabilities]");
    double[] nan = p.clone();
    nan[0] = Double.NaN;
    assertInvalid(request(nan, new SampleSpec(2), 10, 1), "inputs[probabilities]");
    double[] inf = p.clone();
    inf[0] = Double.POSITIVE_INFINITY;
    assertInvalid(request(inf, new SampleSpec(2), 10, 1), "inputs[probabilities]");
    assertInvalid(request(p, new SampleSpec(-1), 10, 1), "param.max_bond");
    assertInvalid(request(p, new SampleSpec(2, "mps", 0, 0, 1.5), 10, 1), "param.fidelity");
    assertInvalid(request(p, new SampleSpec(2, "qrom", 0, 0, 0), 10, 1), "param.encoding");
    assertInvalid(request(p, new SampleSpec(2, "", 65, 0, 0), 10, 1), "param.layers");
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> runner.stub.run(proto(StepRequest.builder(new SampleSpec(2)).build())));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[probabilities]");
  }

  @Test
  void tooManyQubits_isResourceExhausted() {
    double[] p = new double[1 << 21];
    p[0] = 1;
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> runner.stub.run(proto(request(p, new SampleSpec(2), 10, 1))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }
}
