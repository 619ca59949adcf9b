package io.qstep.runner.cli;

import io.qstep.client.ClientSettings;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.kfp.ExecutorInput;
import io.qstep.runner.kfp.KfpStep;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep kfp}: one step as a Kubeflow Pipelines v2 container component. */
@Command(
    name = "kfp",
    mixinStandardHelpOptions = true,
    description = {
      "Run one step as a Kubeflow Pipelines v2 component: read the executor input (the {{$}}"
          + " placeholder), run the step embedded or on --target, write the output artifacts and"
          + " parameters and then the executor output to outputs.outputFile.",
      "Exit 0 on success; 2 for bad input (executor input, artifacts, task); 1 for other"
          + " failures (e.g. an unreachable --target). On failure no executor output is written"
          + " and no output file is left in place."
    })
final class KfpCommand implements Callable<Integer> {
  @Option(
      names = "--executor-input",
      required = true,
      description =
          "The executor input: its JSON text (what {{$}} expands to) or a file holding it.")
  String executorInput;

  @Option(
      names = "--target",
      defaultValue = "",
      description =
          "HOST:PORT of a running qstep server; empty: the 'target' input parameter, and when that"
              + " is empty too, run embedded.")
  String target;

  @Option(
      names = "--token",
      defaultValue = "${env:QSTEP_AUTH_TOKEN:-}",
      description = "Bearer token for --target.")
  String token;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = System.getenv();
    try {
      KfpStep step = KfpStep.prepare(ExecutorInput.parse(executorInputText()));
      StepRequest req = step.request(env);
      String where = !target.isBlank() ? target.trim() : step.target().trim();
      StepResult r = where.isEmpty() ? runEmbedded(req, env) : runRemote(req, where);
      step.complete(r);
      out.printf(
          "%s on %s: %s -> %s%n",
          r.task(), r.backendName(), r.outputs().keySet(), step.executorInput().outputFile());
      StepCommandSupport.printQpu(r, out);
      for (String w : r.warnings()) {
        err.println("qstep: warning: " + w);
      }
      return 0;
    } catch (QStepException e) {
      err.println("qstep: " + StepCommandSupport.oneLine(e));
      return StepCommandSupport.exitCode(e);
    }
  }

  private String executorInputText() {
    String s = executorInput.strip();
    if (s.startsWith("{")) {
      return s;
    }
    try {
      return Files.readString(Path.of(s), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw QStepException.invalid(
          ExecutorInput.FIELD,
          ExecutorInput.FIELD + ": neither JSON nor a readable file: " + abbreviate(s));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static StepResult runEmbedded(StepRequest req, Map<String, String> env) {
    RunnerConfig config = RunnerConfig.fromEnv(env);
    try (BackendRegistry backends = BackendRegistry.loadDefault(config.maxQubits());
        Tracker tracker = Trackers.create(TrackingConfig.fromEnv(env))) {
      return new StepEngine(config, backends, tracker).run(req);
    }
  }

  private StepResult runRemote(StepRequest req, String where) {
    try (QStepClient client =
        QStep.connect(ClientSettings.builder(where).bearerToken(token).build())) {
      return client.run(req);
    } catch (QStepException e) {
      if (e.reason().category() != io.qstep.error.ErrorReason.Category.UNAVAILABLE) {
        throw e;
      }
      throw QStepException.of(
          e.reason(),
          "target",
          "target: the qstep server at " + where + " is unreachable: " + e.getMessage(),
          e);
    }
  }
}
