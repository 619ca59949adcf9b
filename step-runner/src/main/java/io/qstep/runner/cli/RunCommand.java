package io.qstep.runner.cli;

import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code qstep run}: one step, embedded (no server). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one step in this process; write outputs (.npy) and result.json to --out.")
final class RunCommand implements Callable<Integer> {
  @Mixin StepArgs args;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RunnerConfig config = RunnerConfig.fromEnv(System.getenv());
    TrackingConfig tc = TrackingConfig.fromEnv(System.getenv());
    try (BackendRegistry backends = BackendRegistry.loadDefault(config.maxQubits());
        Tracker tracker = Trackers.create(tc)) {
      StepEngine engine = new StepEngine(config, backends, tracker);
      return StepCommandSupport.execute(
          args, engine::run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
