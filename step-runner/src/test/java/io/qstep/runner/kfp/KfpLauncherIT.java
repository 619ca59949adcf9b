package io.qstep.runner.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.tensor.Npy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubeflow's launcher, played by the KFP SDK itself: {@code pipelines/tests/run_local.py} runs an
 * example pipeline through {@code kfp.local}, which builds each task's executor input from the
 * compiled component spec, resolves the container's placeholders ({@code {{$}}}, {@code
 * {{$.inputs.parameters['target']}}}) and parses the executor output into KFP's {@code
 * ExecutorOutput} proto. The qstep container's command must be the Dockerfile's ENTRYPOINT; it is
 * run as {@code bin/qstep} (the same jar). Needs QSTEP_PYTHON with kfp (scripts/setup-python.sh).
 */
class KfpLauncherIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static String python;

  @TempDir Path dir;

  @BeforeAll
  static void needsKfp() throws Exception {
    python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && !python.isBlank(), "QSTEP_PYTHON is not set");
    Process probe = new ProcessBuilder(python, "-c", "import kfp, numpy").start();
    assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no kfp");
  }

  record Run(int exit, String log, Path root) {}

  Run runLocal(String pipeline, String... args) throws Exception {
    return runLocal(java.util.Map.of(), pipeline, args);
  }

  Run runLocal(java.util.Map<String, String> env, String pipeline, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(python, "pipelines/tests/run_local.py", pipeline));
    cmd.add(dir.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("QSTEP_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    pb.environment().putAll(env);
    pb.environment().put("QSTEP_MLRUNS_DIR", dir.resolve("mlruns").toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(log).isTrue();
    return new Run(p.exitValue(), log, dir.resolve("pipeline_root"));
  }

  static Path taskDir(Path pipelineRoot, String task) throws Exception {
    try (Stream<Path> s = Files.list(pipelineRoot)) {
      Path run = s.filter(Files::isDirectory).findFirst().orElseThrow();
      return run.resolve(task);
    }
  }

  static JsonObject read(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  static JsonArray dockerfileEntrypoint() throws Exception {
    JsonArray entry = null;
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      if (line.strip().startsWith("ENTRYPOINT")) {
        entry =
            JsonParser.parseString(line.strip().substring("ENTRYPOINT".length())).getAsJsonArray();
      }
    }
    assertThat(entry).as("exec-form ENTRYPOINT in the Dockerfile").isNotNull();
    return entry;
  }

  static JsonObject meta(JsonObject executorOutput, String artifact) {
    return executorOutput
        .getAsJsonObject("artifacts")
        .getAsJsonObject(artifact)
        .getAsJsonArray("artifacts")
        .get(0)
        .getAsJsonObject()
        .getAsJsonObject("metadata");
  }

  @Test
  void maxcutShadowPipeline_qstepTaskFollowsTheLauncherContract_andMatchesBruteForce()
      throws Exception {
    Run run = runLocal("pipelines/maxcut_shadow");
    assertThat(run.exit()).as(run.log()).isZero();

    // The container command kfp.local resolved: the image's ENTRYPOINT, then `kfp` and {{$}}.
    JsonObject report = read(dir.resolve("report.json"));
    JsonObject qstepCmd = null;
    for (JsonElement c : report.getAsJsonArray("commands")) {
      if (c.getAsJsonObject().get("image").getAsString().startsWith("qstep/")) {
        qstepCmd = c.getAsJsonObject();
      }
    }
    assertThat(qstepCmd).isNotNull();
    JsonArray cmd = qstepCmd.getAsJsonArray("command");
    JsonArray entry = dockerfileEntrypoint();
    for (int i = 0; i < entry.size(); i++) {
      assertThat(cmd.get(i)).isEqualTo(entry.get(i));
    }
    assertThat(cmd.get(entry.size()).getAsString()).isEqualTo("kfp");
    ExecutorInput in = ExecutorInput.parse(cmd.get(entry.size() + 2).getAsString());
    Path task = taskDir(run.root(), "qstep");
    assertThat(Path.of(in.outputFile())).isEqualTo(task.resolve("executor_output.json"));

    // What the task left: artifacts at the URIs it was given, and the executor output.
    JsonObject eo = read(task.resolve("executor_output.json"));
    long[] x = Npy.read(task.resolve("solution")).toLongArray();
    double[][] w =
        Npy.read(taskDir(run.root(), "random-graph").resolve("weights")).toDoubleMatrix();
    assertThat(x).hasSize(w.length);
    JsonObject metrics = meta(eo, "metrics");
    double cut = cut(w, x);
    double best = bruteForceMaxCut(w);
    assertThat(metrics.get("cut_value").getAsDouble()).isCloseTo(cut, within(1e-9));
    assertThat(metrics.get("baseline_value").getAsDouble()).isCloseTo(best, within(1e-9));
    assertThat(metrics.get("approximation_ratio").getAsDouble())
        .isCloseTo(cut / best, within(1e-9));
    assertThat(read(task.resolve("metrics")).get("cut_value").getAsDouble())
        .isCloseTo(cut, within(1e-9));
    assertThat(meta(eo, "solution").get("produced").getAsBoolean()).isTrue();
    assertThat(meta(eo, "gram").get("produced").getAsBoolean()).isFalse();
    assertThat(task.resolve("result").resolve("result.json")).exists();
    JsonObject pv = eo.getAsJsonObject("parameterValues");
    assertThat(pv.get("seed").getAsString()).isEqualTo("11");
    assertThat(Files.readString(task.resolve("seed"))).isEqualTo("11");
    assertThat(pv.get("circuit_version").getAsString()).hasSize(64);

    // The downstream Python stage recomputed the cut from the graph and got the same number.
    assertThat(report.getAsJsonObject("outputs").get("Output").getAsDouble())
        .isCloseTo(cut, within(1e-9));
  }

  @Test
  void upstreamWritesFloat16_qstepTaskFails_withoutExecutorOutputOrOutputs() throws Exception {
    Run run = runLocal("pipelines/tests/pipelines/bad_dtype.py");
    assertThat(run.exit()).isNotZero();
    assertThat(run.log())
        .contains("qstep: INVALID_TENSOR: inputs[weights]")
        .contains("'<f2'")
        .contains("FAILURE");
    assertNoOutputs(taskDir(run.root(), "qstep"));
  }

  @Test
  void unreachableTarget_failsTheTaskWithUnavailable_andNoOutputs() throws Exception {
    Run run = runLocal("pipelines/maxcut_shadow", "target=\"127.0.0.1:1\"");
    assertThat(run.exit()).isNotZero();
    assertThat(run.log())
        .contains("qstep: BACKEND_UNAVAILABLE: target: the qstep server at 127.0.0.1:1");
    assertNoOutputs(taskDir(run.root(), "qstep"));
  }

  @Test
  void layerTrainingPipeline_spsaThroughTheQuantumLayer_lowersTheLoss() throws Exception {
    Run run =
        runLocal(java.util.Map.of("QSTEP_TRAINING_ITERATIONS", "2"), "pipelines/layer_training");
    assertThat(run.exit()).as(run.log()).isZero();
    double before =
        meta(read(taskDir(run.root(), "evaluate").resolve("executor_output.json")), "report")
            .get("loss")
            .getAsDouble();
    JsonObject after =
        meta(read(taskDir(run.root(), "evaluate-2").resolve("executor_output.json")), "report");
    assertThat(after.get("loss").getAsDouble()).isLessThan(before / 2);
    assertThat(after.get("accuracy").getAsDouble()).isGreaterThanOrEqualTo(0.9);

    // The trained layer's output against the analytic <Z_0> = cos(x_0 + w[0,0,0]) (depth 1: the
    // RZ and the CX that follow leave Z_0 alone).
    JsonObject report = read(dir.resolve("report.json"));
    JsonArray last = null;
    for (JsonElement c : report.getAsJsonArray("commands")) {
      if (c.getAsJsonObject().get("image").getAsString().startsWith("qstep/")) {
        last = c.getAsJsonObject().getAsJsonArray("command");
      }
    }
    ExecutorInput in =
        ExecutorInput.parse(last.get(dockerfileEntrypoint().size() + 2).getAsString());
    double[][] x = Npy.read(in.inputArtifact("features").localPath("f")).toDoubleMatrix();
    double w000 = Npy.read(in.inputArtifact("weights").localPath("f")).toDoubleArray()[0];
    double[] z = Npy.read(in.outputArtifact("expectations").localPath("f")).toDoubleArray();
    assertThat(z).hasSize(x.length);
    for (int i = 0; i < x.length; i++) {
      assertThat(z[i]).isCloseTo(Math.cos(x[i][0] + w000), within(1e-12));
    }
  }

  @Test
  void kernelSvmPipeline_compressThenKernelThenSvm_artifactsChainAndKernelIsAFidelityGram()
      throws Exception {
    Run run = runLocal("pipelines/kernel_svm");
    assertThat(run.exit()).as(run.log()).isZero();
    Path fit = taskDir(run.root(), "qstep");
    Path apply = taskDir(run.root(), "qstep-2");
    Path kernel = taskDir(run.root(), "qstep-3");
    // The test rows went through the PCA fitted on the training rows: z = (x - mean) C^T.
    double[][] x = Npy.read(taskDir(run.root(), "load-digits").resolve("x_test")).toDoubleMatrix();
    double[][] c = Npy.read(fit.resolve("components")).toDoubleMatrix();
    double[] mean = Npy.read(fit.resolve("mean")).toDoubleArray();
    double[][] z = Npy.read(apply.resolve("projection")).toDoubleMatrix();
    assertThat(z).hasNumberOfRows(x.length);
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < c.length; k++) {
        double v = 0;
        for (int j = 0; j < mean.length; j++) {
          v += (x[i][j] - mean[j]) * c[k][j];
        }
        assertThat(z[i][k]).isCloseTo(v, within(1e-9));
      }
    }
    // A fidelity kernel: symmetric, unit diagonal, entries in [0, 1]; cross is [M, N].
    double[][] g = Npy.read(kernel.resolve("gram")).toDoubleMatrix();
    double[][] cross = Npy.read(kernel.resolve("cross")).toDoubleMatrix();
    assertThat(cross).hasNumberOfRows(x.length);
    for (int i = 0; i < g.length; i++) {
      assertThat(g[i][i]).isCloseTo(1.0, within(1e-9));
      for (int j = 0; j < g.length; j++) {
        assertThat(g[i][j]).isCloseTo(g[j][i], within(1e-12)).isBetween(-1e-12, 1 + 1e-12);
      }
    }
    JsonObject svm =
        meta(read(taskDir(run.root(), "svm").resolve("executor_output.json")), "report");
    assertThat(svm.get("quantum_kernel_accuracy").getAsDouble()).isGreaterThanOrEqualTo(0.9);
  }

  static void assertNoOutputs(Path task) throws Exception {
    if (!Files.exists(task)) {
      return; // kfp.local creates the task directory only when something is written there
    }
    try (Stream<Path> s = Files.walk(task)) {
      assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  static double cut(double[][] w, long[] x) {
    double c = 0;
    for (int i = 0; i < w.length; i++) {
      for (int j = i + 1; j < w.length; j++) {
        if (x[i] != x[j]) {
          c += w[i][j];
        }
      }
    }
    return c;
  }

  static double bruteForceMaxCut(double[][] w) {
    int n = w.length;
    double best = 0;
    for (long mask = 0; mask < (1L << n); mask++) {
      long[] x = new long[n];
      for (int i = 0; i < n; i++) {
        x[i] = (mask >> i) & 1;
      }
      best = Math.max(best, cut(w, x));
    }
    return best;
  }
}
