package io.qstep.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveConfigTest {
  static final RunnerConfig START = RunnerConfig.defaults().withMaxQubits(20);

  @Test
  void apply_reloadableKeys_changeTheLimitsAndKeepTheRest() {
    LiveConfig live = new LiveConfig(START);
    assertThat(
            live.apply(
                "cm",
                Map.of(
                    "QSTEP_MAX_QUBITS", "12",
                    "QSTEP_MAX_SHOTS", "500",
                    "QSTEP_DEFAULT_TIMEOUT_MS", "1000",
                    "MLFLOW_TRACKING_URI", "http://ignored")))
        .isTrue();
    RunnerConfig c = live.get();
    assertThat(c.maxQubits()).isEqualTo(12);
    assertThat(c.maxShots()).isEqualTo(500);
    assertThat(c.defaultTimeoutMs()).isEqualTo(1000);
    assertThat(c.maxBatchRows()).isEqualTo(START.maxBatchRows());
    assertThat(live.snapshot().generation()).isEqualTo(1);
  }

  @Test
  void apply_restartOnlyKeys_areIgnored() {
    LiveConfig live = new LiveConfig(START);
    live.apply("cm", Map.of("QSTEP_WORKER_THREADS", "99", "QSTEP_MAX_MESSAGE_BYTES", "2048"));
    assertThat(live.get()).isEqualTo(START);
  }

  @Test
  void apply_invalidValue_keepsTheRunningConfigAndSaysWhy() {
    LiveConfig live = new LiveConfig(START);
    live.apply("cm", Map.of("QSTEP_MAX_QUBITS", "14"));
    assertThat(live.apply("cm", Map.of("QSTEP_MAX_QUBITS", "lots"))).isFalse();
    assertThat(live.get().maxQubits()).isEqualTo(14);
    assertThat(live.lastRejection()).contains("cm").contains("QSTEP_MAX_QUBITS");
    // out of the engine's range: refused by RunnerConfig's own validation
    assertThat(live.apply("cm", Map.of("QSTEP_MAX_QUBITS", "31"))).isFalse();
    assertThat(live.apply("cm", Map.of("QSTEP_MAX_SHOTS", "0"))).isFalse();
    assertThat(live.get().maxQubits()).isEqualTo(14);
  }

  @Test
  void remove_revertsToStartupValues() {
    LiveConfig live = new LiveConfig(START);
    live.apply("cm", Map.of("QSTEP_MAX_QUBITS", "8"));
    live.remove("cm");
    assertThat(live.get()).isEqualTo(START);
  }

  @Test
  void calibration_snapshotsAreKeyedByBackend_andMustBeJsonObjects() {
    LiveConfig live = new LiveConfig(START);
    live.apply("cal", Map.of("calibration-noisy.json", "{\"id\": \"c1\"}", "README", "text"));
    assertThat(live.calibration("noisy")).contains("{\"id\": \"c1\"}");
    assertThat(live.calibration("ibm")).isEmpty();
    assertThat(live.apply("cal", Map.of("calibration-noisy.json", "[1, 2]"))).isFalse();
    assertThat(live.apply("cal", Map.of("calibration-noisy.json", "{broken"))).isFalse();
    assertThat(live.calibration("noisy")).contains("{\"id\": \"c1\"}");
    live.apply("cal", Map.of("calibration-noisy.json", "{\"id\": \"c2\"}"));
    assertThat(live.calibration("noisy")).contains("{\"id\": \"c2\"}");
    live.remove("cal");
    assertThat(live.calibration("noisy")).isEmpty();
  }

  @Test
  void twoSources_bothApply_laterSourceWinsOnAClash() {
    LiveConfig live = new LiveConfig(START);
    live.apply("a", Map.of("QSTEP_MAX_QUBITS", "10", "QSTEP_MAX_SHOTS", "7"));
    live.apply("b", Map.of("QSTEP_MAX_QUBITS", "11"));
    assertThat(live.get().maxQubits()).isEqualTo(11);
    assertThat(live.get().maxShots()).isEqualTo(7);
    live.remove("b");
    assertThat(live.get().maxQubits()).isEqualTo(10);
  }

  /**
   * Writers apply (qubits q, shots 1000 q) pairs from two sources while readers check every
   * snapshot they see holds a pair from one update: an update is never seen half-applied.
   */
  @Test
  void concurrentReadersAndWriters_neverSeeATornUpdate() throws Exception {
    LiveConfig live = new LiveConfig(START.withMaxShots(20_000));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  go.await();
                  long seen = 0;
                  while (!stop.get()) {
                    RunnerConfig c = live.get();
                    assertThat(c.maxShots()).isEqualTo(1000L * c.maxQubits());
                    seen++;
                  }
                  return seen;
                }));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (String src : List.of("a", "b")) {
        writers.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 2000; i++) {
                    int q = 1 + (i % 29);
                    live.apply(
                        src, Map.of("QSTEP_MAX_QUBITS", "" + q, "QSTEP_MAX_SHOTS", "" + 1000L * q));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      stop.set(true);
      for (Future<Long> r : readers) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
      }
      // both sources' last updates are in the snapshot: no update was lost
      assertThat(live.snapshot().sources()).containsOnlyKeys("a", "b");
      assertThat(live.get().maxQubits()).isEqualTo(1 + (1999 % 29));
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
