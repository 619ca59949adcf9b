package io.qstep.runner.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.k8s.FanoutRunner;
import io.qstep.runner.k8s.FanoutSpec;
import io.qstep.runner.k8s.KubeClients;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep k8s fanout}: one step over a large batch, as a Kubernetes Indexed Job. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description = {
      "Split one input along its rows into shards, run each shard as one index of a Kubernetes"
          + " Indexed Job (the step embedded in the pod), retry the shards that failed in new"
          + " Jobs, and merge the parts into --out (outputs .npy, fanout.json, result.json last).",
      "Nothing is written to --out unless every shard succeeded."
    })
final class FanoutCommand implements Callable<Integer> {
  @Mixin StepArgs args;
  @Mixin K8sCommand.Cluster cluster;
  @Spec CommandSpec spec;

  @Option(names = "--split", required = true, description = "Input cut into shards by rows.")
  String split;

  @Option(names = "--shards", required = true, description = "Number of shards (Job indexes).")
  int shards;

  @Option(names = "--name", description = "Fan-out name (default qstep-fanout-<random>).")
  String name;

  @Option(
      names = "--image",
      defaultValue = "${env:QSTEP_IMAGE:-qstep/step-runner:0.1.0}",
      description = "Step-runner image for the shard pods (env QSTEP_IMAGE).")
  String image;

  @Option(names = "--parallelism", defaultValue = "8", description = "Pods at once.")
  int parallelism;

  @Option(
      names = "--pod-retries",
      defaultValue = "1",
      description = "Pod retries per index within a Job (backoffLimitPerIndex).")
  int podRetries;

  @Option(
      names = "--retries",
      defaultValue = "2",
      description = "New Jobs for the shards still missing after a Job ends.")
  int retries;

  @Option(names = "--job-timeout-s", defaultValue = "3600", description = "Budget of one Job.")
  long jobTimeoutS;

  @Option(names = "--cpu", defaultValue = "1", description = "CPU of a shard pod.")
  String cpu;

  @Option(names = "--memory", defaultValue = "2Gi", description = "Memory of a shard pod.")
  String memory;

  @Option(
      names = "--service-account",
      defaultValue = "qstep-shard",
      description = "Service account of the shard pods.")
  String serviceAccount;

  @Option(names = "--keep", description = "Keep the Jobs and ConfigMaps afterwards.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return K8sCommand.guarded(
        err,
        () -> {
          // a stale result.json must not pass for this fan-out's if it fails
          Files.deleteIfExists(args.out.resolve("result.json"));
          FanoutSpec fs = toSpec();
          FanoutRunner.Options opt =
              new FanoutRunner.Options(
                  image,
                  parallelism,
                  podRetries,
                  retries,
                  Duration.ofSeconds(Math.max(1, jobTimeoutS)),
                  keep,
                  cpu,
                  memory,
                  serviceAccount);
          FanoutRunner.Outcome o;
          try (KubernetesClient client = cluster.connect()) {
            o =
                FanoutRunner.run(
                    client,
                    KubeClients.namespace(client),
                    fs,
                    opt,
                    l -> err.println("qstep: " + l));
          }
          Files.createDirectories(args.out);
          JsonObject record = new JsonObject();
          record.addProperty("name", fs.run());
          record.addProperty("split", fs.split());
          record.addProperty("rows", fs.rows());
          record.addProperty("shards", fs.shards());
          JsonArray jobs = new JsonArray();
          o.jobs().forEach(jobs::add);
          record.add("jobs", jobs);
          record.add("parts", o.shards());
          Files.writeString(
              args.out.resolve("fanout.json"),
              new GsonBuilder().setPrettyPrinting().create().toJson(record),
              StandardCharsets.UTF_8);
          ResultFiles.write(o.result(), args.out);
          out.printf(
              "fan-out %s: %d shards in %d job(s) -> %s%n",
              fs.run(), fs.shards(), o.jobs().size(), args.out.resolve("result.json"));
          return 0;
        });
  }

  private FanoutSpec toSpec() {
    Map<String, String> params = new LinkedHashMap<>(args.params);
    if (args.qasm != null) {
      try {
        params.put("qasm", Files.readString(args.qasm, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new QStepException(
            ErrorReason.INVALID_VALUE, "qasm", "qasm: cannot read " + args.qasm + ": " + e);
      }
    }
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    args.inputs.forEach((k, f) -> inputs.put(k, StepArgs.load(k, f)));
    String run =
        name != null
            ? name
            : "qstep-fanout-"
                + HexFormat.of()
                    .formatHex(
                        new byte[] {
                          (byte) ThreadLocalRandom.current().nextInt(),
                          (byte) ThreadLocalRandom.current().nextInt(),
                          (byte) ThreadLocalRandom.current().nextInt(),
                          (byte) ThreadLocalRandom.current().nextInt()
                        });
    FanoutSpec fs =
        new FanoutSpec(
            run, args.task, params, args.backend, args.shots, args.seed, split, shards, inputs);
    // the step itself must be well-formed before any pod is started
    io.qstep.runner.k8s.ShardWorker.request(fs, 0);
    return fs;
  }
}
