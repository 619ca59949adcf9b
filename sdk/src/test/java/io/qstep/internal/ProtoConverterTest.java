package io.qstep.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.proto.v1.RunRequest;
import io.qstep.proto.v1.RunResponse;
import io.qstep.task.CircuitSpec;
import io.qstep.task.CompressSpec;
import io.qstep.task.KernelSpec;
import io.qstep.task.LayerSpec;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.QpuProvenance;
import io.qstep.task.QuboSpec;
import io.qstep.task.SampleSpec;
import io.qstep.task.StepOptions;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.task.TaskSpec;
import io.qstep.task.TrackingOptions;
import io.qstep.task.VqeSpec;
import io.qstep.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtoConverterTest {

  static LongStream seeds() {
    return LongStream.range(0, 25);
  }

  static TaskSpec randomSpec(SplittableRandom r) {
    return switch (TaskSpec.Kind.values()[r.nextInt(TaskSpec.Kind.values().length)]) {
      case LAYER ->
          new LayerSpec(
              r.nextInt(8),
              r.nextInt(4),
              r.nextBoolean() ? LayerSpec.Encoding.ANGLE_RX : LayerSpec.Encoding.ANGLE_RY,
              r.nextBoolean() ? LayerSpec.Entangler.CX : LayerSpec.Entangler.CZ,
              r.nextInt(8),
              r.nextDouble());
      case CIRCUIT -> new CircuitSpec("OPENQASM 3.0; qubit q;", List.of("Z", "X"));
      case MAXCUT ->
          new MaxCutSpec(
              r.nextInt(5),
              "BOBYQA",
              r.nextInt(100),
              r.nextInt(10),
              r.nextBoolean() ? "ramp" : "",
              r.nextBoolean() ? "baseline" : "shadow",
              r.nextBoolean(),
              r.nextInt(5000));
      case QUBO ->
          new QuboSpec(
              1,
              "portfolio",
              "SPSA",
              10,
              r.nextDouble(),
              3,
              r.nextInt(20),
              r.nextBoolean() ? "quantum" : "",
              r.nextInt(3000),
              r.nextDouble());
      case KERNEL -> new KernelSpec(r.nextInt(5), "iqp", r.nextDouble(), "linear");
      case VQE -> new VqeSpec("hea", 2, "COBYLA", 50, "quantum");
      case SAMPLE ->
          new SampleSpec(
              r.nextInt(16),
              r.nextBoolean() ? "amplitude" : "",
              r.nextInt(4),
              r.nextInt(20),
              r.nextDouble(),
              r.nextBoolean() ? "auto" : "",
              r.nextBoolean());
      case COMPRESS ->
          new CompressSpec(
              r.nextBoolean() ? "pca" : "tt",
              r.nextDouble(),
              r.nextInt(9),
              r.nextInt(5),
              r.nextBoolean(),
              r.nextBoolean() ? "tensor" : "",
              r.nextBoolean(),
              r.nextBoolean());
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void request_domainToProtoToDomain_isIdentity(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StepRequest.Builder b =
        StepRequest.builder(randomSpec(r))
            .requestId("id-" + seed)
            .backend(r.nextBoolean() ? "strange" : "")
            .shots(r.nextInt(1000))
            .options(
                new StepOptions(
                    r.nextInt(1000),
                    r.nextBoolean(),
                    r.nextInt(4),
                    switch (r.nextInt(3)) {
                      case 0 -> TrackingOptions.none();
                      case 1 -> TrackingOptions.off();
                      default ->
                          new TrackingOptions(
                              "exp-" + seed,
                              r.nextBoolean() ? "" : "7",
                              r.nextBoolean() ? "run" + seed : "",
                              "",
                              false);
                    }))
            .parameter("k", "v" + seed);
    if (r.nextBoolean()) {
      b.seed(r.nextLong());
    }
    b.input("a", Tensor.ofDoubles(r.doubles(6).toArray(), 2, 3));
    b.input("b", Tensor.ofLongs(r.longs(4).toArray(), 4));
    b.input("s", Tensor.ofStrings(List.of("x", "yz")));
    StepRequest req = b.build();
    RunRequest p = ProtoConverter.toProto(req);
    StepRequest back = ProtoConverter.fromProto(p);
    assertThat(back).isEqualTo(req);
    assertThat(ProtoConverter.toProto(back)).isEqualTo(p);
  }

  @Test
  void response_roundTrip_keepsEverything() {
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("decode", 1.5);
    timings.put("execute", 2.5);
    StepResult r =
        new StepResult(
            "rid",
            "circuit",
            Map.of("expectations", Tensor.ofDoubles(new double[] {0.5}, 1, 1)),
            Map.of("num_qubits", 2.0),
            "ab",
            "statevector",
            "v1",
            timings,
            List.of("w"),
            -5L,
            List.of(
                new QpuProvenance(
                    "ibm",
                    "ibm_fake",
                    "1.2.3",
                    "job-1",
                    "key",
                    true,
                    1000,
                    12.5,
                    3.25,
                    4.8,
                    "cal@t",
                    1700000000000L,
                    "ab12",
                    "cd34",
                    Map.of("transpiled_qasm", "qpu/x/transpiled.qasm"),
                    "",
                    Map.of("transpile_method", "sabre", "initial_layout", "[0, 1]")),
                QpuProvenance.failover("dwave", "Advantage", 100, "baseline", "offline")));
    RunResponse p = ProtoConverter.toProto(r);
    assertThat(p.getQpuCount()).isEqualTo(2);
    assertThat(p.getQpu(0).getQueueMs()).isEqualTo(12.5);
    assertThat(ProtoConverter.fromProto(p)).isEqualTo(r);
  }

  @Test
  void fromProto_tensorLengthMismatch_namesTheInput() {
    RunRequest p =
        ProtoConverter.toProto(StepRequest.builder(LayerSpec.defaults()).build()).toBuilder()
            .addInputs(
                io.qstep.proto.v1.Tensor.newBuilder()
                    .setName("features")
                    .setDatatype("FP64")
                    .addShape(3)
                    .setRawContents(ByteString.copyFrom(new byte[8])))
            .build();
    QStepException e =
        catchThrowableOfType(QStepException.class, () -> ProtoConverter.fromProto(p));
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_TENSOR);
    assertThat(e.field()).isEqualTo("inputs[features]");
  }

  @Test
  void fromProto_duplicateInput_isRejected() {
    io.qstep.proto.v1.Tensor t = ProtoConverter.toProto("x", Tensor.ofDoubles(new double[] {1}, 1));
    RunRequest p =
        ProtoConverter.toProto(StepRequest.builder(LayerSpec.defaults()).build()).toBuilder()
            .addInputs(t)
            .addInputs(t)
            .build();
    QStepException e =
        catchThrowableOfType(QStepException.class, () -> ProtoConverter.fromProto(p));
    assertThat(e.field()).isEqualTo("inputs[x]");
  }

  @Test
  void fromProto_noTask_isMissingField() {
    QStepException e =
        catchThrowableOfType(
            QStepException.class, () -> ProtoConverter.fromProto(RunRequest.getDefaultInstance()));
    assertThat(e.reason()).isEqualTo(ErrorReason.MISSING_FIELD);
    assertThat(e.field()).isEqualTo("task");
  }

  @Test
  void fromProto_kernelNegativeReps_isInvalidArgumentNamingTheField() {
    RunRequest.Builder b =
        ProtoConverter.toProto(StepRequest.builder(KernelSpec.defaults()).build()).toBuilder();
    b.getTaskBuilder().getKernelBuilder().setReps(-1);
    QStepException e =
        catchThrowableOfType(QStepException.class, () -> ProtoConverter.fromProto(b.build()));
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("task.kernel.reps");
  }

  @Test
  void fromProto_trackingRunAndParentRun_isInvalidArgumentNamingTheField() {
    RunRequest.Builder b =
        ProtoConverter.toProto(StepRequest.builder(LayerSpec.defaults()).build()).toBuilder();
    b.getOptionsBuilder().getTrackingBuilder().setRunId("a").setParentRunId("b");
    RunRequest p = b.build();
    QStepException e =
        catchThrowableOfType(QStepException.class, () -> ProtoConverter.fromProto(p));
    assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("options.tracking.parent_run_id");
  }

  @Test
  void fromProto_noTrackingOptions_meansNoOverrides() {
    RunRequest p = ProtoConverter.toProto(StepRequest.builder(LayerSpec.defaults()).build());
    assertThat(p.getOptions().hasTracking()).isFalse();
    assertThat(ProtoConverter.fromProto(p).options().tracking().isNone()).isTrue();
  }
}
