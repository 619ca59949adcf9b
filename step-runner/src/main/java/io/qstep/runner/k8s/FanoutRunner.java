package io.qstep.runner.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.qstep.error.QStepException;
import io.qstep.runner.tracking.ResultJson;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepResult;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The caller's side of a fan-out: writes the inputs ConfigMap, runs the shards as a Kubernetes
 * Indexed Job (one pod per index, {@code JOB_COMPLETION_INDEX} picks the shard), waits for the Job
 * to finish, finds the shards whose part is missing and runs only those again in a new Job (at most
 * {@code retries} times), then merges the parts in shard order. Nothing merged is returned unless
 * every shard's part is present. Objects are labelled {@code qstep.io/fanout=RUN} and deleted at
 * the end (success or failure) unless kept.
 */
public final class FanoutRunner {
  /** Where the inputs ConfigMap is mounted in a shard pod. */
  public static final String INPUTS_MOUNT = "/qstep/inputs";

  /** Exit code of a shard for bad input: the Job fails that index at once, without retries. */
  static final int BAD_INPUT_EXIT = 2;

  /**
   * How to run the Jobs.
   *
   * @param image the step-runner image (its ENTRYPOINT is the qstep CLI)
   * @param parallelism pods at once per Job
   * @param podRetries retries of a failed pod within a Job, per index (backoffLimitPerIndex)
   * @param retries new Jobs for shards whose part is missing after a Job ended (0..10)
   * @param timeout budget of one Job (its activeDeadlineSeconds; the caller waits a little longer)
   * @param keep keep the Jobs and ConfigMaps afterwards (for debugging)
   * @param cpu CPU request and limit of a shard pod
   * @param memory memory request and limit of a shard pod
   * @param serviceAccount the shard pods' service account (may write parts)
   */
  public record Options(
      String image,
      int parallelism,
      int podRetries,
      int retries,
      Duration timeout,
      boolean keep,
      String cpu,
      String memory,
      String serviceAccount) {
    public Options {
      if (image == null || image.isBlank()) {
        throw QStepException.missing("image");
      }
      if (parallelism < 1) {
        throw QStepException.invalid("parallelism", "parallelism must be >= 1");
      }
      if (podRetries < 0 || podRetries > 10) {
        throw QStepException.invalid("pod-retries", "pod-retries must be in [0, 10]");
      }
      if (retries < 0 || retries > 10) {
        throw QStepException.invalid("retries", "retries must be in [0, 10]");
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw QStepException.invalid("timeout", "timeout must be > 0");
      }
      try {
        Quantity.getAmountInBytes(new Quantity(cpu));
        Quantity.getAmountInBytes(new Quantity(memory));
      } catch (RuntimeException e) {
        throw QStepException.invalid("memory", "not a Kubernetes quantity: " + cpu + ", " + memory);
      }
    }
  }

  /**
   * A finished fan-out.
   *
   * @param result the merged result
   * @param jobs the Jobs run, in order
   * @param shards per shard: index, rows, the Job whose pod wrote it, its metrics
   */
  public record Outcome(StepResult result, List<String> jobs, JsonArray shards) {}

  private FanoutRunner() {}

  /**
   * Runs {@code spec} on the cluster and merges the parts.
   *
   * @param log progress lines
   * @throws QStepException bad input, found before anything is created
   * @throws K8sException UNREACHABLE, REJECTED, TIMEOUT, or SHARDS_FAILED naming the shards that
   *     failed every attempt
   */
  public static Outcome run(
      KubernetesClient client,
      String namespace,
      FanoutSpec spec,
      Options opt,
      Consumer<String> log) {
    ConfigMap inputs = Parts.inputs(spec, namespace);
    List<String> jobs = new ArrayList<>();
    boolean created = false;
    try {
      client.configMaps().inNamespace(namespace).resource(inputs).create();
      created = true;
      List<Integer> pending = IntStream.range(0, spec.shards()).boxed().toList();
      Map<Integer, String> writtenBy = new LinkedHashMap<>();
      Map<Integer, String> refused = new java.util.TreeMap<>();
      String lastFailure = "";
      for (int attempt = 0; attempt <= opt.retries() && !pending.isEmpty(); attempt++) {
        Job job = job(spec, namespace, opt, attempt, pending);
        String name = job.getMetadata().getName();
        client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        jobs.add(name);
        log.accept(
            "job "
                + name
                + ": "
                + pending.size()
                + " shard(s) "
                + pending
                + ", attempt "
                + attempt);
        Job done = await(client, namespace, name, opt.timeout());
        Set<Integer> present = labelled(client, namespace, spec.run(), "part");
        for (int s : labelled(client, namespace, spec.run(), "refused")) {
          if (pending.contains(s) && !present.contains(s)) {
            refused.putIfAbsent(s, refusal(client, namespace, spec.run(), s));
          }
        }
        for (int s : pending) {
          if (present.contains(s)) {
            writtenBy.putIfAbsent(s, name);
          }
        }
        List<Integer> missing =
            pending.stream().filter(s -> !present.contains(s) && !refused.containsKey(s)).toList();
        if (!missing.isEmpty()) {
          lastFailure = failure(done);
          log.accept("job " + name + ": shard(s) " + missing + " failed" + lastFailure);
        }
        pending = missing;
      }
      if (!refused.isEmpty()) {
        // bad input fails the same way on every retry: report it as bad input (exit 2)
        Map.Entry<Integer, String> first = refused.entrySet().iterator().next();
        throw new QStepException(
            io.qstep.error.ErrorReason.INVALID_VALUE,
            "shards",
            "fan-out "
                + spec.run()
                + ": shard(s) "
                + refused.keySet()
                + " refused their input (shard "
                + first.getKey()
                + ": "
                + first.getValue()
                + ")"
                + (pending.isEmpty() ? "" : "; shard(s) " + pending + " failed")
                + "; no merged output was written");
      }
      if (!pending.isEmpty()) {
        throw new K8sException(
            K8sException.Kind.SHARDS_FAILED,
            "fan-out "
                + spec.run()
                + ": shard(s) "
                + pending
                + " of "
                + spec.shards()
                + " failed after "
                + jobs.size()
                + " attempt(s) (jobs "
                + jobs
                + ")"
                + lastFailure
                + "; no merged output was written");
      }
      List<Parts.Part> parts = readParts(client, namespace, spec);
      StepResult merged = merge(spec, parts);
      JsonArray shards = new JsonArray();
      for (Parts.Part p : parts) {
        JsonObject o = new JsonObject();
        o.addProperty("shard", p.shard());
        JsonArray rows = new JsonArray();
        rows.add(spec.start(p.shard()));
        rows.add(spec.end(p.shard()));
        o.add("rows", rows);
        o.addProperty("job", writtenBy.get(p.shard()));
        o.add("metrics", p.result().get("metrics"));
        o.add("timings_ms", p.result().get("timings_ms"));
        shards.add(o);
      }
      return new Outcome(merged, List.copyOf(jobs), shards);
    } catch (KubernetesClientException e) {
      throw KubeClients.translate(e, client, "fan-out " + spec.run());
    } finally {
      if (created && !opt.keep()) {
        cleanup(client, namespace, spec.run(), log);
      }
    }
  }

  /** The Indexed Job for {@code shards} (index i runs shard shards[i]). */
  static Job job(FanoutSpec spec, String ns, Options opt, int attempt, List<Integer> shards) {
    String name = spec.run() + "-a" + attempt;
    String map = shards.stream().map(String::valueOf).collect(Collectors.joining(","));
    Map<String, Quantity> res =
        Map.of("cpu", new Quantity(opt.cpu()), "memory", new Quantity(opt.memory()));
    long deadline = Math.max(1, opt.timeout().toSeconds());
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("app.kubernetes.io/name", "qstep-shard")
        .addToLabels("app.kubernetes.io/part-of", "qstep")
        .addToLabels(Parts.LABEL_RUN, spec.run())
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(shards.size())
        .withParallelism(Math.min(shards.size(), opt.parallelism()))
        .withBackoffLimitPerIndex(opt.podRetries())
        .withActiveDeadlineSeconds(deadline)
        .withTtlSecondsAfterFinished(3600)
        .withNewPodFailurePolicy()
        // bad input fails the same way every time: no retry of that index
        .addNewRule()
        .withAction("FailIndex")
        .withNewOnExitCodes()
        .withContainerName("shard")
        .withOperator("In")
        .withValues(BAD_INPUT_EXIT)
        .endOnExitCodes()
        .endRule()
        // an evicted or preempted pod does not count against the retries
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/name", "qstep-shard")
        .addToLabels("app.kubernetes.io/part-of", "qstep")
        .addToLabels(Parts.LABEL_RUN, spec.run())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(opt.serviceAccount())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("shard")
        .withImage(opt.image())
        .withArgs("k8s", "shard", "--index-map=" + map, "--inputs=" + INPUTS_MOUNT)
        .addNewEnv()
        .withName("POD_NAMESPACE")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        // the runner's settings (limits, MLflow) when the overlay is deployed; optional
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName("qstep-runner-config")
        .withOptional(true)
        .endConfigMapRef()
        .endEnvFrom()
        .withNewResources()
        .withRequests(res)
        .withLimits(res)
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("inputs")
        .withMountPath(INPUTS_MOUNT)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("inputs")
        .withNewConfigMap()
        .withName(Parts.inputsName(spec.run()))
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static boolean finished(Job j) {
    if (j == null) {
      return true; // deleted under us: its missing parts count as failed shards
    }
    return j.getStatus() != null
        && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  private static Job await(KubernetesClient client, String ns, String name, Duration timeout) {
    long waitS = timeout.toSeconds() + 60;
    try {
      return client
          .batch()
          .v1()
          .jobs()
          .inNamespace(ns)
          .withName(name)
          .waitUntilCondition(FanoutRunner::finished, waitS, TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new K8sException(
          K8sException.Kind.TIMEOUT,
          "job " + name + " did not finish within " + waitS + " s; no merged output was written",
          e);
    }
  }

  private static String failure(Job j) {
    if (j == null) {
      return " (the job was deleted)";
    }
    if (j.getStatus() == null || j.getStatus().getConditions() == null) {
      return "";
    }
    for (JobCondition c : j.getStatus().getConditions()) {
      if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
        return " ("
            + Objects.requireNonNullElse(c.getReason(), "Failed")
            + (c.getMessage() == null ? "" : ": " + c.getMessage())
            + ")";
      }
    }
    return "";
  }

  private static String refusal(KubernetesClient client, String ns, String run, int shard) {
    ConfigMap cm =
        client.configMaps().inNamespace(ns).withName(Parts.refusalName(run, shard)).get();
    byte[] b = cm == null ? null : Parts.files(cm).get("error.json");
    if (b == null) {
      return "no reason recorded";
    }
    try {
      JsonObject o =
          com.google.gson.JsonParser.parseString(
                  new String(b, java.nio.charset.StandardCharsets.UTF_8))
              .getAsJsonObject();
      return o.get("reason").getAsString() + ": " + o.get("message").getAsString();
    } catch (RuntimeException e) {
      return "unreadable reason";
    }
  }

  private static Set<Integer> labelled(
      KubernetesClient client, String ns, String run, String role) {
    Set<Integer> out = new TreeSet<>();
    for (ConfigMap cm :
        client
            .configMaps()
            .inNamespace(ns)
            .withLabel(Parts.LABEL_RUN, run)
            .withLabel(Parts.LABEL_ROLE, role)
            .list()
            .getItems()) {
      try {
        out.add(Integer.parseInt(cm.getMetadata().getLabels().get(Parts.LABEL_SHARD)));
      } catch (NumberFormatException | NullPointerException e) {
        // not one of ours: ignore
      }
    }
    return out;
  }

  private static List<Parts.Part> readParts(KubernetesClient client, String ns, FanoutSpec spec) {
    List<Parts.Part> out = new ArrayList<>();
    for (int s = 0; s < spec.shards(); s++) {
      ConfigMap cm =
          client.configMaps().inNamespace(ns).withName(Parts.partName(spec.run(), s)).get();
      if (cm == null) {
        throw new K8sException(
            K8sException.Kind.CORRUPT, "part of shard " + s + " vanished before the merge");
      }
      out.add(Parts.readPart(s, cm));
    }
    return out;
  }

  private static void cleanup(
      KubernetesClient client, String ns, String run, Consumer<String> log) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(ns)
          .withLabel(Parts.LABEL_RUN, run)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
      client.configMaps().inNamespace(ns).withLabel(Parts.LABEL_RUN, run).delete();
    } catch (KubernetesClientException e) {
      log.accept(
          "cleanup of fan-out "
              + run
              + " failed (delete label qstep.io/fanout="
              + run
              + "): "
              + e.getMessage());
    }
  }

  /**
   * Merges parts in shard order: an output whose first axis has each shard's row count is
   * concatenated along it; any other output must be identical in every shard and is taken once.
   * Metrics equal in every shard are kept (per-shard values are in the fan-out record); stage times
   * are summed; warnings are kept with their shard.
   *
   * @throws K8sException CORRUPT when the parts disagree in a way no merge can resolve
   */
  static StepResult merge(FanoutSpec spec, List<Parts.Part> parts) {
    Parts.Part first = parts.get(0);
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    for (String name : first.outputs().keySet()) {
      List<Tensor> ts = new ArrayList<>();
      for (Parts.Part p : parts) {
        Tensor t = p.outputs().get(name);
        if (t == null) {
          throw new K8sException(
              K8sException.Kind.CORRUPT, "shard " + p.shard() + " has no output " + name);
        }
        ts.add(t);
      }
      boolean rowAligned = true;
      for (int i = 0; i < ts.size(); i++) {
        Tensor t = ts.get(i);
        rowAligned &= t.rank() >= 1 && t.dim(0) == spec.end(i) - spec.start(i);
      }
      if (rowAligned) {
        outputs.put(name, concat(name, ts));
      } else if (ts.stream().allMatch(ts.get(0)::equals)) {
        outputs.put(name, ts.get(0));
      } else {
        throw new K8sException(
            K8sException.Kind.CORRUPT,
            "output "
                + name
                + " is neither row-aligned with input "
                + spec.split()
                + " nor the same in every shard: it cannot be merged");
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> m : first.result().getAsJsonObject("metrics").entrySet()) {
      double v = m.getValue().getAsDouble();
      boolean same =
          parts.stream()
              .allMatch(
                  p -> {
                    JsonElement e = p.result().getAsJsonObject("metrics").get(m.getKey());
                    return e != null && Double.compare(e.getAsDouble(), v) == 0;
                  });
      if (same) {
        metrics.put(m.getKey(), v);
      }
    }
    metrics.put("fanout_shards", (double) spec.shards());
    Map<String, Double> timings = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Set<String> versions = new TreeSet<>();
    List<QpuProvenance> qpu = new ArrayList<>();
    for (Parts.Part p : parts) {
      qpu.addAll(ResultJson.qpu(p.result().get("qpu")));
      for (Map.Entry<String, JsonElement> t : p.result().getAsJsonObject("timings_ms").entrySet()) {
        timings.merge(t.getKey(), t.getValue().getAsDouble(), Double::sum);
      }
      p.result()
          .getAsJsonArray("warnings")
          .forEach(w -> warnings.add("shard " + p.shard() + ": " + w.getAsString()));
      versions.add(p.result().get("circuit_version").getAsString());
    }
    return new StepResult(
        spec.run(),
        first.result().get("task").getAsString(),
        outputs,
        metrics,
        versions.size() == 1 ? versions.iterator().next() : "",
        first.result().get("backend").getAsString(),
        first.result().get("backend_version").getAsString(),
        timings,
        warnings,
        spec.seed() == null ? 0 : spec.seed(),
        qpu);
  }

  /** Concatenates tensors along axis 0 (same dtype and trailing shape). */
  static Tensor concat(String name, List<Tensor> ts) {
    Tensor first = ts.get(0);
    long[] shape = first.shape().clone();
    shape[0] = 0;
    for (Tensor t : ts) {
      long[] s = t.shape();
      boolean sameTail = s.length == shape.length && t.dtype() == first.dtype();
      for (int d = 1; sameTail && d < s.length; d++) {
        sameTail = s[d] == shape[d];
      }
      if (!sameTail) {
        throw new K8sException(
            K8sException.Kind.CORRUPT,
            "output " + name + ": shards disagree on dtype or trailing shape");
      }
      shape[0] += s[0];
    }
    if (first.dtype() == DType.BYTES) {
      List<String> all = new ArrayList<>();
      ts.forEach(t -> all.addAll(t.toStringList()));
      return Tensor.ofStrings(all, shape);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ts.forEach(t -> bytes.writeBytes(t.toByteArray()));
    return Tensor.of(first.dtype(), shape, bytes.toByteArray());
  }
}
