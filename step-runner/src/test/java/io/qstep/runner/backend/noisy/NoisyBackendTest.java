package io.qstep.runner.backend.noisy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.noise.NoiseScalable;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The noisy backends through the registry, request parameters and the engine. */
class NoisyBackendTest {
  @TempDir Path dir;

  private static final Circuit BELL = Circuit.builder(2).h(0).cx(0, 1).build();

  private static StepContext ctx(Map<String, String> params) {
    return new StepContext(1, 0, params);
  }

  private static void assertBad(ThrowingCallable call, ErrorReason reason, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void registry_findsBothNoisyBackends_withTheSampleCalibration() {
    try (BackendRegistry r = BackendRegistry.loadDefault(26)) {
      assertThat(r.names()).contains("noisy", "noisy-dm");
      Backend dm = r.get("noisy-dm");
      Backend tr = r.get("noisy");
      assertThat(dm.capabilities().noisy()).isTrue();
      assertThat(dm.capabilities().maxQubits()).isEqualTo(12);
      assertThat(tr.capabilities().maxQubits()).isEqualTo(26);
      assertThat(dm.capabilities().description()).contains("qstep_fake_guadalupe");
      assertThat(dm).isInstanceOf(NoiseScalable.class);
      ExecutionResult res = dm.execute(ExecutionRequest.exact(BELL, 1), ctx(Map.of()));
      assertThat(res.calibrationId()).isEqualTo(Calibrations.sample().id());
      assertThat(res.calibration().timestampMs()).isEqualTo(Calibrations.sample().timestampMs());
    }
  }

  @Test
  void calibrationParameter_loadsThatFile() throws Exception {
    CalibrationSnapshot mine =
        CalibrationSnapshot.uniform(2, 50, 40, 0.1, 0.1, 0.01, 0.05, 35, 400);
    Path file = dir.resolve("cal.json");
    Files.writeString(file, mine.toJson());
    Backend b = new NoisyDensityMatrixBackendProvider().create(26);
    ExecutionResult r =
        b.execute(
            new ExecutionRequest(BELL, 0, List.of("ZZ"), 1, 0, true),
            ctx(Map.of("calibration", file.toString())));
    assertThat(r.calibrationId()).isEqualTo(mine.id());
    assertThat(r.expectations()[0]).isLessThan(0.95);
    assertThat(((NoiseScalable) b).calibration(ctx(Map.of("calibration", file.toString()))))
        .isEqualTo(mine);
    // a circuit wider than that calibration
    assertBad(
        () ->
            b.execute(
                ExecutionRequest.exact(Circuit.builder(3).h(2).build(), 1),
                ctx(Map.of("calibration", file.toString()))),
        ErrorReason.CAPABILITY_MISMATCH,
        "qasm");
  }

  @Test
  void liveConfigCalibration_replacesTheDefault_untilARequestNamesItsOwn() throws Exception {
    // A watched ConfigMap's calibration-noisy-dm.json reaches steps on that backend.
    CalibrationSnapshot live =
        CalibrationSnapshot.uniform(2, 80, 60, 0.02, 0.03, 0.002, 0.02, 35, 300);
    io.qstep.runner.config.LiveConfig config =
        new io.qstep.runner.config.LiveConfig(io.qstep.runner.config.RunnerConfig.defaults());
    assertThat(config.apply("cm", Map.of("calibration-noisy-dm.json", live.toJson()))).isTrue();
    try (BackendRegistry r = BackendRegistry.loadDefault(26)) {
      io.qstep.runner.task.StepEngine engine =
          new io.qstep.runner.task.StepEngine(config, r, io.qstep.runner.tracking.Tracker.noop());
      io.qstep.task.StepRequest req =
          io.qstep.task.StepRequest.builder(
                  io.qstep.task.CircuitSpec.of(io.qstep.circuit.OpenQasm.toQasm3(BELL)))
              .backend("noisy-dm")
              .seed(3)
              .build();
      StepContext ctx = engine.newContext(req);
      engine.run(req, ctx);
      assertThat(ctx.calibration().id()).isEqualTo(live.id());
      // after the ConfigMap goes, the default is back
      assertThat(config.remove("cm")).isTrue();
      StepContext after = engine.newContext(req);
      engine.run(req, after);
      assertThat(after.calibration().id()).isEqualTo(Calibrations.sample().id());
      // a request's own calibration file wins over the live one
      config.apply("cm", Map.of("calibration-noisy-dm.json", live.toJson()));
      CalibrationSnapshot mine =
          CalibrationSnapshot.uniform(2, 50, 40, 0.1, 0.1, 0.01, 0.05, 35, 400);
      Path file = dir.resolve("own.json");
      Files.writeString(file, mine.toJson());
      io.qstep.task.StepRequest own =
          io.qstep.task.StepRequest.builder(
                  io.qstep.task.CircuitSpec.of(io.qstep.circuit.OpenQasm.toQasm3(BELL)))
              .backend("noisy-dm")
              .parameter("calibration", file.toString())
              .seed(3)
              .build();
      StepContext ownCtx = engine.newContext(own);
      engine.run(own, ownCtx);
      assertThat(ownCtx.calibration().id()).isEqualTo(mine.id());
    }
  }

  @Test
  void ibmAndBraketFiles_workAsCalibrationParameters() throws Exception {
    Backend b = new NoisyTrajectoryBackendProvider().create(26);
    for (String res : List.of(Calibrations.SAMPLE_RESOURCE, Calibrations.BRAKET_SAMPLE_RESOURCE)) {
      Path file = dir.resolve(Path.of(res).getFileName().toString());
      try (var in = Calibrations.class.getResourceAsStream(res)) {
        Files.write(file, in.readAllBytes());
      }
      ExecutionResult r =
          b.execute(
              ExecutionRequest.sampled(BELL, 100, 3),
              ctx(Map.of("calibration", file.toString(), "trajectories", "20")));
      assertThat(r.calibrationId()).isEqualTo(Calibrations.resource(res).id());
      assertThat(r.samples()).hasSize(100);
    }
  }

  @Test
  void noiseScaleParameter_andNoiseScalable_agree() {
    Backend b = new NoisyDensityMatrixBackendProvider().create(26);
    ExecutionRequest req = new ExecutionRequest(BELL, 0, List.of("ZZ"), 1, 0, true);
    double viaParam = b.execute(req, ctx(Map.of("noise_scale", "3"))).expectations()[0];
    double viaApi = ((NoiseScalable) b).execute(req, ctx(Map.of()), 3).expectations()[0];
    double unscaled = b.execute(req, ctx(Map.of())).expectations()[0];
    double ideal = b.execute(req, ctx(Map.of("noise_scale", "0"))).expectations()[0];
    assertThat(viaParam).isEqualTo(viaApi);
    assertThat(ideal).isCloseTo(1, within(1e-12));
    assertThat(viaParam).isLessThan(unscaled).isLessThan(ideal);
  }

  @Test
  void badParameters_nameTheirField() {
    Backend b = new NoisyTrajectoryBackendProvider().create(26);
    ExecutionRequest req = ExecutionRequest.exact(BELL, 1);
    assertBad(
        () -> b.execute(req, ctx(Map.of("noise_scale", "loud"))),
        ErrorReason.INVALID_VALUE,
        "noise_scale");
    assertBad(
        () -> b.execute(req, ctx(Map.of("noise_scale", "-1"))),
        ErrorReason.INVALID_VALUE,
        "noise_scale");
    assertBad(
        () -> b.execute(req, ctx(Map.of("trajectories", "0"))),
        ErrorReason.INVALID_VALUE,
        "trajectories");
    assertBad(
        () -> b.execute(req, ctx(Map.of("calibration", dir.resolve("missing.json").toString()))),
        ErrorReason.INVALID_VALUE,
        "calibration");
  }

  @Test
  void badCalibrationFile_isInvalidArgumentNamingTheField() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        CalibrationSnapshot.uniform(2, 50, 40, 0.1, 0.1, 0.01, 0.05, 35, 400)
            .toJson()
            .replaceFirst("\"t2_us\": 40.0", "\"t2_us\": 140.0"));
    Backend b = new NoisyDensityMatrixBackendProvider().create(26);
    assertBad(
        () ->
            b.execute(ExecutionRequest.exact(BELL, 1), ctx(Map.of("calibration", file.toString()))),
        ErrorReason.INVALID_VALUE,
        "calibration.qubits[0].t2_us");
  }

  @Test
  void step_onNoisyDm_isTrackedWithTheFullCalibrationJson() throws Exception {
    Path root = dir.resolve("mlruns");
    String ghz =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\n"
            + "h q[0];\ncx q[0], q[1];\ncx q[1], q[2];\nc = measure q;\n";
    StepResult r;
    try (Tracker t = Trackers.create(TrackingConfig.local(root));
        BackendRegistry reg = BackendRegistry.loadDefault(26)) {
      StepEngine engine = new StepEngine(RunnerConfig.defaults(), reg, t);
      r =
          engine.run(
              StepRequest.builder(new CircuitSpec(ghz, List.of()))
                  .backend("noisy-dm")
                  .shots(2000)
                  .seed(4)
                  .build());
      assertThat(t.flush(30_000)).isTrue();
    }
    assertThat(r.backendName()).isEqualTo("noisy-dm");
    List<Path> cal;
    try (Stream<Path> s = Files.walk(root)) {
      cal = s.filter(p -> p.getFileName().toString().equals("calibration.json")).toList();
    }
    assertThat(cal).hasSize(1);
    String json = Files.readString(cal.get(0), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(Calibrations.sample().toJson());
    Path tag = cal.get(0).getParent().getParent().resolve("tags/qstep.calibration_id");
    assertThat(Files.readString(tag).strip()).isEqualTo(Calibrations.sample().id());
  }
}
