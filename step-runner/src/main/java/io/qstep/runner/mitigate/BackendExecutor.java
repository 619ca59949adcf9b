package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.noise.NoiseScalable;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Executor} over a {@link Backend}. Noise is amplified by folding, or, with {@code
 * nativeScaling} on a simulator that implements {@link NoiseScalable}, by the simulator itself.
 * Every execution checks the step's deadline and records the calibration it ran under.
 */
public final class BackendExecutor implements Executor {
  private final Backend backend;
  private final StepContext ctx;
  private final int threads;
  private final boolean fuse;
  private final boolean nativeScaling;

  public BackendExecutor(Backend backend, StepContext ctx, int threads, boolean fuse) {
    this(backend, ctx, threads, fuse, false);
  }

  /**
   * @param nativeScaling amplify noise in the simulator ({@code zne_folding=native})
   * @throws io.qstep.error.QStepException naming param.zne_folding when the backend cannot
   */
  public BackendExecutor(
      Backend backend, StepContext ctx, int threads, boolean fuse, boolean nativeScaling) {
    this.backend = backend;
    this.ctx = ctx;
    this.threads = threads;
    this.fuse = fuse;
    if (nativeScaling && !(backend instanceof NoiseScalable)) {
      throw MitigationSpec.bad(
          "zne_folding",
          "zne_folding=native: backend '"
              + backend.name()
              + "' cannot scale its noise; use global, local or random folding");
    }
    this.nativeScaling = nativeScaling;
  }

  @Override
  public boolean scalesNoise() {
    return nativeScaling;
  }

  @Override
  public Result run(Circuit bound, double scale, long shots, List<String> observables, long seed) {
    if (scale != 1 && !nativeScaling) {
      throw new IllegalArgumentException("backend " + backend.name() + " cannot scale noise; fold");
    }
    ctx.checkpoint();
    ExecutionRequest req = new ExecutionRequest(bound, shots, observables, seed, threads, fuse);
    ExecutionResult r =
        nativeScaling
            ? ((NoiseScalable) backend).execute(req, ctx, scale)
            : backend.execute(req, ctx);
    ctx.noteCalibration(r.calibration());
    return new Result(r.expectations(), r.samples());
  }

  @Override
  public List<Result> runBatch(
      List<Circuit> bound, double scale, long shots, List<String> observables, long[] seeds) {
    if (nativeScaling) {
      // a simulator that scales its own noise: one by one, through the same call as run
      return Executor.super.runBatch(bound, scale, shots, observables, seeds);
    }
    if (scale != 1) {
      throw new IllegalArgumentException("backend " + backend.name() + " cannot scale noise; fold");
    }
    ctx.checkpoint();
    List<ExecutionRequest> reqs = new ArrayList<>(bound.size());
    for (int i = 0; i < bound.size(); i++) {
      reqs.add(new ExecutionRequest(bound.get(i), shots, observables, seeds[i], threads, fuse));
    }
    List<Result> out = new ArrayList<>(reqs.size());
    for (ExecutionResult r : backend.executeBatch(reqs, ctx)) {
      ctx.noteCalibration(r.calibration());
      out.add(new Result(r.expectations(), r.samples()));
    }
    return out;
  }

  @Override
  public String noiseModelId() {
    String cal = ctx.calibration().isNone() ? "" : ctx.calibration().id();
    return SurrogateTrainer.sha256(backend.name() + "|" + backend.version() + "|" + cal);
  }
}
