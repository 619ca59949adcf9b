package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StepContext;
import java.util.List;

/**
 * An {@link Executor} over a {@link Backend}: noise is amplified by folding (scale must be 1 here),
 * every execution checks the step's deadline and records the calibration it ran under.
 */
public final class BackendExecutor implements Executor {
  private final Backend backend;
  private final StepContext ctx;
  private final int threads;
  private final boolean fuse;

  public BackendExecutor(Backend backend, StepContext ctx, int threads, boolean fuse) {
    this.backend = backend;
    this.ctx = ctx;
    this.threads = threads;
    this.fuse = fuse;
  }

  @Override
  public Result run(Circuit bound, double scale, long shots, List<String> observables, long seed) {
    if (scale != 1) {
      throw new IllegalArgumentException("backend " + backend.name() + " cannot scale noise; fold");
    }
    ctx.checkpoint();
    ExecutionResult r =
        backend.execute(new ExecutionRequest(bound, shots, observables, seed, threads, fuse), ctx);
    ctx.noteCalibration(r.calibration());
    return new Result(r.expectations(), r.samples());
  }

  @Override
  public String noiseModelId() {
    String cal = ctx.calibration().isNone() ? "" : ctx.calibration().id();
    return SurrogateTrainer.sha256(backend.name() + "|" + backend.version() + "|" + cal);
  }
}
