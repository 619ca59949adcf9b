package io.qstep.runner.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TaskSpec;
import io.qstep.task.TaskSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one pod of a fan-out Job does: read the fan-out's spec and inputs from the mounted inputs
 * ConfigMap, cut out its shard, run the step embedded, and write its part. Writing is
 * create-or-update, so a retried pod of the same shard overwrites, never duplicates.
 */
public final class ShardWorker {
  private ShardWorker() {}

  /** True for failures that repeat on every retry: the input itself is wrong or too large. */
  static boolean badInput(QStepException e) {
    return switch (e.category()) {
      case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, NOT_FOUND, FAILED_PRECONDITION, UNIMPLEMENTED ->
          true;
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNAUTHENTICATED, INTERNAL -> false;
    };
  }

  /**
   * Leaves the reason a shard refused its input where the caller finds it ({@code RUN-refused-N}),
   * so the caller neither retries it nor hides why. Best effort: the exit code (2) already tells
   * the Job not to retry the index.
   */
  private static void recordRefusal(
      KubernetesClient client, String namespace, String run, int shard, QStepException e) {
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(Parts.refusal(run, shard, namespace, e))
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException ignored) {
      // the Job still fails the index; the caller then reports the shard as failed
    }
  }

  /** The fan-out spec and tensors under {@code inputsDir} (the inputs ConfigMap's mount). */
  public static FanoutSpec readSpec(Path inputsDir) {
    String json;
    try {
      json = Files.readString(inputsDir.resolve(Parts.SPEC), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          "inputs",
          "inputs: cannot read " + inputsDir.resolve(Parts.SPEC) + ": " + e.getMessage());
    }
    return FanoutSpec.fromJson(
        json,
        file -> {
          try {
            return Parts.decode(file, Files.readAllBytes(inputsDir.resolve(file)));
          } catch (IOException e) {
            throw new K8sException(
                K8sException.Kind.CORRUPT, "cannot read input " + inputsDir.resolve(file), e);
          }
        });
  }

  /** Shard {@code shard}'s step request. */
  public static StepRequest request(FanoutSpec spec, int shard) {
    TaskSpec.Kind kind;
    try {
      kind = TaskSpec.Kind.fromId(spec.task());
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid("task", e.getMessage());
    }
    StepRequest.Builder b =
        StepRequest.builder(TaskSpecs.fromParameters(kind, spec.params()))
            .requestId(spec.run() + "-" + shard)
            .backend(spec.backend())
            .shots(spec.shots());
    Long seed = spec.shardSeed(shard);
    if (seed != null) {
      b.seed(seed);
    }
    spec.shardInputs(shard).forEach(b::input);
    return b.build();
  }

  /**
   * Runs shard {@code shard} and writes its part.
   *
   * @return the part written
   * @throws QStepException bad input (the pod exits 2 and the Job does not retry the index)
   * @throws K8sException when the part cannot be written
   */
  public static ConfigMap run(
      KubernetesClient client, String namespace, Path inputsDir, int shard, StepEngine engine) {
    FanoutSpec spec = readSpec(inputsDir);
    if (shard < 0 || shard >= spec.shards()) {
      throw QStepException.invalid(
          "index", "shard " + shard + " is outside [0, " + spec.shards() + ")");
    }
    StepResult r;
    ConfigMap part;
    try {
      r = engine.run(request(spec, shard));
      part = Parts.part(spec.run(), shard, namespace, r);
    } catch (QStepException e) {
      if (badInput(e)) {
        recordRefusal(client, namespace, spec.run(), shard, e);
      }
      throw e;
    }
    try {
      return client
          .configMaps()
          .inNamespace(namespace)
          .resource(part)
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw KubeClients.translate(e, client, "write part " + part.getMetadata().getName());
    }
  }
}
