package io.qstep.runner.cli;

import io.qstep.client.ClientSettings;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep call}: one step against a running server. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = "Run one step on a running qstep server; same flags and outputs as 'run'.")
final class CallCommand implements Callable<Integer> {
  @Option(names = "--target", required = true, description = "HOST:PORT of the server.")
  String target;

  @Option(
      names = "--token",
      defaultValue = "${env:QSTEP_AUTH_TOKEN:-}",
      description = "Bearer token.")
  String token;

  @Mixin StepArgs args;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (QStepClient client =
        QStep.connect(ClientSettings.builder(target).bearerToken(token).build())) {
      return StepCommandSupport.execute(
          args, client::run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
