package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.kfp.ExecutorInputs;
import io.qstep.runner.kfp.NpyBytes;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstep kfp} in-process: what a KFP container component run leaves behind. */
class KfpCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int kfp(ExecutorInputs in, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("kfp", "--executor-input", in.toString()));
    args.addAll(List.of(extra));
    return Main.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
  }

  ExecutorInputs bellSweep() throws IOException {
    Path theta = dir.resolve("in").resolve("params");
    Files.createDirectories(theta.getParent());
    Npy.write(Tensor.ofDoubles(new double[] {0.0, Math.PI / 3}, 2, 1), theta);
    return ExecutorInputs.forComponent(dir.resolve("task"))
        .param("task", "circuit")
        .param("qasm", DemoCommand.BELL_SWEEP)
        .param("task_params", JsonParser.parseString("{\"observables\": \"ZZ,XX\"}"))
        .param("seed", 11)
        .param("target", "")
        .input("params", theta);
  }

  @Test
  void kfp_circuit_writesArtifactsParametersAndExecutorOutput() throws Exception {
    ExecutorInputs in = bellSweep();
    assertThat(kfp(in)).as(err.toString()).isZero();

    Tensor e = Npy.read(in.outputPath("expectations"));
    assertThat(e.shape()).containsExactly(2, 2);
    assertThat(e.toDoubleArray()[2]).isCloseTo(Math.cos(Math.PI / 3), within(1e-12));
    Path result = in.outputPath("result");
    assertThat(result.resolve("expectations.npy")).exists();
    JsonObject rj =
        JsonParser.parseString(Files.readString(result.resolve("result.json"))).getAsJsonObject();
    assertThat(rj.get("task").getAsString()).isEqualTo("circuit");

    JsonObject eo = JsonParser.parseString(Files.readString(in.executorOutput())).getAsJsonObject();
    JsonObject arts = eo.getAsJsonObject("artifacts");
    JsonObject exp =
        arts.getAsJsonObject("expectations").getAsJsonArray("artifacts").get(0).getAsJsonObject();
    assertThat(exp.get("uri").getAsString()).isEqualTo(in.outputPath("expectations").toString());
    assertThat(exp.getAsJsonObject("metadata").get("produced").getAsBoolean()).isTrue();
    assertThat(exp.getAsJsonObject("metadata").get("dtype").getAsString()).isEqualTo("FP64");
    JsonObject solution =
        arts.getAsJsonObject("solution").getAsJsonArray("artifacts").get(0).getAsJsonObject();
    assertThat(solution.getAsJsonObject("metadata").get("produced").getAsBoolean()).isFalse();
    assertThat(Npy.read(in.outputPath("solution")).shape()).containsExactly(0);
    JsonObject metrics =
        arts.getAsJsonObject("metrics").getAsJsonArray("artifacts").get(0).getAsJsonObject();
    assertThat(metrics.getAsJsonObject("metadata").get("num_qubits").getAsDouble()).isEqualTo(2.0);
    assertThat(metrics.getAsJsonObject("type").get("schemaTitle").getAsString())
        .isEqualTo("system.Metrics");

    JsonObject pv = eo.getAsJsonObject("parameterValues");
    assertThat(pv.get("seed").getAsString()).isEqualTo("11");
    assertThat(pv.get("circuit_version").getAsString()).hasSize(64);
    assertThat(Files.readString(dir.resolve("task/outputs/seed"))).isEqualTo("11");
    assertThat(Files.readString(dir.resolve("task/outputs/backend"))).isEqualTo("statevector");
    assertNoTempFiles();
  }

  @Test
  void kfp_executorInputFromFile_isAccepted() throws Exception {
    ExecutorInputs in = bellSweep();
    Path f = dir.resolve("executor_input.json");
    Files.writeString(f, in.toString());
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "kfp",
            "--executor-input",
            f.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(in.executorOutput()).exists();
  }

  @Test
  void kfp_missingRequiredInputTensor_exits2AndWritesNothing() throws Exception {
    ExecutorInputs in =
        ExecutorInputs.forComponent(dir.resolve("task"))
            .param("task", "maxcut")
            .param("task_params", JsonParser.parseString("{\"mode\": \"quantum\"}"));
    Files.createDirectories(in.executorOutput().getParent());
    Files.writeString(in.executorOutput(), "{\"stale\": true}"); // from an earlier attempt
    assertThat(kfp(in)).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("inputs[weights]");
    assertThat(in.executorOutput()).doesNotExist();
    assertThat(in.outputPath("solution")).doesNotExist();
    assertThat(in.outputPath("metrics")).doesNotExist();
  }

  @Test
  void kfp_missingOutputInExecutorInput_exits2NamingIt() {
    ExecutorInputs in = ExecutorInputs.forComponent(dir).param("task", "layer");
    assertThat(kfp(in.withoutOutput("metrics"))).isEqualTo(2);
    assertThat(err.toString()).contains("executor_input.outputs.artifacts[metrics]");
    assertThat(err.toString()).startsWith("qstep: MISSING_FIELD");
  }

  @Test
  void kfp_unreadableInputArtifact_exits2NamingTheInput() throws Exception {
    ExecutorInputs in =
        ExecutorInputs.forComponent(dir.resolve("task"))
            .param("task", "maxcut")
            .input("weights", dir.resolve("gone/weights"));
    assertThat(kfp(in)).isEqualTo(2);
    assertThat(err.toString()).contains("inputs[weights]").contains("cannot read input artifact");
    assertThat(in.executorOutput()).doesNotExist();
  }

  @Test
  void kfp_wrongDtypeInNpy_exits2WithInvalidTensor() throws Exception {
    Path w = dir.resolve("weights");
    Files.write(w, NpyBytes.v1("<U1", "(2, 2)", new byte[16]));
    ExecutorInputs in =
        ExecutorInputs.forComponent(dir.resolve("task"))
            .param("task", "maxcut")
            .input("weights", w);
    assertThat(kfp(in)).isEqualTo(2);
    assertThat(err.toString()).startsWith("qstep: INVALID_TENSOR").contains("inputs[weights]");
    assertThat(in.executorOutput()).doesNotExist();
  }

  @Test
  void kfp_intWeightsWhereFp64IsExpected_exits2() throws Exception {
    Path w = dir.resolve("weights");
    Npy.write(Tensor.ofLongs(new long[] {0, 1, 1, 0}, 2, 2), w);
    ExecutorInputs in =
        ExecutorInputs.forComponent(dir.resolve("task"))
            .param("task", "maxcut")
            .input("weights", w);
    assertThat(kfp(in)).isEqualTo(2);
    assertThat(err.toString()).contains("inputs[weights]");
    assertThat(in.executorOutput()).doesNotExist();
  }

  @Test
  void kfp_unreachableTarget_exits1AndWritesNothing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    ExecutorInputs in = bellSweep();
    assertThat(kfp(in, "--target", "127.0.0.1:" + port)).isEqualTo(1);
    assertThat(err.toString()).contains("UNAVAILABLE").contains("127.0.0.1:" + port);
    assertThat(in.executorOutput()).doesNotExist();
    assertThat(in.outputPath("expectations")).doesNotExist();
    assertThat(in.outputPath("result")).doesNotExist();
  }

  @Test
  void kfp_outputThatCannotBeWritten_leavesNoOutputAndNoExecutorOutput() throws Exception {
    // result, metrics and expectations are staged first; counts' directory is a file
    Path blocker = dir.resolve("blocked");
    Files.writeString(blocker, "not a directory");
    ExecutorInputs in = bellSweep().outputAt("counts", blocker.resolve("counts"));
    assertThat(kfp(in)).isEqualTo(2);
    assertThat(err.toString()).contains("outputs[counts]");
    assertThat(in.outputPath("result")).doesNotExist();
    assertThat(in.outputPath("metrics")).doesNotExist();
    assertThat(in.outputPath("expectations")).doesNotExist();
    assertThat(in.executorOutput()).doesNotExist();
    assertThat(dir.resolve("task/outputs/seed")).doesNotExist();
    assertNoTempFiles();
  }

  private void assertNoTempFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
    }
  }
}
