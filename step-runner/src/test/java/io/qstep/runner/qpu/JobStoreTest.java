package io.qstep.runner.qpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.QStepException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStoreTest {
  @TempDir Path dir;

  @Test
  void put_get_roundTripsAndReplaces() {
    JobStore s = new JobStore(dir);
    String key = IdempotencyKey.sha256("a");
    JobRecord r = JobRecord.prepared(key, 1, "ibm", "ibm_x", 100, 1.5, 10);
    s.put(r);
    assertThat(new JobStore(dir).get(key)).contains(r);
    JobRecord q = r.withSubmitted("j1", 20).withStatus(JobRecord.Status.RUNNING, 30, null);
    s.put(q);
    JobRecord back = new JobStore(dir).get(key).orElseThrow();
    assertThat(back.providerJobId()).isEqualTo("j1");
    assertThat(back.status()).isEqualTo(JobRecord.Status.RUNNING);
    assertThat(back.startedMs()).isEqualTo(30);
    assertThat(s.all()).hasSize(1);
  }

  @Test
  void all_skipsArtifactsTemporaryAndCorruptFiles() throws Exception {
    JobStore s = new JobStore(dir);
    String key = IdempotencyKey.sha256("b");
    s.put(JobRecord.prepared(key, 1, "ibm", "d", 1, 0, 1));
    s.putArtifact(key, "qasm", "OPENQASM 3.0;");
    Files.writeString(dir.resolve(IdempotencyKey.sha256("c") + ".json.tmp"), "{torn");
    Files.writeString(dir.resolve(IdempotencyKey.sha256("d") + ".json"), "{not json");
    assertThat(s.all()).hasSize(1);
    assertThatThrownBy(() -> s.get(IdempotencyKey.sha256("d"))).isInstanceOf(QStepException.class);
    assertThat(Files.readString(dir.resolve(key + ".qasm"))).isEqualTo("OPENQASM 3.0;");
  }

  @Test
  void keys_mustBeHex() {
    JobStore s = new JobStore(dir);
    assertThatThrownBy(() -> s.get("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idempotencyKey_dependsOnEveryPart() {
    String k = IdempotencyKey.of("ibm", "d", "v", 100, 1);
    assertThat(IdempotencyKey.of("ibm", "d", "v", 100, 1)).isEqualTo(k);
    assertThat(IdempotencyKey.of("braket", "d", "v", 100, 1)).isNotEqualTo(k);
    assertThat(IdempotencyKey.of("ibm", "e", "v", 100, 1)).isNotEqualTo(k);
    assertThat(IdempotencyKey.of("ibm", "d", "w", 100, 1)).isNotEqualTo(k);
    assertThat(IdempotencyKey.of("ibm", "d", "v", 101, 1)).isNotEqualTo(k);
    assertThat(IdempotencyKey.of("ibm", "d", "v", 100, 2)).isNotEqualTo(k);
  }

  @Test
  void priceTable_matchesLongestSuffixElseProviderDefault() {
    PriceTable t = PriceTable.defaults();
    assertThat(t.price("braket", "arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1").perShotUsd())
        .isEqualTo(0.08);
    assertThat(t.price("braket", "arn:aws:braket:eu-north-1::device/qpu/iqm/Garnet").perShotUsd())
        .isEqualTo(0.00145);
    assertThat(t.price("braket", "arn:aws:braket:::device/qpu/new/Thing").perTaskUsd())
        .isEqualTo(0.30);
    assertThat(t.price("ibm", "ibm_torino").estimate(1, 1000)).isEqualTo(3.20 + 1.6, within());
    assertThat(t.price("nobody", "x").estimate(1, 1)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
