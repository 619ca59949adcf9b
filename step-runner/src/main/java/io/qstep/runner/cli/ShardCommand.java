package io.qstep.runner.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.k8s.FanoutRunner;
import io.qstep.runner.k8s.KubeClients;
import io.qstep.runner.k8s.ShardWorker;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep k8s shard}: the worker a fan-out Job's pod runs. */
@Command(
    name = "shard",
    mixinStandardHelpOptions = true,
    description =
        "Run one shard of a fan-out (inside its Job's pod): read the mounted inputs, run the step"
            + " embedded, write the part ConfigMap. Exit 2 for bad input (not retried).")
final class ShardCommand implements Callable<Integer> {
  @Mixin K8sCommand.Cluster cluster;
  @Spec CommandSpec spec;

  @Option(
      names = "--index",
      defaultValue = "${env:JOB_COMPLETION_INDEX}",
      description = "Job completion index (default env JOB_COMPLETION_INDEX).")
  Integer index;

  @Option(
      names = "--index-map",
      split = ",",
      description = "Shard of each index, for a retry Job (index i runs shard map[i]).")
  List<Integer> indexMap;

  @Option(
      names = "--inputs",
      defaultValue = FanoutRunner.INPUTS_MOUNT,
      description = "Directory of the mounted inputs ConfigMap.")
  Path inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return K8sCommand.guarded(
        err,
        () -> {
          if (index == null) {
            throw QStepException.missing("index");
          }
          int shard = index;
          if (indexMap != null && !indexMap.isEmpty()) {
            if (index < 0 || index >= indexMap.size()) {
              throw QStepException.invalid(
                  "index", "index " + index + " is outside the index map " + indexMap);
            }
            shard = indexMap.get(index);
          }
          if (cluster.namespace == null) {
            cluster.namespace = System.getenv("POD_NAMESPACE");
          }
          RunnerConfig config = RunnerConfig.fromEnv(System.getenv());
          try (BackendRegistry backends = BackendRegistry.loadDefault(config.maxQubits());
              Tracker tracker = Trackers.create(TrackingConfig.fromEnv(System.getenv()));
              KubernetesClient client = cluster.connect()) {
            var part =
                ShardWorker.run(
                    client,
                    KubeClients.namespace(client),
                    inputs,
                    shard,
                    new StepEngine(config, backends, tracker));
            out.printf("shard %d: wrote %s%n", shard, part.getMetadata().getName());
          }
          return 0;
        });
  }
}
