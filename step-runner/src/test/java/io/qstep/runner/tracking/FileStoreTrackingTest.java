package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.stage.Calibration;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepResult;
import io.qstep.tensor.Npy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTrackingTest {
  @TempDir Path dir;

  private static String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static List<Path> runDirs(Path root, String expId) throws Exception {
    try (Stream<Path> s = Files.list(root.resolve(expId))) {
      return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().length() == 32)
          .toList();
    }
  }

  private static String experimentId(Path root, String name) throws Exception {
    try (Stream<Path> s = Files.list(root)) {
      for (Path e : s.toList()) {
        Path meta = e.resolve("meta.yaml");
        if (Files.isRegularFile(meta)
            && FileStoreSink.yamlValue(Files.readAllLines(meta), "name").orElse("").equals(name)) {
          return e.getFileName().toString();
        }
      }
    }
    throw new AssertionError("no experiment " + name);
  }

  @Test
  void shotStep_writesOneRunInMlflowLayout_equalToTheResult() throws Exception {
    Path root = dir.resolve("mlruns");
    StepResult r;
    try (Tracker t = Trackers.create(TrackingConfig.local(root))) {
      StepEngine engine = TrackingTestSupport.engine(t);
      r = engine.run(TrackingTestSupport.ghzShots(11));
      assertThat(t.flush(30_000)).isTrue();
    }
    assertThat(r.warnings()).noneMatch(w -> w.startsWith("tracking"));
    assertThat(r.timingsMs().get("track")).isGreaterThan(0.0);
    assertThat(read(root.resolve("0/meta.yaml"))).contains("name: 'Default'");
    String exp = experimentId(root, "qstep");
    List<Path> runs = runDirs(root, exp);
    assertThat(runs).hasSize(1);
    Path run = runs.get(0);
    String meta = read(run.resolve("meta.yaml"));
    assertThat(meta).contains("status: 3").contains("experiment_id: '" + exp + "'");

    assertThat(read(run.resolve("params/task"))).isEqualTo("circuit");
    assertThat(read(run.resolve("params/backend"))).isEqualTo("statevector");
    assertThat(read(run.resolve("params/shots"))).isEqualTo("200");
    assertThat(read(run.resolve("params/seed"))).isEqualTo("11");
    assertThat(read(run.resolve("tags/qstep.circuit_version"))).isEqualTo(r.circuitVersion());
    assertThat(read(run.resolve("tags/qstep.backend_version"))).isEqualTo(r.backendVersion());
    assertThat(read(run.resolve("tags/qstep.request_id"))).isEqualTo(r.requestId());
    assertThat(read(run.resolve("tags/" + RunRecord.RUN_KEY_TAG)))
        .isEqualTo(run.getFileName().toString());
    for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
      String[] line = read(run.resolve("metrics/" + m.getKey())).trim().split(" ");
      assertThat(Double.parseDouble(line[1])).as(m.getKey()).isEqualTo(m.getValue());
    }
    for (Map.Entry<String, Double> m : r.timingsMs().entrySet()) {
      String[] line = read(run.resolve("metrics/time_" + m.getKey() + "_ms")).trim().split(" ");
      assertThat(Double.parseDouble(line[1])).as(m.getKey()).isEqualTo(m.getValue());
    }
    Path art = run.resolve("artifacts");
    assertThat(read(art.resolve("circuit.qasm"))).startsWith("OPENQASM 3");
    JsonObject json = JsonParser.parseString(read(art.resolve("result.json"))).getAsJsonObject();
    assertThat(json.get("circuit_version").getAsString()).isEqualTo(r.circuitVersion());
    assertThat(Npy.read(art.resolve("outputs/counts.npy"))).isEqualTo(r.output("counts"));
    assertThat(Npy.read(art.resolve("outputs/samples.npy"))).isEqualTo(r.output("samples"));
    byte[] png = Files.readAllBytes(art.resolve("plots/outcome_histogram.png"));
    assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
  }

  @Test
  void rewritingARecord_keepsOneRunAndOneLinePerMetric() throws Exception {
    Path root = dir.resolve("mlruns");
    StepEngine engine = TrackingTestSupport.engine(Tracker.noop());
    StepResult r = engine.run(TrackingTestSupport.sweep(3));
    RunRecord rec =
        RunRecords.of(
            TrackingTestSupport.sweep(3),
            r,
            null,
            RunRecord.Destination.of(TrackingConfig.local(root)),
            1000,
            2000);
    FileStoreSink sink = new FileStoreSink(root);
    String id1 = sink.write(rec);
    String id2 = sink.write(RunRecordCodec.decode(RunRecordCodec.encode(rec)));
    assertThat(id2).isEqualTo(id1).isEqualTo(rec.runKey());
    assertThat(runDirs(root, experimentId(root, "qstep"))).hasSize(1);
    Path run = runDirs(root, experimentId(root, "qstep")).get(0);
    assertThat(Files.readAllLines(run.resolve("metrics/time_execute_ms"))).hasSize(1);
    assertThat(read(run.resolve("params/observables"))).isEqualTo("ZZ,XX");
    assertThat(read(run.resolve("params/input_params"))).isEqualTo("FP64[3, 1]");
  }

  @Test
  void taskArtifactsAndModels_roundTripThroughTheSpoolCodec_andTheFileStoreNotesNoRegistry()
      throws Exception {
    Path root = dir.resolve("mlruns");
    StepResult r = TrackingTestSupport.engine(Tracker.noop()).run(TrackingTestSupport.sweep(2));
    byte[] model = {1, 2, 3, 4};
    RunRecord rec =
        RunRecords.of(
            TrackingTestSupport.sweep(2),
            r,
            null,
            Calibration.NONE,
            RunRecord.Destination.of(TrackingConfig.local(root)),
            1000,
            2000,
            Map.of("models/surrogate/model.pt", model, "result.json", new byte[] {9}),
            List.of(
                new ModelRegistration("denoiser", "models/surrogate", "cdr", Map.of("v", "2"))));
    // A task artifact never replaces a standard one.
    assertThat(rec.artifacts().get("result.json")).isNotEqualTo(new byte[] {9});
    RunRecord back = RunRecordCodec.decode(RunRecordCodec.encode(rec));
    assertThat(back.models()).isEqualTo(rec.models());
    assertThat(back.artifacts().get("models/surrogate/model.pt")).isEqualTo(model);

    String runId = new FileStoreSink(root).write(back);
    Path run = root.resolve(experimentId(root, "qstep")).resolve(runId);
    assertThat(Files.readAllBytes(run.resolve("artifacts/models/surrogate/model.pt")))
        .isEqualTo(model);
    assertThat(read(run.resolve("tags/qstep.models_unregistered")))
        .contains("denoiser (models/surrogate)");
  }

  @Test
  void modelRegistration_withoutItsArtifacts_orWithABadName_isRefused() {
    RunRecord.Destination d = new RunRecord.Destination("e", "", "", "");
    ModelRegistration m = new ModelRegistration("pca", "models/pca", "", Map.of());
    assertThatThrownBy(
            () ->
                new RunRecord(
                    RunRecords.newRunKey(),
                    "n",
                    1,
                    2,
                    d,
                    Map.of(),
                    Map.of(),
                    List.of(),
                    Map.of("models/pcax/file", new byte[1]),
                    List.of(m)))
        .hasMessageContaining("no artifact under models/pca");
    assertThatThrownBy(() -> new ModelRegistration("bad name", "models/x", "", Map.of()))
        .hasMessageContaining("registered model name");
    assertThatThrownBy(() -> new ModelRegistration("ok", "../x", "", Map.of()))
        .hasMessageContaining("bad model artifact directory");
  }

  @Test
  void codec_roundTripsEveryField() {
    StepResult r = TrackingTestSupport.engine(Tracker.noop()).run(TrackingTestSupport.ghzShots(5));
    RunRecord rec =
        RunRecords.of(
            TrackingTestSupport.ghzShots(5),
            r,
            null,
            new RunRecord.Destination("e", "7", "", "p"),
            1,
            2);
    RunRecord back = RunRecordCodec.decode(RunRecordCodec.encode(rec));
    assertThat(back.params()).isEqualTo(rec.params());
    assertThat(back.tags()).isEqualTo(rec.tags()).containsEntry("mlflow.parentRunId", "p");
    assertThat(back.metrics()).isEqualTo(rec.metrics());
    assertThat(back.destination()).isEqualTo(rec.destination());
    assertThat(back.artifacts().keySet()).isEqualTo(rec.artifacts().keySet());
    for (String k : rec.artifacts().keySet()) {
      assertThat(back.artifacts().get(k)).isEqualTo(rec.artifacts().get(k));
    }
  }

  @Test
  void unsupportedScheme_warnsOnTheResult_stepStillSucceeds() {
    try (Tracker t =
        Trackers.create(TrackingConfig.local(dir).withTrackingUri("databricks://profile"))) {
      StepResult r = TrackingTestSupport.engine(t).run(TrackingTestSupport.sweep(1));
      assertThat(r.output("expectations").shape()).containsExactly(3, 2);
      assertThat(r.warnings()).anyMatch(w -> w.contains("scheme 'databricks' is not supported"));
    }
  }

  @Test
  void unwritableSpool_warnsOnTheResult_stepStillSucceeds() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    try (Tracker t =
        Trackers.create(
            TrackingConfig.local(dir)
                .withTrackingUri("http://127.0.0.1:9")
                .withSpoolDir(file.resolve("spool")))) {
      StepResult r = TrackingTestSupport.engine(t).run(TrackingTestSupport.sweep(1));
      assertThat(r.outputs()).containsKey("expectations");
      assertThat(r.warnings()).anyMatch(w -> w.contains("spool directory"));
    }
  }

  @Test
  void configToString_neverShowsSecrets() {
    TrackingConfig c =
        TrackingConfig.fromEnv(
            Map.of(
                "MLFLOW_TRACKING_URI", "https://alice:s3cret@mlflow.example",
                "MLFLOW_TRACKING_TOKEN", "tok-123",
                "MLFLOW_TRACKING_PASSWORD", "pw-456"));
    assertThat(c.toString()).doesNotContain("s3cret", "tok-123", "pw-456", "alice");
  }
}
