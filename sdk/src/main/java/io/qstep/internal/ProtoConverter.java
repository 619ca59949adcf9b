package io.qstep.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.proto.v1.BackendSpec;
import io.qstep.proto.v1.CircuitTask;
import io.qstep.proto.v1.CompressTask;
import io.qstep.proto.v1.KernelTask;
import io.qstep.proto.v1.LayerTask;
import io.qstep.proto.v1.MaxCutTask;
import io.qstep.proto.v1.QuboTask;
import io.qstep.proto.v1.RunOptions;
import io.qstep.proto.v1.RunRequest;
import io.qstep.proto.v1.RunResponse;
import io.qstep.proto.v1.SampleTask;
import io.qstep.proto.v1.StageTiming;
import io.qstep.proto.v1.VqeTask;
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
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import io.qstep.tensor.TensorLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Converts between the generated {@code qstep.v1} messages and the domain records. Internal: not
 * part of the public SDK surface. Decoding validates every tensor and names the field at fault.
 */
public final class ProtoConverter {
  private ProtoConverter() {}

  // ---- tensors

  public static io.qstep.proto.v1.Tensor toProto(String name, Tensor t) {
    io.qstep.proto.v1.Tensor.Builder b =
        io.qstep.proto.v1.Tensor.newBuilder()
            .setName(name)
            .setDatatype(t.dtype().kserveName())
            .setRawContents(UnsafeByteOperations.unsafeWrap(t.asReadOnlyBuffer()));
    for (long d : t.shape()) {
      b.addShape(d);
    }
    return b.build();
  }

  /** Decodes and validates a tensor; errors name {@code field}. */
  public static Tensor fromProto(io.qstep.proto.v1.Tensor p, String field) {
    DType dtype = DType.fromKserve(field, p.getDatatype());
    long[] shape = new long[p.getShapeCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = p.getShape(i);
    }
    ByteString raw = p.getRawContents();
    return Tensor.of(field, dtype, shape, raw.asReadOnlyByteBuffer(), TensorLimits.UNLIMITED);
  }

  // ---- requests

  public static RunRequest toProto(StepRequest r) {
    RunRequest.Builder b =
        RunRequest.newBuilder()
            .setRequestId(r.requestId())
            .setTask(toProto(r.task()))
            .putAllParameters(r.parameters());
    r.inputs().forEach((name, t) -> b.addInputs(toProto(name, t)));
    BackendSpec.Builder bs =
        BackendSpec.newBuilder().setName(r.backend().name()).setShots(r.backend().shots());
    r.backend().seed().ifPresent(bs::setSeed);
    b.setBackend(bs);
    StepOptions o = r.options();
    b.setOptions(
        RunOptions.newBuilder()
            .setTimeoutMs(o.timeoutMs())
            .setFuseGates(o.fuseGates())
            .setThreads(o.threads()));
    if (!o.tracking().isNone()) {
      TrackingOptions t = o.tracking();
      b.getOptionsBuilder()
          .setTracking(
              io.qstep.proto.v1.TrackingOptions.newBuilder()
                  .setExperimentName(t.experimentName())
                  .setExperimentId(t.experimentId())
                  .setRunId(t.runId())
                  .setParentRunId(t.parentRunId())
                  .setDisabled(t.disabled()));
    }
    return b.build();
  }

  public static StepRequest fromProto(RunRequest p) {
    if (!p.hasTask()
        || p.getTask().getTaskCase() == io.qstep.proto.v1.TaskSpec.TaskCase.TASK_NOT_SET) {
      throw new QStepException(
          ErrorReason.MISSING_FIELD,
          "task",
          "task is required: set one of layer, circuit, maxcut, qubo, kernel, vqe, sample, compress");
    }
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (int i = 0; i < p.getInputsCount(); i++) {
      io.qstep.proto.v1.Tensor t = p.getInputs(i);
      String name = t.getName();
      if (name.isEmpty()) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            "inputs[" + i + "].name",
            "inputs[" + i + "]: name is empty");
      }
      String field = "inputs[" + name + "]";
      if (inputs.containsKey(name)) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR, field, field + ": given more than once");
      }
      inputs.put(name, fromProto(t, field));
    }
    BackendSpec bs = p.getBackend();
    if (bs.getShots() < 0) {
      throw QStepException.invalid(
          "backend.shots", "backend.shots must be >= 0, got " + bs.getShots());
    }
    RunOptions o = p.getOptions();
    if (o.getTimeoutMs() < 0) {
      throw QStepException.invalid("options.timeout_ms", "options.timeout_ms must be >= 0");
    }
    if (o.getThreads() < 0) {
      throw QStepException.invalid("options.threads", "options.threads must be >= 0");
    }
    io.qstep.proto.v1.TrackingOptions tp = o.getTracking();
    if (!tp.getRunId().isBlank() && !tp.getParentRunId().isBlank()) {
      throw QStepException.invalid(
          "options.tracking.parent_run_id",
          "options.tracking: run_id and parent_run_id exclude each other");
    }
    TrackingOptions tracking =
        new TrackingOptions(
            tp.getExperimentName(),
            tp.getExperimentId(),
            tp.getRunId(),
            tp.getParentRunId(),
            tp.getDisabled());
    return new StepRequest(
        p.getRequestId(),
        fromProto(p.getTask()),
        inputs,
        new io.qstep.task.BackendSpec(
            bs.getName(),
            bs.getShots(),
            bs.hasSeed() ? OptionalLong.of(bs.getSeed()) : OptionalLong.empty()),
        new StepOptions(
            o.getTimeoutMs(), !o.hasFuseGates() || o.getFuseGates(), o.getThreads(), tracking),
        p.getParametersMap());
  }

  // ---- task specs

  public static io.qstep.proto.v1.TaskSpec toProto(TaskSpec spec) {
    io.qstep.proto.v1.TaskSpec.Builder b = io.qstep.proto.v1.TaskSpec.newBuilder();
    switch (spec.kind()) {
      case LAYER -> {
        LayerSpec s = (LayerSpec) spec;
        b.setLayer(
            LayerTask.newBuilder()
                .setNumQubits(s.numQubits())
                .setDepth(s.depth())
                .setEncoding(
                    switch (s.encoding()) {
                      case ANGLE_RY -> LayerTask.Encoding.ANGLE_RY;
                      case ANGLE_RX -> LayerTask.Encoding.ANGLE_RX;
                    })
                .setEntangler(
                    switch (s.entangler()) {
                      case CX -> LayerTask.Entangler.CX;
                      case CZ -> LayerTask.Entangler.CZ;
                    })
                .setNumOutputs(s.numOutputs())
                .setFeatureScale(s.featureScale()));
      }
      case CIRCUIT -> {
        CircuitSpec s = (CircuitSpec) spec;
        b.setCircuit(CircuitTask.newBuilder().setQasm(s.qasm()).addAllObservables(s.observables()));
      }
      case MAXCUT -> {
        MaxCutSpec s = (MaxCutSpec) spec;
        b.setMaxcut(
            MaxCutTask.newBuilder()
                .setP(s.p())
                .setOptimizer(nz(s.optimizer()))
                .setMaxIterations(s.maxIterations())
                .setTopK(s.topK())
                .setInit(nz(s.init()))
                .setMode(nz(s.mode()))
                .setAllowNegativeWeights(s.allowNegativeWeights())
                .setBaselineTimeLimitMs(s.baselineTimeLimitMs()));
      }
      case QUBO -> {
        QuboSpec s = (QuboSpec) spec;
        b.setQubo(
            QuboTask.newBuilder()
                .setP(s.p())
                .setBuilder(nz(s.builder()))
                .setOptimizer(nz(s.optimizer()))
                .setMaxIterations(s.maxIterations())
                .setRiskAversion(s.riskAversion())
                .setBudget(s.budget())
                .setTopK(s.topK())
                .setMode(nz(s.mode()))
                .setBaselineTimeLimitMs(s.baselineTimeLimitMs())
                .setOffset(s.offset()));
      }
      case KERNEL -> {
        KernelSpec s = (KernelSpec) spec;
        b.setKernel(
            KernelTask.newBuilder()
                .setReps(s.reps())
                .setFeatureMap(nz(s.featureMap()))
                .setFeatureScale(s.featureScale())
                .setEntanglement(nz(s.entanglement())));
      }
      case VQE -> {
        VqeSpec s = (VqeSpec) spec;
        b.setVqe(
            VqeTask.newBuilder()
                .setAnsatz(nz(s.ansatz()))
                .setDepth(s.depth())
                .setOptimizer(nz(s.optimizer()))
                .setMaxIterations(s.maxIterations())
                .setMode(nz(s.mode())));
      }
      case SAMPLE -> {
        SampleSpec s = (SampleSpec) spec;
        b.setSample(
            SampleTask.newBuilder()
                .setMaxBond(s.maxBond())
                .setEncoding(nz(s.encoding()))
                .setLayers(s.layers())
                .setSweeps(s.sweeps())
                .setFidelity(s.fidelity())
                .setOrder(nz(s.order()))
                .setPrune(s.prune()));
      }
      case COMPRESS -> {
        CompressSpec s = (CompressSpec) spec;
        b.setCompress(
            CompressTask.newBuilder()
                .setMethod(nz(s.method()))
                .setEpsilon(s.epsilon())
                .setMaxBond(s.maxBond())
                .setComponents(s.components())
                .setRandomized(s.randomized())
                .setLayout(nz(s.layout()))
                .setPad(s.pad())
                .setReconstruct(s.reconstruct()));
      }
    }
    return b.build();
  }

  public static TaskSpec fromProto(io.qstep.proto.v1.TaskSpec p) {
    return switch (p.getTaskCase()) {
      case LAYER -> {
        LayerTask t = p.getLayer();
        if (t.getNumQubits() < 0 || t.getDepth() < 0 || t.getNumOutputs() < 0) {
          throw QStepException.invalid(
              "task.layer", "task.layer: num_qubits, depth and num_outputs must be >= 0");
        }
        if (!Double.isFinite(t.getFeatureScale())) {
          throw QStepException.invalid(
              "task.layer.feature_scale", "task.layer.feature_scale must be finite");
        }
        yield new LayerSpec(
            t.getNumQubits(),
            t.getDepth(),
            t.getEncoding() == LayerTask.Encoding.ANGLE_RX
                ? LayerSpec.Encoding.ANGLE_RX
                : LayerSpec.Encoding.ANGLE_RY,
            t.getEntangler() == LayerTask.Entangler.CZ
                ? LayerSpec.Entangler.CZ
                : LayerSpec.Entangler.CX,
            t.getNumOutputs(),
            t.getFeatureScale());
      }
      case CIRCUIT ->
          new CircuitSpec(
              p.getCircuit().getQasm(), List.copyOf(p.getCircuit().getObservablesList()));
      case MAXCUT -> {
        MaxCutTask t = p.getMaxcut();
        yield new MaxCutSpec(
            t.getP(),
            t.getOptimizer(),
            t.getMaxIterations(),
            t.getTopK(),
            t.getInit(),
            t.getMode(),
            t.getAllowNegativeWeights(),
            t.getBaselineTimeLimitMs());
      }
      case QUBO -> {
        QuboTask t = p.getQubo();
        yield new QuboSpec(
            t.getP(),
            t.getBuilder(),
            t.getOptimizer(),
            t.getMaxIterations(),
            t.getRiskAversion(),
            t.getBudget(),
            t.getTopK(),
            t.getMode(),
            t.getBaselineTimeLimitMs(),
            t.getOffset());
      }
      case KERNEL -> {
        KernelTask t = p.getKernel();
        if (t.getReps() < 0) {
          throw QStepException.invalid(
              "task.kernel.reps",
              "task.kernel.reps must be >= 1 (0 = default 2), got " + t.getReps());
        }
        if (!Double.isFinite(t.getFeatureScale())) {
          throw QStepException.invalid(
              "task.kernel.feature_scale", "task.kernel.feature_scale must be finite");
        }
        yield new KernelSpec(
            t.getReps(), t.getFeatureMap(), t.getFeatureScale(), t.getEntanglement());
      }
      case VQE -> {
        VqeTask t = p.getVqe();
        yield new VqeSpec(
            t.getAnsatz(), t.getDepth(), t.getOptimizer(), t.getMaxIterations(), t.getMode());
      }
      case SAMPLE -> {
        SampleTask t = p.getSample();
        yield new SampleSpec(
            t.getMaxBond(),
            t.getEncoding(),
            t.getLayers(),
            t.getSweeps(),
            t.getFidelity(),
            t.getOrder(),
            t.getPrune());
      }
      case COMPRESS -> {
        CompressTask t = p.getCompress();
        yield new CompressSpec(
            t.getMethod(),
            t.getEpsilon(),
            t.getMaxBond(),
            t.getComponents(),
            t.getRandomized(),
            t.getLayout(),
            t.getPad(),
            t.getReconstruct());
      }
      case TASK_NOT_SET ->
          throw new QStepException(ErrorReason.MISSING_FIELD, "task", "task is required");
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  // ---- responses

  public static RunResponse toProto(StepResult r) {
    RunResponse.Builder b =
        RunResponse.newBuilder()
            .setRequestId(r.requestId())
            .setTask(r.task())
            .putAllMetrics(r.metrics())
            .setCircuitVersion(r.circuitVersion())
            .setBackendName(r.backendName())
            .setBackendVersion(r.backendVersion())
            .addAllWarnings(r.warnings())
            .setSeed(r.seed());
    r.outputs().forEach((name, t) -> b.addOutputs(toProto(name, t)));
    r.timingsMs()
        .forEach(
            (stage, ms) -> b.addTimings(StageTiming.newBuilder().setStage(stage).setWallMs(ms)));
    r.qpu().forEach(q -> b.addQpu(toProto(q)));
    return b.build();
  }

  public static io.qstep.proto.v1.QpuProvenance toProto(QpuProvenance q) {
    return io.qstep.proto.v1.QpuProvenance.newBuilder()
        .setProvider(q.provider())
        .setDevice(q.device())
        .setDeviceVersion(q.deviceVersion())
        .setProviderJobId(q.providerJobId())
        .setIdempotencyKey(q.idempotencyKey())
        .setResumed(q.resumed())
        .setShots(q.shots())
        .setQueueMs(q.queueMs())
        .setExecutionMs(q.executionMs())
        .setCostEstimateUsd(q.costEstimateUsd())
        .setCalibrationId(q.calibrationId())
        .setCalibrationUnixMs(q.calibrationUnixMs())
        .setCalibrationSha256(q.calibrationSha256())
        .setTranspiledVersion(q.transpiledVersion())
        .putAllArtifacts(q.artifacts())
        .setFailover(q.failover())
        .putAllDetails(q.details())
        .build();
  }

  public static QpuProvenance fromProto(io.qstep.proto.v1.QpuProvenance p) {
    return new QpuProvenance(
        p.getProvider(),
        p.getDevice(),
        p.getDeviceVersion(),
        p.getProviderJobId(),
        p.getIdempotencyKey(),
        p.getResumed(),
        p.getShots(),
        p.getQueueMs(),
        p.getExecutionMs(),
        p.getCostEstimateUsd(),
        p.getCalibrationId(),
        p.getCalibrationUnixMs(),
        p.getCalibrationSha256(),
        p.getTranspiledVersion(),
        new TreeMap<>(p.getArtifactsMap()),
        p.getFailover(),
        new TreeMap<>(p.getDetailsMap()));
  }

  public static StepResult fromProto(RunResponse p) {
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    for (io.qstep.proto.v1.Tensor t : p.getOutputsList()) {
      outputs.put(t.getName(), fromProto(t, "outputs[" + t.getName() + "]"));
    }
    Map<String, Double> timings = new LinkedHashMap<>();
    for (StageTiming t : p.getTimingsList()) {
      timings.put(t.getStage(), t.getWallMs());
    }
    return new StepResult(
        p.getRequestId(),
        p.getTask(),
        outputs,
        new LinkedHashMap<>(p.getMetricsMap()),
        p.getCircuitVersion(),
        p.getBackendName(),
        p.getBackendVersion(),
        timings,
        p.getWarningsList(),
        p.getSeed(),
        p.getQpuList().stream().map(ProtoConverter::fromProto).toList());
  }
}
