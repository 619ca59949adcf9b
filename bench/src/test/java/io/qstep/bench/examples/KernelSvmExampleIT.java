package io.qstep.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantum-kernel SVM example end to end on scikit-learn's digits (classes 0-3, chance 0.25):
 * (a) Java training code through the SDK and LIBSVM; (b) the packaged CLI ({@code qstep run}, the
 * jar {@code bin/qstep} runs) writing {@code .npy} files and a Python stage training scikit-learn's
 * {@code SVC(kernel='precomputed')} on them. Skipped without {@code QSTEP_DIGITS_DIR} (and, for
 * (b), {@code QSTEP_PYTHON}); {@code scripts/test.sh} sets both.
 */
class KernelSvmExampleIT {
  static final double MIN_ACCURACY = 0.75;

  static Digits.Split split;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    String d = System.getenv("QSTEP_DIGITS_DIR");
    assumeTrue(d != null && Files.isRegularFile(Path.of(d, "digits_x.npy")), "QSTEP_DIGITS_DIR");
    split = KernelSvmExample.data(Path.of(d));
  }

  @Test
  void java_sdkKernelWithLibsvm_classifiesWellAboveChance() {
    try (QStepClient client = QStep.local()) {
      KernelSvmExample.Outcome o = KernelSvmExample.run(client, split, KernelSvmExample.SPEC);
      assertThat(o.quantumAccuracy()).isGreaterThan(MIN_ACCURACY);
      assertThat(o.rbfAccuracy()).isGreaterThan(MIN_ACCURACY);
      assertThat(o.step().metrics().get("num_qubits")).isEqualTo(8.0);
      assertThat(o.step().metrics().get("gram_min_eigenvalue")).isGreaterThan(-1e-9);
      System.out.printf(
          "KernelSvmExampleIT java: quantum %.3f, rbf %.3f%n",
          o.quantumAccuracy(), o.rbfAccuracy());
    }
  }

  @Test
  void python_cliNpyOutputsWithScikitLearnSvc_classifiesWellAboveChance() throws Exception {
    String python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && Files.isExecutable(Path.of(python)), "QSTEP_PYTHON");
    Path jar = Path.of("..", "step-runner", "target", "qstep-step-runner.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "packaged step-runner jar");
    int n = split.xTrain().length;
    int m = split.xTest().length;
    Npy.write(Tensor.ofDoubles(split.xTrain()), dir.resolve("x_train.npy"));
    Npy.write(Tensor.ofDoubles(split.xTest()), dir.resolve("x_test.npy"));
    Npy.write(Tensor.ofLongs(split.yTrain(), n), dir.resolve("y_train.npy"));
    Npy.write(Tensor.ofLongs(split.yTest(), m), dir.resolve("y_test.npy"));
    Path out = dir.resolve("kernel");
    List<String> cli = new ArrayList<>();
    cli.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cli.addAll(List.of("-Xmx1g", "-jar", jar.toString(), "run", "--task", "kernel"));
    cli.addAll(List.of("-i", "x_train=" + dir.resolve("x_train.npy")));
    cli.addAll(List.of("-i", "x_test=" + dir.resolve("x_test.npy")));
    cli.addAll(List.of("-p", "feature_map=zz", "-p", "reps=2", "-p", "feature_scale=0.5"));
    cli.addAll(List.of("-p", "entanglement=linear", "--seed", "1", "--out", out.toString()));
    assertThat(exec(cli)).isZero();
    assertThat(Npy.read(out.resolve("gram.npy")).shape()).containsExactly(n, n);

    List<String> py = new ArrayList<>();
    py.addAll(List.of(python, Path.of("python", "kernel_svm.py").toString()));
    py.addAll(List.of("--out-dir", out.toString()));
    py.addAll(List.of("--y-train", dir.resolve("y_train.npy").toString()));
    py.addAll(List.of("--y-test", dir.resolve("y_test.npy").toString()));
    py.addAll(List.of("--x-train", dir.resolve("x_train.npy").toString()));
    py.addAll(List.of("--x-test", dir.resolve("x_test.npy").toString()));
    py.addAll(List.of("--reps", "2", "--scale", "0.5", "--entanglement", "linear"));
    Path log = dir.resolve("py.log");
    assertThat(exec(py, log)).isZero();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    JsonObject r = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    System.out.println("KernelSvmExampleIT python: " + r);
    assertThat(r.get("accuracy").getAsDouble()).isGreaterThan(MIN_ACCURACY);
    assertThat(r.get("rbf_accuracy").getAsDouble()).isGreaterThan(MIN_ACCURACY);
    // the NumPy peer recomputes the same kernel independently
    assertThat(r.get("max_abs_diff_vs_numpy").getAsDouble()).isLessThan(1e-10);
  }

  int exec(List<String> cmd) throws Exception {
    return exec(cmd, dir.resolve("cmd.log"));
  }

  int exec(List<String> cmd, Path log) throws Exception {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: %s", cmd).isTrue();
    if (p.exitValue() != 0) {
      System.out.println(Files.readString(log));
    }
    return p.exitValue();
  }
}
