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
import io.qstep.proto.v1.RunRequest;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.encode.Entanglement;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.encode.FeatureMaps;
import io.qstep.runner.kernel.FidelityKernel;
import io.qstep.task.KernelSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task {@code kernel} end to end through the in-process gRPC server, and its bad inputs. */
class KernelStepTest {
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

  static double[] data(long seed, int rows, int d) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  static StepRequest.Builder request(KernelSpec spec, double[] x, int n, int d) {
    return StepRequest.builder(spec).input("x_train", Tensor.ofDoubles(x, n, d)).seed(1);
  }

  static StatusRuntimeException fail(RunRequest r) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(r));
  }

  static StatusRuntimeException fail(StepRequest r) {
    return fail(proto(r));
  }

  @Test
  void exact_gramAndCross_matchTheKernelComputedDirectly() {
    int n = 10;
    int m = 4;
    double[] x = data(1, n, 4);
    double[] t = data(2, m, 4);
    long[] y = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
    StepResult r =
        run(
            request(new KernelSpec(2, "zz", 0.5, "linear"), x, n, 4)
                .input("x_test", Tensor.ofDoubles(t, m, 4))
                .input("y_train", Tensor.ofLongs(y, n))
                .build());
    FeatureMap map = FeatureMaps.create("zz", 4, 2, Entanglement.LINEAR, 0.5);
    FidelityKernel.Result k = new FidelityKernel(map, 1).compute(x, n, t, m, () -> {});
    assertThat(r.output("gram").shape()).containsExactly(n, n);
    assertThat(r.output("cross").shape()).containsExactly(m, n);
    assertThat(r.output("gram").toDoubleArray()).containsExactly(k.gram());
    assertThat(r.output("cross").toDoubleArray()).containsExactly(k.cross());
    assertThat(r.circuitVersion()).isEqualTo(map.template().version());
    assertThat(r.task()).isEqualTo("kernel");
    assertThat(r.metrics().get("num_qubits")).isEqualTo(4.0);
    assertThat(r.metrics().get("cx_count")).isEqualTo(12.0); // 3 pairs x 2 CX x 2 reps
    assertThat(r.metrics().get("depth")).isPositive();
    assertThat(r.metrics().get("gram_min_eigenvalue")).isGreaterThan(-1e-10);
    assertThat(r.metrics().get("baseline_alignment")).isBetween(0.0, 1.0);
    assertThat(r.metrics()).containsKeys("target_alignment", "baseline_target_alignment");
    assertThat(r.metrics()).containsKeys("kernel_mean_offdiag", "encode_ms_per_sample");
    assertThat(r.timingsMs().get("encode")).isPositive();
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("validate: kernel-target alignment"));
  }

  @Test
  void pcaBeforeEncoding_equalsTheKernelOfTheProjectedFeatures_withOneProjection() {
    // 12 features become 4 qubits: the kernel of the PCA-projected rows, fitted on x_train only.
    int n = 12;
    int m = 5;
    int d = 12;
    double[] x = data(21, n, d);
    double[] t = data(22, m, d);
    StepResult r =
        run(
            request(new KernelSpec(1, "zz", 0.5, "linear"), x, n, d)
                .input("x_test", Tensor.ofDoubles(t, m, d))
                .parameter("pca_components", "4")
                .build());
    io.qstep.runner.compress.Pca.Model pca =
        io.qstep.runner.compress.Pca.fit(x, n, d, 4, 0, false, 0, "x");
    double[] px = pca.project(x, n, "x");
    double[] pt = pca.project(t, m, "x");
    FeatureMap map = FeatureMaps.create("zz", 4, 1, Entanglement.LINEAR, 0.5);
    FidelityKernel.Result k = new FidelityKernel(map, 1).compute(px, n, pt, m, () -> {});
    assertThat(r.metrics().get("num_qubits")).isEqualTo(4.0);
    assertThat(r.metrics().get("pca_components")).isEqualTo(4.0);
    assertThat(r.metrics().get("explained_variance_kept")).isBetween(0.0, 1.0);
    assertThat(r.output("gram").toDoubleArray()).containsExactly(k.gram());
    assertThat(r.output("cross").toDoubleArray()).containsExactly(k.cross());
    assertThat(r.output("pca_components").shape()).containsExactly(4, d);
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("compress: PCA " + pca.version()));
  }

  @Test
  void pcaComponents_outOfRangeOrNotANumber_isInvalidArgumentNamingIt() {
    double[] x = data(23, 6, 5);
    for (String bad : new String[] {"7", "-1", "four"}) {
      StatusRuntimeException e =
          fail(request(KernelSpec.defaults(), x, 6, 5).parameter("pca_components", bad).build());
      assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
      assertThat(InProcessRunner.field(e)).isEqualTo("param.pca_components");
    }
  }

  @Test
  void defaults_areTheZzMapWithTwoRepsAndNoCrossWithoutTest() {
    double[] x = data(3, 5, 3);
    StepResult r = run(request(KernelSpec.defaults(), x, 5, 3).build());
    assertThat(r.outputs()).containsOnlyKeys("gram");
    assertThat(r.metrics().get("reps")).isEqualTo(2.0);
    FeatureMap map = FeatureMaps.create("zz", 3, 2, Entanglement.FULL, 1.0);
    assertThat(r.circuitVersion()).isEqualTo(map.template().version());
  }

  @Test
  void shots_estimateTheExactKernelWithinBinomialTolerance_andRepeatWithTheSeed() {
    int n = 6;
    double[] x = data(4, n, 3);
    double[] t = data(5, 2, 3);
    KernelSpec spec = new KernelSpec(1, "iqp", 1.0, "");
    StepRequest exactReq =
        request(spec, x, n, 3).input("x_test", Tensor.ofDoubles(t, 2, 3)).build();
    double[] exact = run(exactReq).output("gram").toDoubleArray();
    double[] exactCross = run(exactReq).output("cross").toDoubleArray();
    long shots = 4000;
    StepRequest req =
        request(spec, x, n, 3)
            .input("x_test", Tensor.ofDoubles(t, 2, 3))
            .shots(shots)
            .seed(17)
            .build();
    StepResult r = run(req);
    double[] est = r.output("gram").toDoubleArray();
    double[] cross = r.output("cross").toDoubleArray();
    for (int i = 0; i < est.length; i++) {
      double p = exact[i];
      assertThat(est[i])
          .isCloseTo(p, within(5 * Math.sqrt(Math.max(0, p * (1 - p)) / shots) + 1.0 / shots));
    }
    for (int i = 0; i < cross.length; i++) {
      double p = exactCross[i];
      assertThat(cross[i])
          .isCloseTo(p, within(5 * Math.sqrt(Math.max(0, p * (1 - p)) / shots) + 1.0 / shots));
    }
    assertThat(r.metrics().get("circuits")).isEqualTo(15.0 + 12.0);
    assertThat(run(req).output("gram").toDoubleArray()).containsExactly(est);
  }

  @Test
  void shots_onTheStrangeBackend_work_butExactThereIsAFailedPrecondition() {
    double[] x = data(6, 3, 2);
    StepResult r =
        run(request(new KernelSpec(1, "angle_ry"), x, 3, 2).backend("strange").shots(2000).build());
    assertThat(r.backendName()).isEqualTo("strange");
    assertThat(r.output("gram").shape()).containsExactly(3, 3);
    StatusRuntimeException e =
        fail(request(new KernelSpec(1, "angle_ry"), x, 3, 2).backend("strange").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(field(e)).isEqualTo("backend.name");
  }

  static void assertStatus(
      StatusRuntimeException e, Status.Code code, String field, String reason, String text) {
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(field(e)).isEqualTo(field);
    assertThat(reason(e)).isEqualTo(reason);
    assertThat(e.getStatus().getDescription()).contains(text);
  }

  @Test
  void run_withNaNOrInfFeature_isInvalidArgument() {
    double[] x = data(7, 4, 2);
    x[5] = Double.NaN;
    assertStatus(
        fail(request(KernelSpec.defaults(), x, 4, 2).build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_train]",
        "INVALID_TENSOR",
        "element 5 is NaN");
    double[] t = {0.1, Double.POSITIVE_INFINITY};
    assertStatus(
        fail(
            request(KernelSpec.defaults(), data(7, 4, 2), 4, 2)
                .input("x_test", Tensor.ofDoubles(t, 1, 2))
                .build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_test]",
        "INVALID_TENSOR",
        "Infinity");
  }

  @Test
  void run_withTestFeatureCountDifferentFromTrain_isInvalidArgument() {
    assertStatus(
        fail(
            request(KernelSpec.defaults(), data(8, 4, 3), 4, 3)
                .input("x_test", Tensor.ofDoubles(data(9, 2, 4), 2, 4))
                .build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_test]",
        "INVALID_TENSOR",
        "4 features per row, but x_train has 3");
  }

  @Test
  void run_withMoreFeaturesThanTheQubitLimit_isInvalidArgumentSayingToCompress() {
    assertStatus(
        fail(request(KernelSpec.defaults(), data(10, 2, 64), 2, 64).build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_train]",
        "INVALID_TENSOR",
        "compress the features first");
  }

  @Test
  void run_withGramOverTheOutputLimit_isResourceExhaustedBeforeAllocation() {
    // 30,000 rows: a 7.2 GB Gram matrix, which this JVM could not allocate; refused first.
    int n = 30_000;
    assertStatus(
        fail(request(KernelSpec.defaults(), new double[n * 2], n, 2).build()),
        Status.Code.RESOURCE_EXHAUSTED,
        "inputs[x_train]",
        "TOO_LARGE",
        "over the output limit");
  }

  @Test
  void run_withTooManyStates_isResourceExhausted() {
    try (InProcessRunner small = new InProcessRunner(RunnerConfig.defaults().withMaxQubits(12))) {
      // 300 states of 12 qubits = 19.2 MiB > one 12-qubit state (64 KiB)
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  small.stub.run(
                      proto(request(KernelSpec.defaults(), data(1, 300, 12), 300, 12).build())));
      assertStatus(
          e, Status.Code.RESOURCE_EXHAUSTED, "inputs[x_train]", "TOO_LARGE", "state memory limit");
    }
  }

  @Test
  void run_withRepsBelowOneOrTooMany_isInvalidArgument() {
    RunRequest.Builder b =
        proto(request(KernelSpec.defaults(), data(11, 3, 2), 3, 2).build()).toBuilder();
    b.getTaskBuilder().getKernelBuilder().setReps(-1);
    assertStatus(
        fail(b.build()), Status.Code.INVALID_ARGUMENT, "task.kernel.reps", "INVALID_VALUE", ">= 1");
    assertStatus(
        fail(request(new KernelSpec(65, "zz"), data(11, 3, 2), 3, 2).build()),
        Status.Code.INVALID_ARGUMENT,
        "task.kernel.reps",
        "INVALID_VALUE",
        "1..64");
  }

  @Test
  void run_withUnknownFeatureMapOrEntanglement_isInvalidArgumentListingTheKnownOnes() {
    assertStatus(
        fail(request(new KernelSpec(1, "pauli"), data(12, 3, 2), 3, 2).build()),
        Status.Code.INVALID_ARGUMENT,
        "task.kernel.feature_map",
        "INVALID_VALUE",
        "zz, iqp, angle_ry, angle_rx");
    assertStatus(
        fail(request(new KernelSpec(1, "zz", 1, "star"), data(12, 3, 2), 3, 2).build()),
        Status.Code.INVALID_ARGUMENT,
        "task.kernel.entanglement",
        "INVALID_VALUE",
        "full, linear, circular");
  }

  @Test
  void run_withMissingOrMisshapenInputs_namesThem() {
    assertStatus(
        fail(StepRequest.builder(KernelSpec.defaults()).build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_train]",
        "MISSING_FIELD",
        "required");
    assertStatus(
        fail(
            StepRequest.builder(KernelSpec.defaults())
                .input("x_train", Tensor.ofDoubles(new double[4], 4))
                .build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[x_train]",
        "INVALID_TENSOR",
        "[N, d]");
    assertStatus(
        fail(
            request(KernelSpec.defaults(), data(1, 3, 2), 3, 2)
                .input("y_train", Tensor.ofLongs(new long[] {0, 1}, 2))
                .build()),
        Status.Code.INVALID_ARGUMENT,
        "inputs[y_train]",
        "INVALID_TENSOR",
        "one label per x_train row");
  }

  /** ⟨x_i, y_j⟩² / (|x_i|² |y_j|²) of rows of length d. */
  static double cosine2(double[] x, int i, double[] y, int j, int d) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int k = 0; k < d; k++) {
      xy += x[i * d + k] * y[j * d + k];
      xx += x[i * d + k] * x[i * d + k];
      yy += y[j * d + k] * y[j * d + k];
    }
    return xy * xy / (xx * yy);
  }

  @Test
  void amplitude_gramAndCross_areTheSquaredCosineSimilarities_onLog2Qubits() {
    int n = 9;
    int m = 3;
    int d = 64; // digit pixels: 6 qubits
    double[] x = data(31, n, d);
    double[] t = data(32, m, d);
    StepResult r =
        run(
            request(new KernelSpec(0, "amplitude", 0, ""), x, n, d)
                .input("x_test", Tensor.ofDoubles(t, m, d))
                .build());
    double[] g = r.output("gram").toDoubleArray();
    double[] c = r.output("cross").toDoubleArray();
    for (int i = 0; i < n; i++) {
      assertThat(g[i * n + i]).isCloseTo(1.0, within(1e-10));
      for (int j = 0; j < n; j++) {
        assertThat(g[i * n + j]).isCloseTo(cosine2(x, i, x, j, d), within(1e-10));
        assertThat(g[i * n + j]).isEqualTo(g[j * n + i]);
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        assertThat(c[i * n + j]).isCloseTo(cosine2(t, i, x, j, d), within(1e-10));
      }
    }
    FeatureMap map = FeatureMaps.create("amplitude", d, 1, Entanglement.FULL, 1);
    assertThat(r.circuitVersion()).isEqualTo(map.template().version());
    assertThat(r.metrics().get("num_qubits")).isEqualTo(6.0);
    assertThat(r.metrics().get("cx_count")).isEqualTo(62.0); // 2^6 − 2
    assertThat(r.metrics().get("gram_min_eigenvalue")).isGreaterThan(-1e-10);
    assertThat(r.metrics().get("encoding_fidelity_mean")).isEqualTo(1.0);
    assertThat(r.metrics().get("encoding_fidelity_min")).isEqualTo(1.0);
  }

  @Test
  void mps_withAFidelityTarget_reportsTheFidelities_andApproachesTheAmplitudeKernel() {
    int n = 6;
    int m = 2;
    int d = 16;
    double[] x = data(33, n, d);
    double[] t = data(34, m, d);
    KernelSpec spec = new KernelSpec(0, "mps", 0, "");
    StepResult one = run(request(spec, x, n, d).input("x_test", Tensor.ofDoubles(t, m, d)).build());
    StepResult close =
        run(
            request(spec, x, n, d)
                .input("x_test", Tensor.ofDoubles(t, m, d))
                .parameter("mps_fidelity", "0.9999")
                .build());
    StepResult amp =
        run(
            request(new KernelSpec(0, "amplitude", 0, ""), x, n, d)
                .input("x_test", Tensor.ofDoubles(t, m, d))
                .build());
    assertThat(close.metrics().get("num_qubits")).isEqualTo(4.0);
    assertThat(close.metrics().get("encoding_fidelity_min")).isGreaterThanOrEqualTo(0.9999);
    assertThat(close.metrics().get("encoding_fidelity_mean"))
        .isGreaterThanOrEqualTo(close.metrics().get("encoding_fidelity_min"))
        .isLessThanOrEqualTo(1.0);
    // one bond-2 layer (the default) does not reach random 4-qubit states exactly
    assertThat(one.metrics().get("encoding_fidelity_min")).isLessThan(0.9999);
    double errOne = maxDiff(one, amp);
    double errClose = maxDiff(close, amp);
    // each |K − K_amp| ≤ 2(√(1 − F_i) + √(1 − F_j)) ≤ 4√(1 − 0.9999) = 0.04
    assertThat(errClose).isLessThan(0.04).isLessThan(errOne);
    // same request, same answer
    assertThat(
            run(request(spec, x, n, d)
                    .input("x_test", Tensor.ofDoubles(t, m, d))
                    .parameter("mps_fidelity", "0.9999")
                    .build())
                .output("gram")
                .toDoubleArray())
        .containsExactly(close.output("gram").toDoubleArray());
  }

  static double maxDiff(StepResult a, StepResult b) {
    double err = 0;
    for (String out : new String[] {"gram", "cross"}) {
      double[] u = a.output(out).toDoubleArray();
      double[] v = b.output(out).toDoubleArray();
      for (int i = 0; i < u.length; i++) {
        err = Math.max(err, Math.abs(u[i] - v[i]));
      }
    }
    return err;
  }

  @Test
  void amplitudeOrMps_withAZeroRow_isInvalidArgumentNamingTheInputAndRow() {
    for (String name : new String[] {"amplitude", "mps"}) {
      double[] x = data(35, 4, 5);
      java.util.Arrays.fill(x, 10, 15, 0.0);
      assertStatus(
          fail(request(new KernelSpec(0, name, 0, ""), x, 4, 5).build()),
          Status.Code.INVALID_ARGUMENT,
          "inputs[x_train]",
          "INVALID_TENSOR",
          "row 2 is all zeros");
      double[] t = data(36, 2, 5);
      java.util.Arrays.fill(t, 5, 10, 0.0);
      assertStatus(
          fail(
              request(new KernelSpec(0, name, 0, ""), data(35, 4, 5), 4, 5)
                  .input("x_test", Tensor.ofDoubles(t, 2, 5))
                  .build()),
          Status.Code.INVALID_ARGUMENT,
          "inputs[x_test]",
          "INVALID_TENSOR",
          "row 1 is all zeros");
    }
  }

  @Test
  void mps_withBadParameters_isInvalidArgumentNamingThem() {
    double[] x = data(37, 4, 8);
    String[][] bad = {
      {"mps_layers", "0"}, {"mps_layers", "65"}, {"mps_layers", "two"},
      {"mps_fidelity", "1.5"}, {"mps_fidelity", "-0.1"}, {"mps_fidelity", "high"},
      {"mps_sweeps", "-1"}
    };
    for (String[] p : bad) {
      StatusRuntimeException e =
          fail(request(new KernelSpec(0, "mps", 0, ""), x, 4, 8).parameter(p[0], p[1]).build());
      assertThat(e.getStatus().getCode())
          .as("%s=%s", p[0], p[1])
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(field(e)).isEqualTo("param." + p[0]);
    }
  }

  @Test
  void amplitudeAndMps_withShots_estimateTheirExactKernelsThroughComputeUncompute() {
    int n = 4;
    int d = 6;
    double[] x = data(38, n, d);
    long shots = 4000;
    for (String name : new String[] {"amplitude", "mps"}) {
      KernelSpec spec = new KernelSpec(0, name, 0, "");
      double[] exact = run(request(spec, x, n, d).build()).output("gram").toDoubleArray();
      double[] est =
          run(request(spec, x, n, d).shots(shots).seed(5).build()).output("gram").toDoubleArray();
      for (int i = 0; i < est.length; i++) {
        double p = exact[i];
        assertThat(est[i])
            .as("%s K[%d]", name, i)
            .isCloseTo(p, within(5 * Math.sqrt(Math.max(0, p * (1 - p)) / shots) + 1.0 / shots));
      }
    }
  }
}
