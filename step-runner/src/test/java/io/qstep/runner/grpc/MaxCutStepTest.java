package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static io.qstep.runner.grpc.InProcessRunner.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.internal.ProtoConverter;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qaoa.Graphs;
import io.qstep.runner.qaoa.MaxCutGraph;
import io.qstep.task.CircuitSpec;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Task {@code maxcut} end to end through the in-process gRPC server. */
class MaxCutStepTest {
  static final String BELL =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n";

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

  static StatusRuntimeException fail(StepRequest r) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(proto(r)));
  }

  static StepRequest.Builder maxcut(MaxCutSpec spec, double[] w, int n) {
    return StepRequest.builder(spec).input("weights", Tensor.ofDoubles(w, n, n));
  }

  static void assertStillServing() {
    StepResult r = run(StepRequest.builder(new CircuitSpec(BELL, List.of("ZZ"))).build());
    assertThat(r.output("expectations").toDoubleArray()[0]).isCloseTo(1.0, within(1e-10));
  }

  static void assertInvalid(StepRequest r, String field) {
    StatusRuntimeException e = fail(r);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo(field);
    assertThat(e.getStatus().getDescription()).contains(field);
    assertStillServing();
  }

  @Test
  void petersen_qaoaBestSample_cpSat_andEnumeration_allCutTwelve() {
    StepResult r = run(maxcut(MaxCutSpec.of(2), Graphs.petersen(), 10).seed(7).build());
    assertThat(r.task()).isEqualTo("maxcut");
    assertThat(r.metrics())
        .containsEntry("cut_value", 12.0)
        .containsEntry("baseline_value", 12.0)
        .containsEntry("baseline_exact_value", 12.0)
        .containsEntry("baseline_cpsat_value", 12.0)
        .containsEntry("baseline_optimal", 1.0)
        .containsEntry("approximation_ratio", 1.0);
    long[] sol = r.output("solution").toLongArray();
    assertThat(r.output("solution").shape()).containsExactly(10);
    long bits = 0;
    for (int q = 0; q < 10; q++) {
      assertThat(sol[q]).isBetween(0L, 1L);
      bits |= sol[q] << q;
    }
    assertThat(new MaxCutGraph(10, Graphs.petersen()).cut(bits)).isEqualTo(12.0);
    long[] shape = r.output("samples").shape();
    assertThat(shape[1]).isEqualTo(10);
    assertThat(r.output("frequencies").shape()).containsExactly(shape[0]);
    double[] cuts = r.output("cut_values").toDoubleArray();
    for (int i = 1; i < cuts.length; i++) {
      assertThat(cuts[i]).isLessThanOrEqualTo(cuts[i - 1]);
    }
    assertThat(r.output("parameters").shape()).containsExactly(4);
    assertThat(r.output("trace").shape()[0]).isEqualTo(r.metrics().get("evaluations").longValue());
    // p = 2 on a 3-regular graph beats the p = 2 worst-case bound 0.7559 in expectation
    assertThat(r.metrics().get("expected_approximation_ratio")).isGreaterThan(0.7559);
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("verdict: quantum matched"));
    assertThat(r.circuitVersion()).matches("[0-9a-f]{64}");
    assertThat(r.timingsMs()).containsKeys("decode", "encode", "execute", "validate");
  }

  @Test
  void sameSeed_sameAnswer_bitForBit() {
    double[] w = Graphs.random(12, 0.4, 0.5, 2.0, 3);
    StepRequest req = maxcut(MaxCutSpec.of(2), w, 12).seed(99).build();
    StepResult a = run(req);
    StepResult b = run(req);
    for (String name : List.of("solution", "samples")) {
      assertThat(a.output(name).toLongArray()).as(name).isEqualTo(b.output(name).toLongArray());
    }
    for (String name : List.of("frequencies", "parameters", "trace", "cut_values")) {
      assertThat(a.output(name).toDoubleArray()).as(name).isEqualTo(b.output(name).toDoubleArray());
    }
    assertThat(a.metrics().get("expected_cut")).isEqualTo(b.metrics().get("expected_cut"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bobyqa", "powell", "nelder-mead", "cma-es", "spsa"})
  void everyOptimizer_reachesAGoodCut(String optimizer) {
    StepResult r =
        run(
            maxcut(new MaxCutSpec(1, optimizer, 150, 5), Graphs.random3Regular(10, 4), 10)
                .seed(3)
                .build());
    // p = 1 on 3-regular graphs: at least 0.6924 in expectation
    assertThat(r.metrics().get("expected_approximation_ratio")).isGreaterThan(0.6924);
    assertThat(r.metrics().get("approximation_ratio")).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void shotMode_withSpsa_runsOnSampledObjective_andRamp() {
    StepResult r =
        run(
            maxcut(new MaxCutSpec(2, "spsa", 120, 5).withInit("ramp"), Graphs.petersen(), 10)
                .shots(500)
                .seed(5)
                .build());
    assertThat(r.metrics()).containsEntry("shots", 500.0).containsEntry("samples", 500.0);
    assertThat(r.metrics().get("cut_value")).isGreaterThanOrEqualTo(11.0);
  }

  @Test
  void baselineMode_runsNoQuantum_quantumMode_runsNoBaseline() {
    StepResult b =
        run(maxcut(MaxCutSpec.of(1).withMode("baseline"), Graphs.petersen(), 10).build());
    assertThat(b.metrics()).containsEntry("cut_value", 12.0).doesNotContainKey("expected_cut");
    assertThat(b.outputs()).containsOnlyKeys("solution");
    StepResult q = run(maxcut(MaxCutSpec.of(1).withMode("quantum"), Graphs.petersen(), 10).build());
    assertThat(q.metrics()).containsKey("expected_cut").doesNotContainKey("baseline_value");
  }

  @Test
  void negativeWeights_acceptedWhenAllowed() {
    double[] w = Graphs.petersen();
    w[1] = w[10] = -1;
    StepResult r = run(maxcut(MaxCutSpec.of(1).withNegativeWeights(true), w, 10).seed(1).build());
    assertThat(r.metrics().get("baseline_value"))
        .isEqualTo(r.metrics().get("baseline_exact_value"));
  }

  // ---- bad input

  @Test
  void nonSquare_isInvalidArgument() {
    assertInvalid(
        StepRequest.builder(MaxCutSpec.of(1))
            .input("weights", Tensor.ofDoubles(new double[6], 2, 3))
            .build(),
        "inputs[weights]");
  }

  @Test
  void asymmetric_isInvalidArgument() {
    double[] w = Graphs.petersen();
    w[1] = 2;
    assertInvalid(maxcut(MaxCutSpec.of(1), w, 10).build(), "inputs[weights]");
  }

  @Test
  void negativeWeight_isInvalidArgument() {
    double[] w = Graphs.petersen();
    w[1] = w[10] = -1;
    assertInvalid(maxcut(MaxCutSpec.of(1), w, 10).build(), "inputs[weights]");
  }

  @Test
  void nanWeight_isInvalidArgument() {
    double[] w = Graphs.petersen();
    w[1] = w[10] = Double.NaN;
    StatusRuntimeException e = fail(maxcut(MaxCutSpec.of(1), w, 10).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[weights]");
    assertThat(e.getStatus().getDescription()).contains("NaN");
  }

  @Test
  void nonZeroDiagonal_isInvalidArgument() {
    double[] w = Graphs.petersen();
    w[0] = 1;
    assertInvalid(maxcut(MaxCutSpec.of(1), w, 10).build(), "inputs[weights]");
  }

  @Test
  void noEdges_isInvalidArgument() {
    assertInvalid(maxcut(MaxCutSpec.of(1), new double[16], 4).build(), "inputs[weights]");
  }

  @Test
  void missingWeights_isInvalidArgument() {
    StatusRuntimeException e = fail(StepRequest.builder(MaxCutSpec.of(1)).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(e)).isEqualTo("MISSING_FIELD");
    assertThat(field(e)).isEqualTo("inputs[weights]");
  }

  @Test
  void moreVerticesThanTheQubitLimit_isResourceExhaustedBeforeAllocation() {
    int n = 21;
    StatusRuntimeException e =
        fail(maxcut(MaxCutSpec.of(1), Graphs.random(n, 0.3, 1, 1, 1), n).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("TOO_MANY_QUBITS");
    assertThat(field(e)).isEqualTo("inputs[weights]");
    assertStillServing();
  }

  @ParameterizedTest(name = "p = {0}")
  @ValueSource(ints = {-1, 65, 1000})
  void depthOutOfRange_isInvalidArgument(int p) {
    assertInvalid(
        maxcut(new MaxCutSpec(p, "", 0, 0), Graphs.petersen(), 10).build(), "task.maxcut.p");
  }

  @Test
  void unknownOptimizer_isInvalidArgument() {
    assertInvalid(
        maxcut(new MaxCutSpec(1, "cobyla", 0, 0), Graphs.petersen(), 10).build(),
        "task.maxcut.optimizer");
  }

  @Test
  void unknownMode_isInvalidArgument() {
    assertInvalid(
        maxcut(MaxCutSpec.of(1).withMode("both-ways"), Graphs.petersen(), 10).build(),
        "task.maxcut.mode");
  }

  @Test
  void strangeBackend_optimisesThroughTheSpi_andFindsTheSameMaximumCut() {
    // Every score the optimizer sees and every final sample come from Strange (a second,
    // independent simulator running the gate-level circuit); the fast path gives the reference.
    StepResult ref = run(maxcut(MaxCutSpec.of(1), Graphs.petersen(), 10).seed(4).build());
    StepResult r =
        run(maxcut(MaxCutSpec.of(1), Graphs.petersen(), 10).backend("strange").seed(4).build());
    assertThat(r.backendName()).isEqualTo("strange");
    assertThat(r.metrics().get("cut_value")).isEqualTo(12.0);
    assertThat(r.metrics().get("backend_executions")).isEqualTo(r.metrics().get("evaluations") + 1);
    // Same start, same optimizer; single precision moves the optimum only slightly.
    assertThat(r.metrics().get("expected_cut"))
        .isCloseTo(ref.metrics().get("expected_cut"), within(1e-3));
    assertThat(r.warnings()).anyMatch(w -> w.contains("sampled on backend 'strange'"));
  }

  @Test
  void strangeBackend_withShots_isRepeatable() {
    StepRequest req =
        maxcut(MaxCutSpec.of(1).withMode("quantum"), Graphs.petersen(), 10)
            .backend("strange")
            .shots(500)
            .seed(9)
            .build();
    StepResult a = run(req);
    StepResult b = run(req);
    assertThat(a.output("parameters").toDoubleArray())
        .containsExactly(b.output("parameters").toDoubleArray());
    assertThat(a.output("solution").toLongArray())
        .containsExactly(b.output("solution").toLongArray());
  }
}
