package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static io.qstep.runner.grpc.InProcessRunner.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.qstep.internal.ProtoConverter;
import io.qstep.proto.v1.BackendInfo;
import io.qstep.proto.v1.CancelJobRequest;
import io.qstep.proto.v1.GetJobRequest;
import io.qstep.proto.v1.Job;
import io.qstep.proto.v1.ListBackendsRequest;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.proto.v1.RunRequest;
import io.qstep.proto.v1.RunResponse;
import io.qstep.proto.v1.StreamResponse;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.LayerSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuantumStepServiceTest {
  static final double EPS = 1e-10;
  static final String BELL =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n";
  static final String BELL_SWEEP =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] theta;\nqubit[2] q;\n"
          + "h q[0];\ncx q[0], q[1];\nry(theta) q[1];\n";

  static InProcessRunner runner;

  @BeforeAll
  static void start() {
    runner = new InProcessRunner(RunnerConfig.defaults().withMaxBatchRows(1000));
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  static StepResult run(StepRequest r) {
    return ProtoConverter.fromProto(runner.stub.run(proto(r)));
  }

  static StatusRuntimeException fail(RunRequest r) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(r));
  }

  static StatusRuntimeException fail(StepRequest r) {
    return fail(proto(r));
  }

  /** Every error test ends by checking that the server still answers. */
  static void assertStillServing() {
    StepResult r = run(StepRequest.builder(new CircuitSpec(BELL, List.of("ZZ"))).seed(1).build());
    assertThat(r.output("expectations").toDoubleArray()[0]).isCloseTo(1.0, within(EPS));
  }

  @Test
  void circuit_bell_givesAnalyticPauliExpectations() {
    StepResult r =
        run(StepRequest.builder(new CircuitSpec(BELL, List.of("ZZ", "XX", "YY", "ZI"))).build());
    double[] e = r.output("expectations").toDoubleArray();
    assertThat(r.output("expectations").shape()).containsExactly(1, 4);
    assertThat(e[0]).isCloseTo(1, within(EPS));
    assertThat(e[1]).isCloseTo(1, within(EPS));
    assertThat(e[2]).isCloseTo(-1, within(EPS));
    assertThat(e[3]).isCloseTo(0, within(EPS));
    assertThat(r.circuitVersion()).matches("[0-9a-f]{64}");
    assertThat(r.backendName()).isEqualTo("statevector");
    assertThat(r.timingsMs().keySet())
        .containsExactly(
            "decode", "compress", "encode", "execute", "mitigate", "validate", "track");
    assertThat(r.metrics()).containsEntry("num_qubits", 2.0).containsEntry("two_qubit_gates", 1.0);
  }

  @Test
  void circuit_parameterRows_matchCosTheta() {
    double[] thetas = new SplittableRandom(11).doubles(16, -Math.PI, Math.PI).toArray();
    StepResult r =
        run(
            StepRequest.builder(new CircuitSpec(BELL_SWEEP, List.of("ZZ")))
                .input("params", Tensor.ofDoubles(thetas, thetas.length, 1))
                .build());
    double[] e = r.output("expectations").toDoubleArray();
    for (int i = 0; i < thetas.length; i++) {
      assertThat(e[i]).as("row %d", i).isCloseTo(Math.cos(thetas[i]), within(EPS));
    }
  }

  @Test
  void circuit_qasmAsBytesInput_isAccepted() {
    StepResult r =
        run(
            StepRequest.builder(new CircuitSpec("", List.of("ZZ")))
                .input("qasm", Tensor.ofStrings(List.of(BELL)))
                .build());
    assertThat(r.output("expectations").toDoubleArray()[0]).isCloseTo(1, within(EPS));
  }

  @Test
  void layer_twoQubits_matchesProductStateOracle() {
    // Before the CX the state is a product of RZ·RY(x+a) on each qubit, so
    // <Z0> = cos(x0+a0) and <Z1> after CX(0,1) = <Z0 Z1> before = cos(x0+a0)·cos(x1+a1).
    SplittableRandom rng = new SplittableRandom(5);
    int batch = 7;
    double[] x = rng.doubles(batch * 2, -2, 2).toArray();
    double[] w = rng.doubles(4, -2, 2).toArray();
    StepResult r =
        run(
            StepRequest.builder(LayerSpec.defaults())
                .input("features", Tensor.ofDoubles(x, batch, 2))
                .input("weights", Tensor.ofDoubles(w, 1, 2, 2))
                .build());
    double[] e = r.output("expectations").toDoubleArray();
    assertThat(r.output("expectations").shape()).containsExactly(batch, 2);
    for (int i = 0; i < batch; i++) {
      double z0 = Math.cos(x[2 * i] + w[0]);
      double z1 = z0 * Math.cos(x[2 * i + 1] + w[2]);
      assertThat(e[2 * i]).isCloseTo(z0, within(EPS));
      assertThat(e[2 * i + 1]).isCloseTo(z1, within(EPS));
    }
  }

  @Test
  void layer_statevectorAndStrange_agree() {
    SplittableRandom rng = new SplittableRandom(9);
    int batch = 5, n = 4, depth = 3;
    double[] x = rng.doubles(batch * n, -1, 1).toArray();
    double[] w = rng.doubles(depth * n * 2, -Math.PI, Math.PI).toArray();
    StepRequest.Builder b =
        StepRequest.builder(
                new LayerSpec(0, 0, LayerSpec.Encoding.ANGLE_RX, LayerSpec.Entangler.CZ, 3, 0.5))
            .input("features", Tensor.ofDoubles(x, batch, n))
            .input("weights", Tensor.ofDoubles(w, depth, n, 2));
    double[] ours = run(b.backend("statevector").build()).output("expectations").toDoubleArray();
    StepResult strange = run(b.backend("strange").build());
    assertThat(strange.backendName()).isEqualTo("strange");
    double[] theirs = strange.output("expectations").toDoubleArray();
    assertThat(ours).hasSize(batch * 3);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).isCloseTo(theirs[i], within(1e-4));
    }
  }

  @Test
  void shots_sameSeed_sameSamples_differentSeed_differs() {
    StepRequest.Builder b = StepRequest.builder(CircuitSpec.of(BELL)).shots(2000);
    StepResult a = run(b.seed(42).build());
    StepResult again = run(b.seed(42).build());
    StepResult other = run(b.seed(43).build());
    assertThat(a.output("samples").toLongArray()).isEqualTo(again.output("samples").toLongArray());
    assertThat(a.output("samples").toLongArray())
        .isNotEqualTo(other.output("samples").toLongArray());
    long[] counts = a.output("counts").toLongArray();
    assertThat(counts).hasSize(4);
    assertThat(counts[1] + counts[2]).isZero();
    // Binomial(2000, 1/2): 5 sigma = 112.
    assertThat(Math.abs(counts[0] - 1000)).isLessThan(112);
    assertThat(a.seed()).isEqualTo(42);
  }

  @Test
  void shots_withoutSeed_reportsTheDrawnSeed_andItReplays() {
    StepRequest.Builder b = StepRequest.builder(CircuitSpec.of(BELL)).shots(500);
    StepResult first = run(b.build());
    StepResult replay = run(b.seed(first.seed()).build());
    assertThat(replay.output("samples").toLongArray())
        .isEqualTo(first.output("samples").toLongArray());
  }

  // ---- bad input

  @Test
  void run_byteLengthMismatch_isInvalidArgumentNamingTheInput() {
    RunRequest r =
        proto(StepRequest.builder(LayerSpec.defaults()).build()).toBuilder()
            .addInputs(
                io.qstep.proto.v1.Tensor.newBuilder()
                    .setName("features")
                    .setDatatype("FP64")
                    .addShape(2)
                    .addShape(3)
                    .setRawContents(ByteString.copyFrom(new byte[12])))
            .build();
    StatusRuntimeException e = fail(r);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[features]");
    assertThat(e.getStatus().getDescription()).contains("inputs[features]");
    assertStillServing();
  }

  @Test
  void run_unknownDatatype_isInvalidArgument() {
    RunRequest r =
        proto(StepRequest.builder(LayerSpec.defaults()).build()).toBuilder()
            .addInputs(
                io.qstep.proto.v1.Tensor.newBuilder()
                    .setName("features")
                    .setDatatype("COMPLEX128")
                    .addShape(1))
            .build();
    StatusRuntimeException e = fail(r);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[features]");
  }

  @Test
  void layer_wrongDtype_isInvalidArgument() {
    StatusRuntimeException e =
        fail(
            StepRequest.builder(LayerSpec.defaults())
                .input("features", Tensor.ofLongs(new long[] {1, 2}, 1, 2))
                .input("weights", Tensor.ofDoubles(new double[4], 1, 2, 2))
                .build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[features]");
    assertThat(reason(e)).isEqualTo("INVALID_TENSOR");
  }

  @Test
  void layer_nanFeature_isInvalidArgument() {
    StatusRuntimeException e =
        fail(
            StepRequest.builder(LayerSpec.defaults())
                .input("features", Tensor.ofDoubles(new double[] {0.1, Double.NaN}, 1, 2))
                .input("weights", Tensor.ofDoubles(new double[4], 1, 2, 2))
                .build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[features]");
    assertThat(e.getStatus().getDescription()).contains("NaN");
    assertStillServing();
  }

  @Test
  void layer_missingWeights_isInvalidArgumentNamingWeights() {
    StatusRuntimeException e =
        fail(
            StepRequest.builder(LayerSpec.defaults())
                .input("features", Tensor.ofDoubles(new double[] {0.1, 0.2}, 1, 2))
                .build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[weights]");
    assertThat(reason(e)).isEqualTo("MISSING_FIELD");
  }

  @Test
  void layer_tooManyRows_isResourceExhausted() {
    StatusRuntimeException e =
        fail(
            StepRequest.builder(LayerSpec.defaults())
                .input("features", Tensor.ofDoubles(new double[1001 * 2], 1001, 2))
                .input("weights", Tensor.ofDoubles(new double[4], 1, 2, 2))
                .build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(field(e)).isEqualTo("inputs[features]");
    assertThat(reason(e)).isEqualTo("TOO_MANY_ROWS");
  }

  @Test
  void circuit_unparsableQasm_namesLineAndColumn() {
    String bad = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nh q[0]\ncx q[0], q[1];\n";
    StatusRuntimeException e = fail(StepRequest.builder(CircuitSpec.of(bad)).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("task.circuit.qasm");
    assertThat(e.getStatus().getDescription()).contains("line 5");
    assertStillServing();
  }

  @Test
  void circuit_unknownGate_isInvalidArgumentWithReason() {
    String bad = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nfrobnicate q[0];\n";
    StatusRuntimeException e = fail(StepRequest.builder(CircuitSpec.of(bad)).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reason(e)).isEqualTo("UNKNOWN_GATE");
    assertThat(e.getStatus().getDescription()).contains("frobnicate");
  }

  @Test
  void circuit_tooManyQubits_isRefusedBeforeAllocation() {
    // 29 qubits would need an 8 GiB state: more than this test JVM has, so an answer other than
    // RESOURCE_EXHAUSTED (e.g. an OutOfMemoryError turned INTERNAL) means the check came too late.
    String wide = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[29] q;\nh q[0];\n";
    StatusRuntimeException e = fail(StepRequest.builder(CircuitSpec.of(wide)).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("TOO_MANY_QUBITS");
    assertThat(field(e)).isEqualTo("task.circuit.qasm");
    assertStillServing();
  }

  @Test
  void circuit_widerThanStrange_isFailedPrecondition() {
    String wide = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[20] q;\nh q[0];\n";
    StatusRuntimeException e =
        fail(StepRequest.builder(CircuitSpec.of(wide)).backend("strange").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(reason(e)).isEqualTo("CAPABILITY_MISMATCH");
  }

  @Test
  void circuit_tooManyShots_isResourceExhausted() {
    StatusRuntimeException e =
        fail(StepRequest.builder(CircuitSpec.of(BELL)).shots(10_000_000).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(field(e)).isEqualTo("backend.shots");
  }

  @Test
  void circuit_negativeShots_isInvalidArgument() {
    RunRequest r =
        proto(StepRequest.builder(CircuitSpec.of(BELL)).build()).toBuilder()
            .setBackend(io.qstep.proto.v1.BackendSpec.newBuilder().setShots(-1))
            .build();
    StatusRuntimeException e = fail(r);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("backend.shots");
  }

  @Test
  void run_unknownBackend_isNotFoundListingBackends() {
    StatusRuntimeException e =
        fail(StepRequest.builder(CircuitSpec.of(BELL)).backend("ibm_nowhere").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(field(e)).isEqualTo("backend.name");
    assertThat(e.getStatus().getDescription()).contains("statevector").contains("strange");
    assertStillServing();
  }

  @Test
  void run_missingTask_isInvalidArgumentNamingTask() {
    StatusRuntimeException e = fail(RunRequest.newBuilder().setRequestId("x").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("task");
  }

  @Test
  void circuit_missingParams_isInvalidArgument() {
    StatusRuntimeException e = fail(StepRequest.builder(CircuitSpec.of(BELL_SWEEP)).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[params]");
  }

  @Test
  void circuit_paramsWrongWidth_isInvalidArgument() {
    StatusRuntimeException e =
        fail(
            StepRequest.builder(CircuitSpec.of(BELL_SWEEP))
                .input("params", Tensor.ofDoubles(new double[4], 2, 2))
                .build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("inputs[params]");
  }

  @Test
  void circuit_badObservable_namesIt() {
    StatusRuntimeException e =
        fail(StepRequest.builder(new CircuitSpec(BELL, List.of("ZZ", "ZQ"))).build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("task.circuit.observables[1]");
  }

  @Test
  void run_withoutATask_isInvalidArgumentNamingTask() {
    StatusRuntimeException e = fail(RunRequest.newBuilder().setRequestId("no-task").build());
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo("task");
  }

  static StepRequest heavy(int rows) {
    StringBuilder q = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    q.append("input float[64] t;\nqubit[18] q;\n");
    for (int l = 0; l < 20; l++) {
      for (int i = 0; i < 18; i++) {
        q.append("rx(t) q[").append(i).append("];\n");
      }
      for (int i = 0; i + 1 < 18; i++) {
        q.append("cx q[").append(i).append("], q[").append(i + 1).append("];\n");
      }
    }
    return StepRequest.builder(CircuitSpec.of(q.toString()))
        .input("params", Tensor.ofDoubles(new double[rows], rows, 1))
        .build();
  }

  @Test
  void run_pastDeadline_isDeadlineExceeded_andServerGoesOn() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> runner.stub.withDeadlineAfter(200, TimeUnit.MILLISECONDS).run(proto(heavy(500))));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertStillServing();
  }

  @Test
  void run_requestTimeout_isDeadlineExceeded() {
    StepRequest r = heavy(500);
    RunRequest p =
        proto(r).toBuilder()
            .setOptions(io.qstep.proto.v1.RunOptions.newBuilder().setTimeoutMs(100))
            .build();
    StatusRuntimeException e = fail(p);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(reason(e)).isEqualTo("DEADLINE_EXCEEDED");
  }

  @Test
  void run_clientCancels_isCancelled_andServerGoesOn() throws Exception {
    var future = QuantumStepGrpc.newFutureStub(runner.channel).run(proto(heavy(500)));
    future.cancel(true);
    assertThat(future.isCancelled()).isTrue();
    assertStillServing();
  }

  // ---- streaming and jobs

  @Test
  void runStream_badRequestInTheMiddle_yieldsErrorEntryAndGoesOn() throws Exception {
    CompletableFuture<List<StreamResponse>> done = new CompletableFuture<>();
    List<StreamResponse> got = new ArrayList<>();
    StreamObserver<RunRequest> in =
        QuantumStepGrpc.newStub(runner.channel)
            .runStream(
                new StreamObserver<>() {
                  @Override
                  public void onNext(StreamResponse r) {
                    got.add(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(got);
                  }
                });
    in.onNext(proto(StepRequest.builder(CircuitSpec.of(BELL)).requestId("a").build()));
    in.onNext(proto(StepRequest.builder(CircuitSpec.of("garbage")).requestId("b").build()));
    in.onNext(proto(StepRequest.builder(CircuitSpec.of(BELL)).requestId("c").build()));
    in.onCompleted();
    List<StreamResponse> rs = done.get(30, TimeUnit.SECONDS);
    assertThat(rs).extracting(StreamResponse::getRequestId).containsExactly("a", "b", "c");
    assertThat(rs.get(0).hasResult()).isTrue();
    assertThat(rs.get(1).getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(rs.get(2).hasResult()).isTrue();
  }

  static Job await(String id, Job.State... states) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Job j = runner.stub.getJob(GetJobRequest.newBuilder().setJobId(id).build());
      for (Job.State s : states) {
        if (j.getState() == s) {
          return j;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " stuck in " + j.getState());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void submit_thenGetJob_returnsTheSameResultAsRun() {
    StepRequest r =
        StepRequest.builder(new CircuitSpec(BELL, List.of("XX"))).requestId("job-1").build();
    Job j = runner.stub.submit(proto(r));
    assertThat(j.getJobId()).isNotEmpty();
    Job done = await(j.getJobId(), Job.State.SUCCEEDED, Job.State.FAILED);
    assertThat(done.getState()).isEqualTo(Job.State.SUCCEEDED);
    RunResponse res = done.getResult();
    assertThat(res.getRequestId()).isEqualTo("job-1");
    assertThat(ProtoConverter.fromProto(res).output("expectations").toDoubleArray()[0])
        .isCloseTo(1, within(EPS));
    assertThat(done.getFinishedUnixMs()).isGreaterThanOrEqualTo(done.getStartedUnixMs());
  }

  @Test
  void submit_badInput_isRejectedAtOnce() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> runner.stub.submit(RunRequest.newBuilder().build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void submit_failingJob_endsFailedWithStatus() {
    Job j =
        runner.stub.submit(
            proto(StepRequest.builder(CircuitSpec.of(BELL)).backend("nope").build()));
    Job done = await(j.getJobId(), Job.State.SUCCEEDED, Job.State.FAILED);
    assertThat(done.getState()).isEqualTo(Job.State.FAILED);
    assertThat(done.getError().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
  }

  @Test
  void cancelJob_runningJob_endsCancelled() {
    Job j = runner.stub.submit(proto(heavy(1000)));
    Job c = runner.stub.cancelJob(CancelJobRequest.newBuilder().setJobId(j.getJobId()).build());
    assertThat(c.getState()).isEqualTo(Job.State.CANCELLED);
    assertThat(await(j.getJobId(), Job.State.CANCELLED).getError().getCode())
        .isEqualTo(Status.Code.CANCELLED.value());
  }

  @Test
  void getJob_unknownId_isNotFoundNamingJobId() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> runner.stub.getJob(GetJobRequest.newBuilder().setJobId("nope").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(field(e)).isEqualTo("job_id");
  }

  @Test
  void listBackends_listsStatevectorAndStrange() {
    List<BackendInfo> bs =
        runner.stub.listBackends(ListBackendsRequest.getDefaultInstance()).getBackendsList();
    assertThat(bs).extracting(BackendInfo::getName).contains("statevector", "strange");
    BackendInfo sv = bs.stream().filter(b -> b.getName().equals("statevector")).findFirst().get();
    assertThat(sv.getMaxQubits()).isEqualTo(26);
    assertThat(sv.getSupportsExact()).isTrue();
    assertThat(sv.getNativeGatesList()).contains("cx", "rzz", "U");
  }

  @Test
  void health_reportsServing() {
    HealthCheckResponse h =
        HealthGrpc.newBlockingStub(runner.channel)
            .check(HealthCheckRequest.newBuilder().setService("qstep.v1.QuantumStep").build());
    assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
