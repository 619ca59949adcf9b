package io.qstep.runner.qpu.ibm;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.BackendContractTest;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.stage.StepContext;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared backend suite against the IBM backend talking to a local fake of the API. */
class IbmBackendContractTest extends BackendContractTest {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    FakeIbm fake = new FakeIbm();
    FakeTime time = new FakeTime(System.currentTimeMillis());
    Backend b =
        IbmTestSupport.backend(
            IbmTestSupport.env(fake),
            IbmTestSupport.runtime(dir, QpuRuntime.Failover.NONE, Budget.UNLIMITED, time),
            time);
    return new Backend() {
      @Override
      public String name() {
        return b.name();
      }

      @Override
      public String version() {
        return b.version();
      }

      @Override
      public BackendCapabilities capabilities() {
        BackendCapabilities c = b.capabilities();
        // the fake device is FakeIbm.QUBITS wide; wider circuits are the caller's to refuse
        return new BackendCapabilities(
            FakeIbm.QUBITS,
            c.nativeGates(),
            c.supportsShots(),
            c.supportsExact(),
            c.noisy(),
            c.maxShots(),
            c.description());
      }

      @Override
      public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
        return b.execute(request, ctx);
      }

      @Override
      public java.util.List<ExecutionResult> executeBatch(
          java.util.List<ExecutionRequest> requests, StepContext ctx) {
        return b.executeBatch(requests, ctx);
      }

      @Override
      public void close() {
        b.close();
        fake.close();
      }
    };
  }
}
