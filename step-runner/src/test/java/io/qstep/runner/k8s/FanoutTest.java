package io.qstep.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.qstep.runner.cli.Main;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qstep k8s fanout} end to end against Fabric8's mock API server (CRUD mode). The mock runs
 * no controllers, so a fake Job controller stands in for kube-controller-manager and the kubelet:
 * for every Job created it runs each index's pod command in this JVM (the real {@code qstep k8s
 * shard} with the Job's own container args, the inputs ConfigMap written out as the kubelet would
 * mount it), then sets the Job's status to Complete or Failed as the Job controller would.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class FanoutTest {
  static final String NS = "qstep-fanout";
  static final String SWEEP =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] theta;\nqubit[2] q;\n"
          + "h q[0];\ncx q[0], q[1];\nry(theta) q[1];\n";

  KubernetesClient client;
  @TempDir Path dir;

  /** (shard, attempt) -> this pod fails (exits 1 before writing its part). */
  volatile BiPredicate<Integer, Integer> fails = (s, a) -> false;

  final List<Job> jobsSeen = new CopyOnWriteArrayList<>();
  final List<String> controllerErrors = new CopyOnWriteArrayList<>();
  ExecutorService controller;
  SharedIndexInformer<Job> informer;

  record Run(int code, String out, String err) {}

  static Run qstep(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void startController() {
    controller = Executors.newSingleThreadExecutor();
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    jobsSeen.add(job);
                    controller.submit(() -> simulate(job));
                  }

                  @Override
                  public void onUpdate(Job oldJob, Job job) {}

                  @Override
                  public void onDelete(Job job, boolean unknown) {}
                });
  }

  @AfterEach
  void stopController() {
    informer.stop();
    controller.shutdownNow();
    assertThat(controllerErrors).isEmpty();
  }

  /** What the Job controller and kubelet would do with {@code job}. */
  void simulate(Job job) {
    try {
      String name = job.getMetadata().getName();
      int attempt = Integer.parseInt(name.substring(name.lastIndexOf("-a") + 2));
      Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      String cmName =
          job.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName();
      ConfigMap inputs = client.configMaps().inNamespace(NS).withName(cmName).get();
      Path mount = Files.createTempDirectory(dir, "mount");
      for (Map.Entry<String, String> e : inputs.getBinaryData().entrySet()) {
        Files.write(mount.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
      List<Integer> map =
          c.getArgs().stream()
              .filter(a -> a.startsWith("--index-map="))
              .flatMap(a -> java.util.Arrays.stream(a.substring(12).split(",")))
              .map(Integer::parseInt)
              .toList();
      List<Integer> failed = new ArrayList<>();
      for (int i = 0; i < job.getSpec().getCompletions(); i++) {
        int shard = map.get(i);
        if (fails.test(shard, attempt)) {
          failed.add(i);
          continue;
        }
        // the pod's own args, with the kubelet's mount path for the inputs
        List<String> args = new ArrayList<>();
        for (String a : c.getArgs()) {
          args.add(a.startsWith("--inputs=") ? "--inputs=" + mount : a);
        }
        args.addAll(
            List.of("--server", client.getMasterUrl().toString(), "-n", NS, "--index", "" + i));
        Run r = qstep(args);
        if (r.code == Main.EXIT_BAD_INPUT) {
          failed.add(i); // podFailurePolicy: FailIndex, no retry
        } else if (r.code != 0) {
          controllerErrors.add("shard " + shard + ": " + r.err);
          failed.add(i);
        }
      }
      String done =
          java.util.stream.IntStream.range(0, job.getSpec().getCompletions())
              .filter(i -> !failed.contains(i))
              .mapToObj(String::valueOf)
              .collect(Collectors.joining(","));
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(NS)
          .withName(name)
          .editStatus(
              j -> {
                j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
                j.getStatus().setCompletedIndexes(done);
                j.getStatus().setSucceeded(job.getSpec().getCompletions() - failed.size());
                j.getStatus().setFailed(failed.size());
                if (!failed.isEmpty()) {
                  j.getStatus()
                      .setFailedIndexes(
                          failed.stream().map(String::valueOf).collect(Collectors.joining(",")));
                }
                j.getStatus()
                    .setConditions(
                        List.of(
                            new JobConditionBuilder()
                                .withType(failed.isEmpty() ? "Complete" : "Failed")
                                .withStatus("True")
                                .withReason(failed.isEmpty() ? null : "FailedIndexes")
                                .withMessage(failed.isEmpty() ? null : "Job has failed indexes")
                                .build()));
                return j;
              });
    } catch (Exception e) {
      controllerErrors.add(e.toString());
    }
  }

  Path writeInputs(int rows) throws Exception {
    double[] theta = new double[rows];
    for (int i = 0; i < rows; i++) {
      theta[i] = i * Math.PI / (rows - 1);
    }
    Npy.write(Tensor.ofDoubles(theta, rows, 1), dir.resolve("theta.npy"));
    Files.writeString(dir.resolve("sweep.qasm"), SWEEP);
    return dir.resolve("theta.npy");
  }

  List<String> fanout(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "k8s",
                "fanout",
                "--server",
                client.getMasterUrl().toString(),
                "-n",
                NS,
                "--task",
                "circuit",
                "--qasm",
                dir.resolve("sweep.qasm").toString(),
                "-i",
                "params=" + dir.resolve("theta.npy"),
                "-p",
                "observables=ZZ,XX",
                "--split",
                "params",
                "--name",
                "sweep",
                "--image",
                "qstep/step-runner:test",
                "--out",
                dir.resolve("out").toString()));
    a.addAll(List.of(extra));
    return a;
  }

  void assertNothingLeft() {
    assertThat(client.configMaps().inNamespace(NS).withLabel(Parts.LABEL_RUN).list().getItems())
        .isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void fanout_mergesEveryShard_identicalToOneEmbeddedRun() throws Exception {
    writeInputs(10);
    Run r = qstep(fanout("--shards", "3"));
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("fan-out sweep: 3 shards in 1 job(s)");

    Path whole = dir.resolve("whole");
    Run one =
        qstep(
            List.of(
                "run",
                "--task",
                "circuit",
                "--qasm",
                dir.resolve("sweep.qasm").toString(),
                "-i",
                "params=" + dir.resolve("theta.npy"),
                "-p",
                "observables=ZZ,XX",
                "--out",
                whole.toString()));
    assertThat(one.code).as(one.err).isZero();
    Tensor merged = Npy.read(dir.resolve("out/expectations.npy"));
    Tensor expected = Npy.read(whole.resolve("expectations.npy"));
    assertThat(merged.shape()).containsExactly(10, 2);
    assertThat(merged).isEqualTo(expected);
    // and the physics: <ZZ> of the Bell pair after ry(theta) on qubit 1 is cos(theta)
    double[] e = merged.toDoubleArray();
    for (int i = 0; i < 10; i++) {
      assertThat(e[2 * i]).isCloseTo(Math.cos(i * Math.PI / 9), within(1e-12));
    }
    JsonObject result =
        JsonParser.parseString(Files.readString(dir.resolve("out/result.json"))).getAsJsonObject();
    assertThat(result.get("task").getAsString()).isEqualTo("circuit");
    assertThat(result.getAsJsonObject("metrics").get("fanout_shards").getAsDouble()).isEqualTo(3.0);
    JsonObject record =
        JsonParser.parseString(Files.readString(dir.resolve("out/fanout.json"))).getAsJsonObject();
    assertThat(record.getAsJsonArray("parts")).hasSize(3);
    assertThat(
            record
                .getAsJsonArray("parts")
                .get(2)
                .getAsJsonObject()
                .getAsJsonArray("rows")
                .toString())
        .isEqualTo("[6,10]");
    assertNothingLeft();
  }

  @Test
  void fanout_job_isIndexedRestrictedAndDoesNotRetryBadInput() throws Exception {
    writeInputs(4);
    assertThat(qstep(fanout("--shards", "4", "--pod-retries", "3")).code).isZero();
    Job job = jobsSeen.get(0);
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(4);
    assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(3);
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getAction())
        .isEqualTo("FailIndex");
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .containsExactly(2);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("qstep-shard");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("qstep/step-runner:test");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getArgs()).startsWith("k8s", "shard").contains("--index-map=0,1,2,3");
  }

  @Test
  void fanout_retriesOnlyTheShardsThatFailed() throws Exception {
    writeInputs(6);
    fails = (shard, attempt) -> shard == 1 && attempt == 0;
    Run r = qstep(fanout("--shards", "3"));
    assertThat(r.code).as(r.err).isZero();
    assertThat(jobsSeen).hasSize(2);
    Job retry = jobsSeen.get(1);
    assertThat(retry.getSpec().getCompletions()).isEqualTo(1);
    assertThat(retry.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--index-map=1");
    assertThat(r.err).contains("shard(s) [1] failed");
    assertThat(Npy.read(dir.resolve("out/expectations.npy")).shape()).containsExactly(6, 2);
    assertNothingLeft();
  }

  @Test
  void fanout_shardFailingEveryRetry_isExitOne_andWritesNoMergedOutput() throws Exception {
    writeInputs(6);
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/result.json"), "{\"stale\": true}");
    fails = (shard, attempt) -> shard == 2;
    Run r = qstep(fanout("--shards", "3", "--retries", "2"));
    assertThat(r.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err)
        .contains("SHARDS_FAILED")
        .contains("shard(s) [2] of 3 failed after 3 attempt(s)")
        .contains("FailedIndexes")
        .contains("no merged output was written");
    assertThat(jobsSeen).hasSize(3);
    assertThat(dir.resolve("out/result.json")).doesNotExist();
    assertThat(dir.resolve("out/expectations.npy")).doesNotExist();
    assertNothingLeft();
  }

  @Test
  void fanout_shardRefusingItsInput_isExitTwoWithTheReason_andIsNotRetried() throws Exception {
    writeInputs(6);
    double[] theta = Npy.read(dir.resolve("theta.npy")).toDoubleArray();
    theta[4] = Double.NaN; // in shard 2 of 3 (rows 4..5)
    Npy.write(Tensor.ofDoubles(theta, 6, 1), dir.resolve("theta.npy"));
    Run r = qstep(fanout("--shards", "3", "--retries", "2"));
    assertThat(r.code).as(r.err).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err)
        .contains("shard(s) [2] refused their input")
        .contains("INVALID_TENSOR")
        .contains("no merged output was written");
    assertThat(jobsSeen).as("bad input is not retried").hasSize(1);
    assertThat(dir.resolve("out/result.json")).doesNotExist();
    assertNothingLeft();
  }

  @Test
  void fanout_zeroOrTooManyShards_isExitTwoBeforeAnythingIsCreated() throws Exception {
    writeInputs(4);
    Run zero = qstep(fanout("--shards", "0"));
    assertThat(zero.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(zero.err).contains("shards").contains(">= 1").hasLineCount(1);
    Run many = qstep(fanout("--shards", "5"));
    assertThat(many.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(many.err).contains("shards (5) exceeds the 4 rows");
    Run split = qstep(fanout("--shards", "2", "--split", "nope"));
    assertThat(split.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(split.err).contains("split");
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(jobsSeen).isEmpty();
  }

  @Test
  void fanout_inputsOverAConfigMap_isExitTwoNamingInputs() throws Exception {
    writeInputs(130_000);
    Run r = qstep(fanout("--shards", "100"));
    assertThat(r.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err).contains("TOO_LARGE").contains("inputs");
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void fanout_unreachableApiServer_isExitOne() throws Exception {
    writeInputs(4);
    List<String> a = fanout("--shards", "2");
    a.set(a.indexOf("--server") + 1, "http://127.0.0.1:1");
    Run r = qstep(a);
    assertThat(r.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err).contains("UNREACHABLE").contains("cannot reach the Kubernetes API server");
    assertThat(dir.resolve("out/result.json")).doesNotExist();
  }

  @Test
  void shard_badIndex_isExitTwo() throws Exception {
    Run r =
        qstep(
            List.of(
                "k8s",
                "shard",
                "--server",
                client.getMasterUrl().toString(),
                "-n",
                NS,
                "--index",
                "3",
                "--index-map=0,1",
                "--inputs=" + dir));
    assertThat(r.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err).contains("index");
  }

  @Test
  void merge_keepsAnOutputThatIsTheSameInEveryShard_andRefusesOneThatDiffers() {
    FanoutSpec spec =
        new FanoutSpec(
            "m",
            "circuit",
            Map.of(),
            "",
            0,
            7L,
            "x",
            2,
            Map.of("x", Tensor.ofDoubles(new double[] {1, 2, 3}, 3)));
    JsonObject res =
        JsonParser.parseString(
                "{\"task\":\"circuit\",\"backend\":\"b\",\"backend_version\":\"1\","
                    + "\"circuit_version\":\"c\",\"metrics\":{\"m\":1.0},"
                    + "\"timings_ms\":{\"execute\":2.0},\"warnings\":[]}")
            .getAsJsonObject();
    Tensor same = Tensor.ofDoubles(new double[] {9, 9, 9, 9}, 2, 2);
    var merged =
        FanoutRunner.merge(
            spec,
            List.of(
                new Parts.Part(
                    0, res, Map.of("rows", Tensor.ofDoubles(new double[] {1}, 1), "g", same)),
                new Parts.Part(
                    1, res, Map.of("rows", Tensor.ofDoubles(new double[] {2, 3}, 2), "g", same))));
    assertThat(merged.output("rows").toDoubleArray()).containsExactly(1, 2, 3);
    assertThat(merged.output("g")).isEqualTo(same);
    assertThat(merged.timingsMs()).containsEntry("execute", 4.0);
    assertThat(merged.metrics()).containsEntry("m", 1.0);
    assertThatThrownBy(
            () ->
                FanoutRunner.merge(
                    spec,
                    List.of(
                        new Parts.Part(0, res, Map.of("g", same)),
                        new Parts.Part(
                            1,
                            res,
                            Map.of("g", Tensor.ofDoubles(new double[] {0, 0, 0, 0}, 2, 2))))))
        .isInstanceOf(K8sException.class)
        .hasMessageContaining("cannot be merged");
  }

  @Test
  void shardSeeds_areDerivedFromTheFanoutSeed_andDiffer() {
    FanoutSpec spec =
        new FanoutSpec(
            "s",
            "circuit",
            Map.of(),
            "",
            0,
            42L,
            "x",
            3,
            Map.of("x", Tensor.ofDoubles(new double[] {1, 2, 3}, 3)));
    FanoutSpec again =
        new FanoutSpec(
            "s",
            "circuit",
            Map.of(),
            "",
            0,
            42L,
            "x",
            3,
            Map.of("x", Tensor.ofDoubles(new double[] {1, 2, 3}, 3)));
    assertThat(spec.shardSeed(0)).isEqualTo(again.shardSeed(0)).isNotEqualTo(spec.shardSeed(1));
    assertThat(spec.shardSeed(1)).isNotEqualTo(spec.shardSeed(2));
  }
}
