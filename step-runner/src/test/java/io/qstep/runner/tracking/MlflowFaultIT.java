package io.qstep.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.runner.cli.Main;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost records: a fake MLflow server (JDK HttpServer on loopback) answers 500, answers slowly,
 * fails half-way through a run, or is down; afterwards every step's run is there exactly once and
 * the steps' results are what an untracked engine returns.
 */
class MlflowFaultIT {
  private static final String TOKEN = "tok-SECRET-4242";
  @TempDir Path dir;
  FakeMlflowServer fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeMlflowServer();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private TrackingConfig config(long timeoutMs) {
    return TrackingConfig.fromEnv(java.util.Map.of("MLFLOW_TRACKING_TOKEN", TOKEN))
        .withTrackingUri(fake.uri())
        .withSpoolDir(dir.resolve("spool"))
        .withExperimentName("faults")
        .withLimits(1000, timeoutMs, 50);
  }

  private static void await(BooleanSupplier cond, long ms, String what) throws Exception {
    long deadline = System.nanoTime() + ms * 1_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static boolean pendingNone(Spool spool) {
    try {
      return spool.pending().isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs n steps through a tracked engine and checks each result against an untracked one. */
  private List<StepResult> runSteps(Tracker t, int n) {
    StepEngine tracked = TrackingTestSupport.engine(t);
    StepEngine plain = TrackingTestSupport.engine(Tracker.noop());
    List<StepResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StepRequest req =
          i % 2 == 0 ? TrackingTestSupport.ghzShots(100 + i) : TrackingTestSupport.sweep(100 + i);
      StepResult r = tracked.run(req);
      StepResult ref = plain.run(req);
      assertThat(r.outputs()).isEqualTo(ref.outputs());
      assertThat(r.metrics()).isEqualTo(ref.metrics());
      assertThat(r.warnings()).noneMatch(w -> w.startsWith("tracking"));
      out.add(r);
    }
    return out;
  }

  private void assertExactlyOnce(List<StepResult> results) {
    assertThat(fake.runsPerKey())
        .hasSize(results.size())
        .allSatisfy((k, v) -> assertThat(v).isOne());
    assertThat(fake.finishedRuns()).isEqualTo(results.size());
    for (StepResult r : results) {
      FakeMlflowServer.FakeRun run =
          fake.runs.values().stream()
              .filter(x -> r.requestId().equals(x.tags.get("qstep.request_id")))
              .findFirst()
              .orElseThrow();
      assertThat(run.params).containsEntry("task", r.task());
      assertThat(run.tags).containsEntry("qstep.circuit_version", r.circuitVersion());
      assertThat(run.artifacts).containsKeys("circuit.qasm", "result.json");
      assertThat(run.metrics).hasSize(r.metrics().size() + r.timingsMs().size());
    }
  }

  @Test
  void server500_thenHealthy_everyRunOnce() throws Exception {
    fake.mode = FakeMlflowServer.Mode.ERROR_500;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(5_000))) {
      List<StepResult> results = runSteps(t, 6);
      assertThat(t.flush(30_000)).isTrue();
      assertThat(t.stats().spooled()).isEqualTo(6);
      assertThat(fake.finishedRuns()).isZero();
      fake.mode = FakeMlflowServer.Mode.HEALTHY;
      await(() -> fake.finishedRuns() == 6, 30_000, "the backoff replay");
      // The replay removes a record's file just after the server took it.
      Spool spool = new Spool(dir.resolve("spool"));
      await(() -> pendingNone(spool), 30_000, "the spool to empty");
      assertExactlyOnce(results);
    }
  }

  @Test
  void failureAfterRunCreated_replayFillsTheSameRun() throws Exception {
    fake.mode = FakeMlflowServer.Mode.LOG_BATCH_500;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(5_000))) {
      List<StepResult> results = runSteps(t, 4);
      assertThat(t.flush(30_000)).isTrue();
      assertThat(fake.runs).isNotEmpty(); // created, never filled
      fake.mode = FakeMlflowServer.Mode.HEALTHY;
      await(() -> fake.finishedRuns() == 4, 30_000, "the backoff replay");
      assertExactlyOnce(results);
    }
  }

  @Test
  void slowServer_stepsDoNotWait_runsSpooledThenReplayed() throws Exception {
    fake.mode = FakeMlflowServer.Mode.SLOW;
    fake.slowMs = 3_000;
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(1_500))) {
      List<StepResult> results = runSteps(t, 3);
      for (StepResult r : results) {
        assertThat(r.timingsMs().get("track")).isLessThan(50.0);
      }
      assertThat(t.flush(30_000)).isTrue();
      assertThat(t.stats().spooled()).isEqualTo(3);
      fake.mode = FakeMlflowServer.Mode.HEALTHY;
      await(() -> fake.finishedRuns() == 3, 30_000, "the backoff replay");
      assertExactlyOnce(results);
    }
  }

  @Test
  void serverDown_processEnds_nextProcessAndCliReplayOnce() throws Exception {
    fake.stop();
    List<StepResult> results;
    try (Tracker t = Trackers.create(config(2_000))) {
      results = runSteps(t, 4);
    } // close(): everything is in the spool, fsynced
    Path spool = dir.resolve("spool");
    try (Stream<Path> files = Files.list(spool)) {
      List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(json).hasSize(4);
      for (Path p : json) {
        assertThat(Files.readString(p)).doesNotContain(TOKEN);
      }
    }
    fake.start();
    // Half through the CLI, the rest by the next runner process at start-up.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "tracking",
            "replay",
            "--tracking-uri",
            fake.uri(),
            "--spool",
            spool.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("replayed 4 runs");
    try (AsyncTracker again = (AsyncTracker) Trackers.create(config(2_000))) {
      assertThat(again.replayNow().orElseThrow().remaining()).isZero();
    }
    assertExactlyOnce(results);
    assertThat(out.toString() + err).doesNotContain(TOKEN);
  }

  @Test
  void bearerTokenIsSent_butNeverLogged() throws Exception {
    try (AsyncTracker t = (AsyncTracker) Trackers.create(config(5_000))) {
      runSteps(t, 1);
      assertThat(t.flush(30_000)).isTrue();
    }
    synchronized (fake.authorizations) {
      assertThat(fake.authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
    }
    for (FakeMlflowServer.FakeRun r : fake.runs.values()) {
      assertThat(r.params.values()).noneMatch(v -> v.contains(TOKEN));
      assertThat(r.tags.values()).noneMatch(v -> v.contains(TOKEN));
      for (byte[] a : r.artifacts.values()) {
        assertThat(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void unknownRunId_isRejected_stepStillSucceeds() throws Exception {
    TrackingConfig c = config(5_000).withRun("", "0123456789abcdef0123456789abcdef", "");
    try (AsyncTracker t = (AsyncTracker) Trackers.create(c)) {
      runSteps(t, 1);
      assertThat(t.flush(30_000)).isTrue();
      assertThat(t.stats().rejected()).isEqualTo(1);
    }
    assertThat(new Spool(dir.resolve("spool")).rejectedKeys()).hasSize(1);
    try (Stream<Path> f = Files.list(dir.resolve("spool/rejected"))) {
      Path reason = f.filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
      assertThat(Files.readString(reason)).contains("does not exist");
    }
  }
}
