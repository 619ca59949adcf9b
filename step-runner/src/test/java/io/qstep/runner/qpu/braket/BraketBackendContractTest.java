package io.qstep.runner.qpu.braket;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendContractTest;
import io.qstep.runner.qpu.FakeBackedBackend;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.QpuRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The shared backend suite against the Braket backend talking to a local fake of Braket + S3. */
class BraketBackendContractTest extends BackendContractTest {
  @TempDir Path dir;

  @BeforeAll
  static void credentials() {
    BraketBackendTest.credentials();
  }

  @AfterAll
  static void clear() {
    BraketBackendTest.clearCredentials();
  }

  @Override
  protected Backend backend() {
    FakeBraket fake = new FakeBraket();
    FakeTime time = new FakeTime(System.currentTimeMillis());
    Backend b =
        new BraketBackendProvider(
                BraketBackendTest.env(fake), DefaultCredentialsProvider.builder().build())
            .create(26, BraketBackendTest.runtime(dir, QpuRuntime.Failover.NONE, time));
    return new FakeBackedBackend(b, FakeBraket.QUBITS, fake);
  }
}
