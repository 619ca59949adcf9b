package io.qstep.runner.tracking;

import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.List;

/** Steps and engines shared by the tracking tests. */
final class TrackingTestSupport {
  static final String GHZ =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\n"
          + "h q[0];\ncx q[0], q[1];\ncx q[1], q[2];\nc = measure q;\n";
  static final String SWEEP =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit[2] q;\n"
          + "ry(theta) q[0];\ncx q[0], q[1];\n";

  private TrackingTestSupport() {}

  static StepEngine engine(Tracker tracker) {
    RunnerConfig c = RunnerConfig.defaults();
    return new StepEngine(c, BackendRegistry.loadDefault(c.maxQubits()), tracker);
  }

  /** GHZ with shots: counts, samples and the outcome histogram. */
  static StepRequest ghzShots(long seed) {
    return StepRequest.builder(new CircuitSpec(GHZ, List.of())).shots(200).seed(seed).build();
  }

  /** A Bell sweep, exact: expectations. */
  static StepRequest sweep(long seed) {
    return StepRequest.builder(new CircuitSpec(SWEEP, List.of("ZZ", "XX")))
        .input("params", Tensor.ofDoubles(new double[] {0.0, 0.7, Math.PI / 2}, 3, 1))
        .seed(seed)
        .build();
  }
}
