package io.qstep.runner.qpu.dwave;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.IdempotencyKey;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.QpuErrors;
import io.qstep.runner.qpu.QpuExecutor;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.Calibration;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.QpuProvenance;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A D-Wave annealer as a backend: it samples QUBOs ({@link QuboSampler}) for the {@code qubo} and
 * {@code maxcut} tasks and refuses circuits. Durable like the gate-model backends. Thread-safe.
 */
public final class DwaveBackend implements Backend, QuboSampler {
  public static final String NAME = "dwave";

  private final DwaveClient client;
  private final String solverId;
  private final QpuRuntime runtime;
  private final int maxQubits;

  public DwaveBackend(DwaveClient client, String solverId, QpuRuntime runtime, int maxQubits) {
    this.client = client;
    this.solverId = solverId;
    this.runtime = runtime;
    this.maxQubits = maxQubits;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "dwave:" + solverId;
  }

  @Override
  public BackendCapabilities capabilities() {
    return new BackendCapabilities(
        maxQubits,
        Set.of(),
        true,
        false,
        true,
        10_000,
        "D-Wave annealer " + solverId + " (QUBO tasks qubo and maxcut; no circuits)");
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
    throw new QStepException(
        ErrorReason.CAPABILITY_MISMATCH,
        "backend.name",
        "backend 'dwave' is an annealer: it runs the qubo and maxcut tasks, not circuits");
  }

  @Override
  public QpuRuntime.Failover failover() {
    return runtime.failover();
  }

  @Override
  public SampleSet sample(Qubo f, long reads, long seed, StepContext ctx) {
    QpuExecutor ex = runtime.executor();
    Solver s;
    try {
      s = ex.retrier().call("GET solver", () -> client.solver(solverId));
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, NAME);
    }
    if (!s.online()) {
      throw new QStepException(
          ErrorReason.BACKEND_UNAVAILABLE,
          "backend.name",
          "dwave: solver " + s.id() + " is offline");
    }
    if (f.n() > s.qubits().length) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "inputs",
          "the problem has "
              + f.n()
              + " variables; solver "
              + s.id()
              + " has "
              + s.qubits().length
              + " working qubits");
    }
    if (s.maxReads() > 0 && reads > s.maxReads()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend.shots: " + reads + " reads exceed the " + s.maxReads() + " of " + s.id());
    }
    int[] embedding = DirectEmbedding.find(f, s);
    if (embedding == null) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "inputs",
          "the problem's interaction graph does not embed directly (one qubit per variable) in "
              + s.id()
              + "'s working graph; minor embedding with chains is not supported");
    }
    String payload =
        IdempotencyKey.sha256(
            f.n()
                + Arrays.toString(f.linear())
                + Arrays.toString(f.quadratic())
                + f.constant()
                + Arrays.toString(embedding));
    String key = IdempotencyKey.of(NAME, s.id(), payload, reads, seed);
    double cost = runtime.prices().price(NAME, s.id()).estimate(1, reads);
    QpuExecutor.Outcome<SampleSet> o =
        ex.run(
            new QpuExecutor.Spec(key, NAME, s.id(), reads, cost),
            client.job(s, f, embedding, reads),
            ctx);
    ex.store().putArtifact(key, "calibration", s.properties());
    ctx.noteCalibration(new Calibration(s.id(), 0));
    double queueMs = Math.max(0, o.job().queueMs());
    double execMs = Math.max(0, o.job().executionMs());
    ctx.metric("qpu_tasks", 1, true);
    ctx.metric("qpu_shots", reads, true);
    ctx.metric("qpu_queue_ms", queueMs, true);
    ctx.metric("qpu_execution_ms", execMs, true);
    ctx.metric("qpu_cost_estimate_usd", cost, true);
    String dir = "qpu/" + key.substring(0, Math.min(12, key.length())) + "/";
    ctx.artifact(dir + "solver_properties.json", s.properties().getBytes(StandardCharsets.UTF_8));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("embedding", "direct");
    details.put("problem_sha256", payload);
    details.put("job_state_file", ex.store().dir().resolve(key + ".json").toString());
    ctx.qpu(
        new QpuProvenance(
            NAME,
            s.id(),
            "",
            o.record().providerJobId(),
            key,
            o.resumed(),
            reads,
            queueMs,
            execMs,
            cost,
            s.id(),
            0,
            IdempotencyKey.sha256(s.properties()),
            payload,
            Map.of("solver_properties", dir + "solver_properties.json"),
            "",
            details));
    return o.result();
  }

  @Override
  public void close() {
    client.close();
  }
}
