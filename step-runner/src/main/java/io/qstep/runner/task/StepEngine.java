package io.qstep.runner.task;

import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.LiveConfig;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.drift.DriftCheck;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.tracking.Tracker;
import io.qstep.task.CircuitSpec;
import io.qstep.task.CompressSpec;
import io.qstep.task.KernelSpec;
import io.qstep.task.LayerSpec;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.QuboSpec;
import io.qstep.task.SampleSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TaskSpec;
import io.qstep.task.VqeSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs steps: resolves the backend, checks limits, dispatches to the task, and adds provenance
 * (seed, circuit version, backend, per-stage wall times). Protocol-free: the gRPC layer and the CLI
 * both call it. Thread-safe.
 */
public final class StepEngine {
  private final Supplier<RunnerConfig> config;
  private final BackendRegistry backends;
  private final Tracker tracker;

  /** An engine that tracks nothing. */
  public StepEngine(RunnerConfig config, BackendRegistry backends) {
    this(config, backends, Tracker.noop());
  }

  /**
   * @param tracker the Track stage: every successful step is handed to it (the caller owns and
   *     closes it)
   */
  public StepEngine(RunnerConfig config, BackendRegistry backends, Tracker tracker) {
    this(() -> config, backends, tracker);
  }

  /**
   * An engine whose limits may change while it runs (a ConfigMap reload): each step reads {@code
   * config} once, at its start, and keeps that snapshot to its end.
   *
   * @param config thread-safe; returns immutable snapshots, never null
   */
  public StepEngine(Supplier<RunnerConfig> config, BackendRegistry backends, Tracker tracker) {
    this.config = config;
    this.backends = backends;
    this.tracker = tracker;
  }

  /** The limits in force now. */
  public RunnerConfig config() {
    return config.get();
  }

  public BackendRegistry backends() {
    return backends;
  }

  /**
   * A context for {@code req}: its seed (or a drawn one) and its budget (the request's timeout,
   * capped by the server default).
   */
  public StepContext newContext(StepRequest req) {
    long seed =
        req.backend().seed().isPresent()
            ? req.backend().seed().getAsLong()
            : ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    long timeout = req.options().timeoutMs();
    RunnerConfig config = config();
    long budget =
        timeout == 0 ? config.defaultTimeoutMs() : Math.min(timeout, config.defaultTimeoutMs());
    StepContext ctx = new StepContext(seed, budget, req.parameters());
    if (this.config instanceof LiveConfig live) {
      String name = req.backend().name().isEmpty() ? "statevector" : req.backend().name();
      live.calibration(name).ifPresent(ctx::setLiveCalibration);
    }
    return ctx;
  }

  /** Runs a step with a fresh context. */
  public StepResult run(StepRequest req) {
    return run(req, newContext(req));
  }

  /**
   * Runs a step.
   *
   * @throws QStepException for bad input, limits, unknown backends, deadlines and cancellation
   */
  public StepResult run(StepRequest req, StepContext ctx) {
    long startMs = System.currentTimeMillis();
    RunnerConfig config = config();
    Backend backend = backends.get(req.backend().name());
    TaskSpec spec = req.task();
    TaskOutput out =
        switch (spec.kind()) {
          case LAYER -> LayerTask.run(req, (LayerSpec) spec, backend, config, ctx);
          case CIRCUIT -> CircuitTask.run(req, (CircuitSpec) spec, backend, config, ctx);
          case MAXCUT -> MaxCutTask.run(req, (MaxCutSpec) spec, backend, config, ctx);
          case QUBO -> QuboTask.run(req, (QuboSpec) spec, backend, config, ctx);
          case VQE -> VqeTask.run(req, (VqeSpec) spec, backend, config, ctx);
          case SAMPLE -> SampleTask.run(req, (SampleSpec) spec, backend, config, ctx);
          case COMPRESS -> CompressTask.run(req, (CompressSpec) spec, config, ctx);
          case KERNEL -> KernelTask.run(req, (KernelSpec) spec, backend, config, ctx);
        };
    ctx.addWallMs(StageName.MITIGATE, 0);
    ctx.metrics().forEach(out.metrics::putIfAbsent);
    ctx.artifacts().forEach(out.artifacts::putIfAbsent);
    if (DriftCheck.requested(req)) {
      out.metrics.putAll(
          ctx.time(StageName.VALIDATE, () -> DriftCheck.evaluate(req, out.outputs, ctx)));
    }
    CompletableFuture<StepResult> tracked = new CompletableFuture<>();
    track(
        new Tracker.TrackedStep(
            req, out.circuit, tracked, startMs, ctx.calibration(), out.artifacts, out.models),
        ctx);
    Map<String, Double> timings = new LinkedHashMap<>();
    ctx.wallMs().forEach((stage, ms) -> timings.put(stage.id(), ms));
    String id = req.requestId().isEmpty() ? UUID.randomUUID().toString() : req.requestId();
    StepResult result =
        new StepResult(
            id,
            spec.kind().id(),
            out.outputs,
            out.metrics,
            out.circuitVersion,
            backend.name(),
            backend.version(),
            timings,
            ctx.warnings(),
            ctx.seed(),
            ctx.qpu());
    tracked.complete(result);
    return result;
  }

  /** The Track stage: enqueue only; tracking never fails the step. */
  private void track(Tracker.TrackedStep step, StepContext ctx) {
    long t0 = System.nanoTime();
    try {
      tracker.track(step).ifPresent(ctx::warn);
    } catch (RuntimeException e) {
      step.result().cancel(false);
      ctx.warn("tracking: " + e);
    } finally {
      ctx.addWallMs(StageName.TRACK, (System.nanoTime() - t0) / 1e6);
    }
  }
}
