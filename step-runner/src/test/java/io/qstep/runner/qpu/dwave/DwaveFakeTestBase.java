package io.qstep.runner.qpu.dwave;

import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.FakeTime;
import io.qstep.runner.qpu.PriceTable;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.RetryPolicy;
import io.qstep.runner.task.StepEngine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local SAPI fake, a fake clock and a job-state directory, with engines and backends on them.
 */
abstract class DwaveFakeTestBase {
  static final double EPS = 1e-9;
  @TempDir Path dir;
  final FakeSapi fake = new FakeSapi();
  final FakeTime time = new FakeTime(System.currentTimeMillis());

  @AfterEach
  void stop() {
    fake.close();
  }

  Map<String, String> env(String solver) {
    Map<String, String> env = new HashMap<>();
    env.put("QSTEP_DWAVE_TOKEN", FakeSapi.TOKEN);
    env.put("QSTEP_DWAVE_SOLVER", solver);
    env.put("QSTEP_DWAVE_URL", fake.uri() + "/sapi/v2");
    env.put("QSTEP_QPU_STATE_DIR", dir.toString());
    env.put("QSTEP_QPU_POLL_MS", "1");
    return env;
  }

  StepEngine engine(Map<String, String> env) {
    return new StepEngine(
        RunnerConfig.defaults().withMaxQubits(20),
        new BackendRegistry(
            List.of(new StateVectorBackendProvider(), new DwaveBackendProvider(env)), 20));
  }

  DwaveBackend backend(String solver) {
    return backend(solver, QpuRuntime.Failover.NONE);
  }

  DwaveBackend backend(String solver, QpuRuntime.Failover f) {
    return new DwaveBackendProvider(env(solver))
        .create(
            26,
            new QpuRuntime(
                new QpuRuntime.Settings(
                    dir,
                    10,
                    f,
                    Budget.UNLIMITED,
                    PriceTable.defaults(),
                    new RetryPolicy(5, 10, 200, 2, 0.1),
                    5),
                time));
  }
}
