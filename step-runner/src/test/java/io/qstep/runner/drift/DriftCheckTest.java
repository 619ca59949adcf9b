package io.qstep.runner.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift through the engine: references from parameters and input tensors, verdicts, tracking. */
class DriftCheckTest {
  @TempDir Path dir;
  private BackendRegistry registry;
  private StepEngine engine;

  private static final String GHZ =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\n"
          + "h q[0];\ncx q[0], q[1];\ncx q[1], q[2];\nc = measure q;\n";

  @BeforeEach
  void open() {
    registry = BackendRegistry.loadDefault(26);
    engine = new StepEngine(RunnerConfig.defaults(), registry);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private static StepRequest.Builder ghz(String backend) {
    return StepRequest.builder(new CircuitSpec(GHZ, List.of()))
        .backend(backend)
        .shots(4000)
        .seed(11);
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final Tensor IDEAL_GHZ =
      Tensor.ofDoubles(new double[] {0.5, 0, 0, 0, 0, 0, 0, 0.5}, 8);

  @Test
  void noReference_noDriftMetrics() {
    StepResult r = engine.run(ghz("noisy-dm").build());
    assertThat(r.metrics().keySet()).noneMatch(k -> k.startsWith("drift_"));
  }

  @Test
  void sameCalibration_isOk() throws Exception {
    Path ref = file("ref.json", Calibrations.sample().toJson());
    StepResult r =
        engine.run(
            ghz("noisy-dm").parameter("drift_reference_calibration", ref.toString()).build());
    assertThat(r.metrics()).containsEntry("drift_calibration_worst", 0.0);
    assertThat(r.metrics()).containsEntry("drift_verdict", 0.0);
    assertThat(r.warnings()).noneMatch(w -> w.startsWith("drift"));
  }

  @Test
  void driftedCalibration_asksToRetrainTheSurrogate() throws Exception {
    Path ref = file("ref.json", CalibrationDriftTest.perturbed(2, 0.4, 1).toJson());
    StepResult r =
        engine.run(
            ghz("noisy-dm").parameter("drift_reference_calibration", ref.toString()).build());
    // the step ran under the sample; the reference had T1(q2) at 40%: change 1.5 relative to it
    assertThat(r.metrics().get("drift_calibration_t1_worst")).isEqualTo(1.5, within());
    assertThat(r.metrics()).containsEntry("drift_calibration_worst_qubit", 2.0);
    assertThat(r.metrics()).containsEntry("drift_verdict", 2.0);
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("drift: retrain-surrogate"));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.api.Assertions.within(1e-9);
  }

  @Test
  void outputDrift_noisyVsIdealGhz_isMeasured_andThresholdsDecide() {
    StepResult ideal =
        engine.run(ghz("statevector").input(DriftCheck.REFERENCE_DISTRIBUTION, IDEAL_GHZ).build());
    StepResult noisy =
        engine.run(
            ghz("noisy-dm")
                .input(DriftCheck.REFERENCE_DISTRIBUTION, IDEAL_GHZ)
                .parameter("noise_scale", "12")
                .build());
    double tvdIdeal = ideal.metrics().get("drift_output_tvd");
    double tvdNoisy = noisy.metrics().get("drift_output_tvd");
    // ideal: sampling noise only (4000 shots on 2 outcomes)
    assertThat(tvdIdeal).isLessThan(0.04);
    assertThat(ideal.metrics()).containsEntry("drift_verdict", 0.0);
    assertThat(tvdNoisy).isGreaterThan(0.15);
    assertThat(noisy.metrics().get("drift_output_hellinger")).isGreaterThan(0.1);
    assertThat(noisy.metrics()).containsEntry("drift_verdict", 2.0);
    StepResult lenient =
        engine.run(
            ghz("noisy-dm")
                .input(DriftCheck.REFERENCE_DISTRIBUTION, IDEAL_GHZ)
                .parameter("noise_scale", "12")
                .parameter("drift_output_warn", "0.9")
                .parameter("drift_output_retrain", "0.95")
                .build());
    assertThat(lenient.metrics()).containsEntry("drift_verdict", 0.0);
  }

  @Test
  void inputDrift_shiftedFeatures_warnOrRetrain() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 2000;
    int d = 3;
    double[] train = new double[n * d];
    double[] now = new double[n * d];
    for (int i = 0; i < n * d; i++) {
      train[i] = rng.nextDouble();
      // feature 1 shifts by 0.5
      now[i] = rng.nextDouble() + (i % d == 1 ? 0.5 : 0);
    }
    StepResult r =
        engine.run(
            ghz("statevector")
                .input("features", Tensor.ofDoubles(now, n, d))
                .input(DriftCheck.REFERENCE_FEATURES, Tensor.ofDoubles(train, n, d))
                .build());
    assertThat(r.metrics()).containsEntry("drift_input_psi_worst_feature", 1.0);
    assertThat(r.metrics().get("drift_input_psi_max")).isGreaterThan(0.25);
    assertThat(r.metrics()).containsEntry("drift_verdict", 2.0);
    assertThat(r.warnings()).anyMatch(w -> w.contains("input PSI") && w.contains("feature 1"));
  }

  @Test
  void badReferences_nameTheirField() {
    assertField(
        () ->
            engine.run(
                ghz("noisy-dm")
                    .input(
                        DriftCheck.REFERENCE_DISTRIBUTION, Tensor.ofDoubles(new double[] {1, 0}, 2))
                    .build()),
        ErrorReason.INVALID_TENSOR,
        "inputs[drift_reference_distribution]");
    assertField(
        () ->
            engine.run(
                ghz("noisy-dm")
                    .input(DriftCheck.REFERENCE_DISTRIBUTION, Tensor.ofDoubles(new double[8], 8))
                    .build()),
        ErrorReason.INVALID_TENSOR,
        "inputs[drift_reference_distribution]");
    assertField(
        () ->
            engine.run(
                ghz("noisy-dm")
                    .parameter("drift_reference_calibration", dir.resolve("none.json").toString())
                    .build()),
        ErrorReason.INVALID_VALUE,
        "drift_reference_calibration");
    assertField(
        () ->
            engine.run(
                ghz("statevector")
                    .input(DriftCheck.REFERENCE_FEATURES, Tensor.ofDoubles(new double[4], 2, 2))
                    .build()),
        ErrorReason.MISSING_FIELD,
        "inputs[features]");
  }

  private static void assertField(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorReason reason, String f) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.field()).isEqualTo(f);
            });
  }

  @Test
  void idealBackend_calibrationDriftIsSkippedWithAWarning() throws Exception {
    Path ref = file("ref.json", Calibrations.sample().toJson());
    StepResult r =
        engine.run(
            ghz("statevector").parameter("drift_reference_calibration", ref.toString()).build());
    assertThat(r.metrics()).doesNotContainKey("drift_calibration_worst");
    assertThat(r.warnings()).anyMatch(w -> w.contains("calibration drift skipped"));
  }

  @Test
  void driftMetrics_areTrackedLikeOtherMetrics() throws Exception {
    Path root = dir.resolve("mlruns");
    try (Tracker t = Trackers.create(TrackingConfig.local(root))) {
      new StepEngine(RunnerConfig.defaults(), registry, t)
          .run(ghz("noisy-dm").input(DriftCheck.REFERENCE_DISTRIBUTION, IDEAL_GHZ).build());
      assertThat(t.flush(30_000)).isTrue();
    }
    List<String> names;
    try (Stream<Path> s = Files.walk(root)) {
      names =
          s.filter(p -> p.getParent().getFileName().toString().equals("metrics"))
              .map(p -> p.getFileName().toString())
              .toList();
    }
    assertThat(names).contains("drift_output_tvd", "drift_output_hellinger", "drift_verdict");
  }
}
