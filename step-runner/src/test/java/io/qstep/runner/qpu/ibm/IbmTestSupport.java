package io.qstep.runner.qpu.ibm;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.qpu.Budget;
import io.qstep.runner.qpu.PriceTable;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QpuTime;
import io.qstep.runner.qpu.RetryPolicy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Wiring of the IBM backend to a {@link FakeIbm}. */
final class IbmTestSupport {
  private IbmTestSupport() {}

  static Map<String, String> env(FakeIbm fake) {
    Map<String, String> env = new HashMap<>();
    env.put("QSTEP_IBM_API_KEY", FakeIbm.API_KEY);
    env.put("QSTEP_IBM_CRN", FakeIbm.CRN);
    env.put("QSTEP_IBM_DEVICE", FakeIbm.DEVICE);
    env.put("QSTEP_IBM_API_URL", fake.uri() + "/api");
    env.put("QSTEP_IBM_IAM_URL", fake.uri().toString());
    env.put("QSTEP_IBM_TIMEOUT_MS", "2000");
    return env;
  }

  static QpuRuntime runtime(Path dir, QpuRuntime.Failover failover, Budget budget, QpuTime time) {
    return new QpuRuntime(
        new QpuRuntime.Settings(
            dir,
            10,
            failover,
            budget,
            PriceTable.defaults(),
            new RetryPolicy(5, 10, 200, 2, 0.1),
            7),
        time);
  }

  static Backend backend(Map<String, String> env, QpuRuntime rt, QpuTime time) {
    return new IbmBackendProvider(env).create(26, rt, time);
  }
}
