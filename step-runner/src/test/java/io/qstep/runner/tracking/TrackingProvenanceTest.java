package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.runner.stage.Calibration;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepOptions;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TrackingOptions;
import io.qstep.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimizer traces, calibrations and per-request overrides, through the local file store. */
class TrackingProvenanceTest {
  @TempDir Path dir;

  /** A 4-node ring: Max-Cut 4. */
  private static StepRequest ring(long seed) {
    double[] w = new double[16];
    for (int i = 0; i < 4; i++) {
      int j = (i + 1) % 4;
      w[i * 4 + j] = 1;
      w[j * 4 + i] = 1;
    }
    return StepRequest.builder(MaxCutSpec.of(1))
        .input("weights", Tensor.ofDoubles(w, 4, 4))
        .seed(seed)
        .build();
  }

  private static List<Path> runs(Path root, String experiment) throws Exception {
    try (Stream<Path> exps = Files.list(root)) {
      for (Path e : exps.toList()) {
        Path meta = e.resolve("meta.yaml");
        if (Files.isRegularFile(meta)
            && FileStoreSink.yamlValue(Files.readAllLines(meta), "name")
                .orElse("")
                .equals(experiment)) {
          try (Stream<Path> s = Files.list(e)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().length() == 32)
                .toList();
          }
        }
      }
    }
    return List.of();
  }

  @Test
  void maxcutStep_traceIsAMetricHistoryWithSteps_andAConvergencePlot() throws Exception {
    Path root = dir.resolve("mlruns");
    StepResult r;
    try (Tracker t = Trackers.create(TrackingConfig.local(root))) {
      r = TrackingTestSupport.engine(t).run(ring(5));
      assertThat(t.flush(30_000)).isTrue();
    }
    double[] trace = r.output("trace").toDoubleArray();
    assertThat(trace).isNotEmpty();
    List<Path> runs = runs(root, "qstep");
    assertThat(runs).hasSize(1);
    List<String> lines =
        Files.readAllLines(runs.get(0).resolve("metrics/" + RunRecords.OPTIMIZER_METRIC));
    assertThat(lines).hasSize(trace.length);
    for (int i = 0; i < trace.length; i++) {
      String[] f = lines.get(i).trim().split(" ");
      assertThat(Double.parseDouble(f[1])).as("value %d", i).isEqualTo(trace[i]);
      assertThat(Long.parseLong(f[2])).as("step %d", i).isEqualTo(i);
    }
    byte[] png =
        Files.readAllBytes(runs.get(0).resolve("artifacts/plots/optimizer_convergence.png"));
    assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
  }

  @Test
  void calibration_becomesTagsAndCalibrationJson() {
    StepRequest req = TrackingTestSupport.sweep(1);
    StepResult r = TrackingTestSupport.engine(Tracker.noop()).run(req);
    RunRecord rec =
        RunRecords.of(
            req,
            r,
            null,
            new Calibration("cal-42", 1_700_000_000_000L),
            new RunRecord.Destination("", "", "", ""),
            1,
            2);
    assertThat(rec.tags())
        .containsEntry("qstep.calibration_id", "cal-42")
        .containsEntry("qstep.calibration_timestamp", "2023-11-14T22:13:20Z");
    assertThat(new String(rec.artifacts().get("calibration.json"), StandardCharsets.UTF_8))
        .contains("\"calibration_id\": \"cal-42\"")
        .contains("\"timestamp\": \"2023-11-14T22:13:20Z\"");

    RunRecord ideal = RunRecords.of(req, r, null, new RunRecord.Destination("", "", "", ""), 1, 2);
    assertThat(ideal.tags()).doesNotContainKey("qstep.calibration_id");
    assertThat(ideal.artifacts()).doesNotContainKey("calibration.json");
  }

  @Test
  void qpuProvenance_becomesTagsAndAnArtifact_andRoundTripsThroughResultJson() {
    StepRequest req = TrackingTestSupport.sweep(1);
    StepResult sim = TrackingTestSupport.engine(Tracker.noop()).run(req);
    List<QpuProvenance> qpu =
        List.of(
            new QpuProvenance(
                "ibm",
                "ibm_fake",
                "1.0.4",
                "job-a",
                "k1",
                false,
                100,
                1500,
                20,
                3.36,
                "cal-1",
                1_700_000_000_000L,
                "aa",
                "v1",
                Map.of("transpiled_qasm", "qpu/k1/transpiled.qasm"),
                "",
                Map.of("transpile_method", "sabre")),
            new QpuProvenance(
                "ibm",
                "ibm_fake",
                "1.0.4",
                "job-b",
                "k2",
                true,
                100,
                900,
                20,
                3.36,
                "cal-1",
                1_700_000_000_000L,
                "aa",
                "v1",
                Map.of(),
                "",
                Map.of()),
            QpuProvenance.failover("ibm", "ibm_fake", 100, "simulator:statevector", "offline"));
    StepResult r =
        new StepResult(
            sim.requestId(),
            sim.task(),
            sim.outputs(),
            sim.metrics(),
            sim.circuitVersion(),
            sim.backendName(),
            sim.backendVersion(),
            sim.timingsMs(),
            sim.warnings(),
            sim.seed(),
            qpu);
    RunRecord rec = RunRecords.of(req, r, null, new RunRecord.Destination("", "", "", ""), 1, 2);
    assertThat(rec.tags())
        .containsEntry("qstep.qpu.provider", "ibm")
        .containsEntry("qstep.qpu.device", "ibm_fake")
        .containsEntry("qstep.qpu.job_ids", "job-a,job-b")
        .containsEntry("qstep.qpu.transpiled_version", "v1")
        .containsEntry("qstep.qpu.calibration_id", "cal-1")
        .containsEntry("qstep.qpu.failover", "simulator:statevector");
    String json = new String(rec.artifacts().get("qpu_provenance.json"), StandardCharsets.UTF_8);
    assertThat(ResultJson.qpu(com.google.gson.JsonParser.parseString(json))).isEqualTo(qpu);
    assertThat(ResultJson.qpu(ResultJson.of(r).get("qpu"))).isEqualTo(qpu);

    RunRecord plain =
        RunRecords.of(req, sim, null, new RunRecord.Destination("", "", "", ""), 1, 2);
    assertThat(plain.tags().keySet()).noneMatch(k -> k.startsWith("qstep.qpu."));
    assertThat(plain.artifacts()).doesNotContainKey("qpu_provenance.json");
    assertThat(ResultJson.of(sim).has("qpu")).isFalse();
  }

  @Test
  void stepContext_keepsTheFirstCalibration_andWarnsOnARecalibration() {
    StepContext ctx = StepContext.unbounded(1);
    ctx.noteCalibration(Calibration.NONE);
    assertThat(ctx.calibration().isNone()).isTrue();
    ctx.noteCalibration(new Calibration("a", 0));
    ctx.noteCalibration(new Calibration("a", 0));
    assertThat(ctx.warnings()).isEmpty();
    ctx.noteCalibration(new Calibration("b", 0));
    assertThat(ctx.calibration().id()).isEqualTo("a");
    assertThat(ctx.warnings()).singleElement().asString().contains("a and b");
  }

  @Test
  void requestOverrides_experimentName_andDisabled() throws Exception {
    Path root = dir.resolve("mlruns");
    try (AsyncTracker t = (AsyncTracker) Trackers.create(TrackingConfig.local(root))) {
      StepEngine engine = TrackingTestSupport.engine(t);
      StepRequest named =
          StepRequest.builder(TrackingTestSupport.sweep(2).task())
              .input("params", TrackingTestSupport.sweep(2).inputs().get("params"))
              .options(
                  StepOptions.defaults()
                      .withTracking(new TrackingOptions("from-request", "", "", "", false)))
              .build();
      StepRequest off =
          StepRequest.builder(TrackingTestSupport.sweep(3).task())
              .input("params", TrackingTestSupport.sweep(3).inputs().get("params"))
              .options(StepOptions.defaults().withTracking(TrackingOptions.off()))
              .build();
      engine.run(named);
      StepResult r = engine.run(off);
      assertThat(r.warnings()).noneMatch(w -> w.startsWith("tracking"));
      assertThat(t.flush(30_000)).isTrue();
      assertThat(t.stats().enqueued()).isEqualTo(1);
    }
    assertThat(runs(root, "from-request")).hasSize(1);
    assertThat(runs(root, "qstep")).isEmpty();
  }

  @Test
  void disabledRequest_onAMisconfiguredTracker_getsNoWarning() {
    try (Tracker t =
        Trackers.create(TrackingConfig.local(dir).withTrackingUri("databricks://profile"))) {
      StepRequest off =
          StepRequest.builder(TrackingTestSupport.sweep(3).task())
              .input("params", TrackingTestSupport.sweep(3).inputs().get("params"))
              .options(StepOptions.defaults().withTracking(TrackingOptions.off()))
              .build();
      assertThat(TrackingTestSupport.engine(t).run(off).warnings())
          .noneMatch(w -> w.startsWith("tracking"));
    }
  }

  @Test
  void destination_requestOverridesTheConfiguration() {
    TrackingConfig c =
        TrackingConfig.local(dir).withExperimentName("cfg").withRun("", "cfg-run", "");
    assertThat(RunRecord.Destination.of(c, TrackingOptions.none()))
        .isEqualTo(new RunRecord.Destination("cfg", "", "cfg-run", ""));
    // A request naming its experiment leaves the configured run (in another experiment) alone.
    assertThat(RunRecord.Destination.of(c, new TrackingOptions("req", "", "", "", false)))
        .isEqualTo(new RunRecord.Destination("req", "", "", ""));
    assertThat(RunRecord.Destination.of(c, new TrackingOptions("", "", "", "parent", false)))
        .isEqualTo(new RunRecord.Destination("cfg", "", "", "parent"));
    assertThat(RunRecord.Destination.of(c, new TrackingOptions("", "9", "r", "", false)))
        .isEqualTo(new RunRecord.Destination("cfg", "9", "r", ""));
  }
}
