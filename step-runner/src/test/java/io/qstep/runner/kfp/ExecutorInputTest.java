package io.qstep.runner.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.task.StepRequest;
import io.qstep.task.TaskSpec;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorInputTest {
  @TempDir Path dir;

  /** An executor input as the KFP v2 launcher substitutes it for {{$}} (protobuf JSON). */
  static final String KFP_SAMPLE =
      """
      {"inputs": {
         "parameterValues": {"task": "maxcut", "shots": 0.0, "seed": 7.0,
                             "task_params": {"p": 2.0, "mode": "quantum", "top_k": 3}},
         "artifacts": {"weights": {"artifacts": [{
             "name": "weights", "uri": "gs://bucket/run/make-graph/weights",
             "type": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"},
             "metadata": {"rows": 4.0}}]}}},
       "outputs": {
         "artifacts": {"metrics": {"artifacts": [{"name": "metrics",
             "type": {"schemaTitle": "system.Metrics"}, "uri": "s3://b/run/qstep/metrics"}]}},
         "parameters": {"seed": {"outputFile": "/tmp/kfp/outputs/seed"}},
         "outputFile": "/tmp/kfp_outputs/output_metadata.json"}}
      """;

  @Test
  void parse_kfpSample_readsEveryPart() {
    ExecutorInput in = ExecutorInput.parse(KFP_SAMPLE);
    assertThat(in.parameterValues().get("task").getAsString()).isEqualTo("maxcut");
    RuntimeArtifact w = in.inputArtifact("weights");
    assertThat(w.schemaTitle()).isEqualTo("system.Dataset");
    assertThat(w.metadata().get("rows").getAsDouble()).isEqualTo(4.0);
    assertThat(w.localPath("f")).isEqualTo(Path.of("/gcs/bucket/run/make-graph/weights"));
    assertThat(in.outputArtifact("metrics").localPath("f"))
        .isEqualTo(Path.of("/s3/b/run/qstep/metrics"));
    assertThat(in.outputParameterFiles()).containsEntry("seed", "/tmp/kfp/outputs/seed");
    assertThat(in.outputFile()).isEqualTo("/tmp/kfp_outputs/output_metadata.json");
    assertThat(in.inputArtifact("features")).isNull();
  }

  @Test
  void parse_snakeCaseAndLegacyTypedParameters_areAccepted() {
    ExecutorInput in =
        ExecutorInput.parse(
            """
            {"inputs": {"parameters": {"task": {"stringValue": "layer"}, "shots": {"intValue": "5"}}},
             "outputs": {"output_file": "/x/out.json",
               "parameters": {"seed": {"output_file": "/x/seed"}}}}
            """);
    assertThat(in.parameterValues().get("task").getAsString()).isEqualTo("layer");
    assertThat(in.parameterValues().get("shots").getAsString()).isEqualTo("5");
    assertThat(in.outputFile()).isEqualTo("/x/out.json");
    assertThat(in.outputParameterFiles()).containsEntry("seed", "/x/seed");
  }

  @Test
  void localPath_mapsKfpMountsAndRejectsUnknownSchemes() {
    assertThat(art("minio://mlpipeline/v2/artifacts/x").localPath("f"))
        .isEqualTo(Path.of("/minio/mlpipeline/v2/artifacts/x"));
    assertThat(art("file:///tmp/a/b").localPath("f")).isEqualTo(Path.of("/tmp/a/b"));
    assertThat(art("/tmp/local/x").localPath("f")).isEqualTo(Path.of("/tmp/local/x"));
    assertThatThrownBy(() -> art("hdfs://nn/x").localPath("inputs[x]"))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("unsupported artifact uri")
        .satisfies(e -> assertThat(((QStepException) e).field()).isEqualTo("inputs[x]"));
    assertThatThrownBy(() -> art("").localPath("inputs[x]")).hasMessageContaining("has no uri");
  }

  @Test
  void parse_notJsonOrWrongShape_isInvalidValueNamingTheField() {
    assertThatThrownBy(() -> ExecutorInput.parse("{not json"))
        .isInstanceOf(QStepException.class)
        .satisfies(e -> assertThat(((QStepException) e).field()).isEqualTo("executor_input"));
    assertThatThrownBy(() -> ExecutorInput.parse("[1]"))
        .satisfies(e -> assertThat(((QStepException) e).field()).isEqualTo("executor_input"));
    assertThatThrownBy(() -> ExecutorInput.parse("{\"inputs\": {\"artifacts\": {\"x\": 3}}}"))
        .satisfies(
            e ->
                assertThat(((QStepException) e).field())
                    .isEqualTo("executor_input.inputs.artifacts[x]"));
    assertThatThrownBy(
            () ->
                ExecutorInput.parse(
                    "{\"outputs\": {\"parameters\": {\"seed\": {\"outputFile\": 3}}}}"))
        .satisfies(
            e ->
                assertThat(((QStepException) e).field())
                    .isEqualTo("executor_input.outputs.parameters[seed]"));
  }

  @Test
  void complete_putsQpuProvenanceInTheResultMetadataAndResultJson() throws Exception {
    ExecutorInputs b =
        ExecutorInputs.forComponent(dir)
            .param("task", "circuit")
            .param("backend", "statevector")
            .param("circuit", "OPENQASM 3.0; qubit[1] q; h q[0];");
    KfpStep step = KfpStep.prepare(ExecutorInput.parse(b.toString()));
    io.qstep.task.QpuProvenance q =
        io.qstep.task.QpuProvenance.failover(
            "ibm", "ibm_fake", 100, "simulator:statevector", "device offline");
    io.qstep.task.StepResult r =
        new io.qstep.task.StepResult(
            "rid",
            "circuit",
            Map.of("expectations", Tensor.ofDoubles(new double[] {0}, 1, 1)),
            Map.of("num_qubits", 1.0),
            "cv",
            "ibm",
            "ibm:ibm_fake",
            Map.of(),
            java.util.List.of(),
            3,
            java.util.List.of(q));
    com.google.gson.JsonObject out = step.complete(r);
    com.google.gson.JsonObject meta =
        out.getAsJsonObject("artifacts")
            .getAsJsonObject("result")
            .getAsJsonArray("artifacts")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("metadata");
    assertThat(io.qstep.runner.tracking.ResultJson.qpu(meta.get("qpu"))).containsExactly(q);
  }

  @Test
  void request_mapsParametersArtifactsAndMlflowEnv() throws Exception {
    Path w = dir.resolve("weights"); // KFP artifact paths have no extension
    Npy.write(Tensor.ofDoubles(new double[] {0, 1, 1, 0}, 2, 2), w);
    Path paulis = dir.resolve("paulis");
    Files.writeString(paulis, " [\"ZZ\", \"XI\"]");
    ExecutorInputs b =
        ExecutorInputs.forComponent(dir)
            .param("task", "maxcut")
            .param("shots", 100)
            .param("seed", 7)
            .param("backend", "statevector")
            .param("request_id", "kfp-1")
            .param(
                "task_params",
                com.google.gson.JsonParser.parseString("{\"p\": 2.0, \"mode\": \"quantum\"}"))
            .input("weights", w)
            .input("paulis", paulis);
    KfpStep step = KfpStep.prepare(ExecutorInput.parse(b.toString()));
    StepRequest r =
        step.request(Map.of("MLFLOW_RUN_ID", "run-123", "MLFLOW_EXPERIMENT_NAME", "kfp-exp"));
    assertThat(r.task().kind()).isEqualTo(TaskSpec.Kind.MAXCUT);
    assertThat(r.backend().shots()).isEqualTo(100);
    assertThat(r.backend().seed()).hasValue(7L);
    assertThat(r.requestId()).isEqualTo("kfp-1");
    assertThat(r.inputs().get("weights").shape()).containsExactly(2, 2);
    assertThat(r.inputs().get("paulis").toStringList()).containsExactly("ZZ", "XI");
    assertThat(r.options().tracking().runId()).isEqualTo("run-123");
    assertThat(r.options().tracking().experimentName()).isEqualTo("kfp-exp");
    assertThat(step.target()).isEmpty();
  }

  @Test
  void request_negativeSeed_letsTheRunnerDraw_andNumbersBecomeCliText() {
    ExecutorInputs b = ExecutorInputs.forComponent(dir).param("task", "layer").param("seed", -1);
    StepRequest r = KfpStep.prepare(ExecutorInput.parse(b.toString())).request(Map.of());
    assertThat(r.backend().seed()).isEmpty();
    assertThat(KfpStep.scalarText(new com.google.gson.JsonPrimitive(2.0))).isEqualTo("2");
    assertThat(KfpStep.scalarText(new com.google.gson.JsonPrimitive(0.25))).isEqualTo("0.25");
    assertThat(KfpStep.scalarText(new com.google.gson.JsonPrimitive(true))).isEqualTo("true");
  }

  @Test
  void request_badParameters_nameTheParameter() {
    assertField(ExecutorInputs.forComponent(dir), "parameters[task]", ErrorReason.MISSING_FIELD);
    assertField(
        ExecutorInputs.forComponent(dir).param("task", "teleport"),
        "parameters[task]",
        ErrorReason.INVALID_VALUE);
    assertField(
        ExecutorInputs.forComponent(dir).param("task", "layer").param("shots", 1.5),
        "parameters[shots]",
        ErrorReason.INVALID_VALUE);
    assertField(
        ExecutorInputs.forComponent(dir).param("task", "layer").param("task_params", "[1]"),
        "parameters[task_params]",
        ErrorReason.INVALID_VALUE);
  }

  @Test
  void prepare_missingOutputs_isMissingFieldBeforeAnyWork() {
    assertPrepare(
        ExecutorInputs.forComponent(dir).withoutOutputFile(), "executor_input.outputs.outputFile");
    assertPrepare(
        ExecutorInputs.forComponent(dir).withoutOutput("metrics"),
        "executor_input.outputs.artifacts[metrics]");
    assertPrepare(
        ExecutorInputs.forComponent(dir).withoutOutput("result"),
        "executor_input.outputs.artifacts[result]");
    assertThatThrownBy(
            () ->
                KfpStep.prepare(
                    ExecutorInput.parse(
                        ExecutorInputs.forComponent(dir).outputParameter("energy").toString())))
        .isInstanceOf(QStepException.class)
        .satisfies(
            e ->
                assertThat(((QStepException) e).field())
                    .isEqualTo("executor_input.outputs.parameters[energy]"));
  }

  @Test
  void collectedListOrUnsupportedOutputUri_isRejectedBeforeAnyWork() {
    String collected =
        """
        {"inputs": {"parameterValues": {"task": "layer"},
           "artifacts": {"features": {"artifacts": [{"uri": "/a"}, {"uri": "/b"}]}}}}
        """;
    assertThatThrownBy(() -> ExecutorInput.parse(collected).inputArtifact("features"))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("2 artifacts given");
    String hdfs =
        ExecutorInputs.forComponent(dir)
            .param("task", "layer")
            .toString()
            .replace(
                "\"uri\":\"" + dir.resolve("artifacts").resolve("gram"),
                "\"uri\":\"hdfs://nn/gram");
    assertThatThrownBy(() -> KfpStep.prepare(ExecutorInput.parse(hdfs)))
        .isInstanceOf(QStepException.class)
        .satisfies(
            e ->
                assertThat(((QStepException) e).field())
                    .isEqualTo("executor_input.outputs.artifacts[gram]"));
  }

  @Test
  void readTensor_wrongDtypeOrNotNpy_isInvalidTensorNamingTheInput() throws Exception {
    Path f16 = dir.resolve("half");
    Files.write(f16, NpyBytes.v1("<f2", "(2,)", new byte[4]));
    assertThatThrownBy(() -> KfpStep.readTensor("inputs[weights]", f16, "weights"))
        .isInstanceOf(QStepException.class)
        .satisfies(
            e -> {
              QStepException q = (QStepException) e;
              assertThat(q.reason()).isEqualTo(ErrorReason.INVALID_TENSOR);
              assertThat(q.field()).isEqualTo("inputs[weights]");
              assertThat(q.getMessage()).contains("<f2");
            });
    Path csv = dir.resolve("csv");
    Files.writeString(csv, "1,2,3\n");
    assertThatThrownBy(() -> KfpStep.readTensor("inputs[x]", csv, "x"))
        .hasMessageContaining("not a .npy file");
    assertThatThrownBy(() -> KfpStep.readTensor("inputs[x]", dir.resolve("nope"), "x"))
        .hasMessageContaining("cannot read input artifact")
        .hasMessageContaining("(missing)");
  }

  @Test
  void readTensor_resultDirectoryOfAnUpstreamStep_readsTheNamedFile() throws Exception {
    Path d = dir.resolve("result");
    Files.createDirectories(d);
    Npy.write(Tensor.ofDoubles(new double[] {1, 2}, 2), d.resolve("expectations.npy"));
    assertThat(KfpStep.readTensor("f", d, "expectations").toDoubleArray()).containsExactly(1, 2);
    assertThatThrownBy(() -> KfpStep.readTensor("inputs[features]", d, "features"))
        .hasMessageContaining("without features.npy");
  }

  private void assertField(ExecutorInputs b, String field, ErrorReason reason) {
    assertThatThrownBy(() -> KfpStep.prepare(ExecutorInput.parse(b.toString())).request(Map.of()))
        .isInstanceOf(QStepException.class)
        .satisfies(
            e -> {
              assertThat(((QStepException) e).field()).isEqualTo(field);
              assertThat(((QStepException) e).reason()).isEqualTo(reason);
            });
  }

  private static void assertPrepare(ExecutorInputs b, String field) {
    assertThatThrownBy(() -> KfpStep.prepare(ExecutorInput.parse(b.toString())))
        .isInstanceOf(QStepException.class)
        .satisfies(
            e -> {
              assertThat(((QStepException) e).field()).isEqualTo(field);
              assertThat(((QStepException) e).reason()).isEqualTo(ErrorReason.MISSING_FIELD);
            });
  }

  private static RuntimeArtifact art(String uri) {
    return new RuntimeArtifact("x", uri, "system.Dataset", null);
  }
}
