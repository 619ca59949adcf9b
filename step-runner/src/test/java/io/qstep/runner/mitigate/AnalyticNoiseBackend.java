package io.qstep.runner.mitigate;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StepContext;

/** A test backend over {@link AnalyticNoise}: exact or sampled, known noise. */
final class AnalyticNoiseBackend implements Backend {
  static final String NAME = "toy-noisy";
  private final AnalyticNoise noise;

  AnalyticNoiseBackend(AnalyticNoise noise) {
    this.noise = noise;
  }

  static BackendProvider provider(AnalyticNoise noise) {
    return new BackendProvider() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public boolean isAvailable() {
        return true;
      }

      @Override
      public Backend create(int maxQubits) {
        return new AnalyticNoiseBackend(noise);
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "toy-1";
  }

  @Override
  public BackendCapabilities capabilities() {
    return new BackendCapabilities(
        12, BackendCapabilities.allGates(), true, true, true, 1_000_000, "analytic noise (tests)");
  }

  @Override
  public ExecutionResult execute(ExecutionRequest req, StepContext ctx) {
    Executor.Result r = noise.run(req.circuit(), 1, req.shots(), req.observables(), req.seed());
    return new ExecutionResult(
        r.expectations(), r.samples(), req.circuit().numQubits(), "toy-cal-1", 0, 0);
  }
}
