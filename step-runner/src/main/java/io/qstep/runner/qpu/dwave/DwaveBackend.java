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
import java.util.Locale;
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
  private final double chainStrength;

  public DwaveBackend(DwaveClient client, String solverId, QpuRuntime runtime, int maxQubits) {
    this(client, solverId, runtime, maxQubits, 0);
  }

  /**
   * @param chainStrength the runner's chain strength (Ising units, see {@link ChainStrength}); 0
   *     for uniform torque compensation per problem
   */
  public DwaveBackend(
      DwaveClient client,
      String solverId,
      QpuRuntime runtime,
      int maxQubits,
      double chainStrength) {
    this.client = client;
    this.solverId = solverId;
    this.runtime = runtime;
    this.maxQubits = maxQubits;
    this.chainStrength = chainStrength;
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
    ChainEmbedding embedding = embed(f, s, seed, ctx);
    boolean chained = embedding.maxChainLength() > 1;
    double strength = chained ? ChainStrength.resolve(ctx.parameters(), chainStrength, f) : 0;
    String payload =
        IdempotencyKey.sha256(
            f.n()
                + Arrays.toString(f.linear())
                + Arrays.toString(f.quadratic())
                + f.constant()
                + (embedding.kind() == ChainEmbedding.Kind.DIRECT
                    ? Arrays.toString(directQubits(embedding))
                    : embedding.canonical() + " chain_strength=" + strength));
    String key = IdempotencyKey.of(NAME, s.id(), payload, reads, seed);
    double cost = runtime.prices().price(NAME, s.id()).estimate(1, reads);
    QpuExecutor.Outcome<Unembedding.Result> o =
        ex.run(
            new QpuExecutor.Spec(key, NAME, s.id(), reads, cost),
            client.job(s, f, embedding, strength, reads, seed),
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
    ctx.metric("dwave_chain_break_fraction", o.result().chainBreakFraction(), false);
    ctx.metric("dwave_max_chain_length", embedding.maxChainLength(), false);
    ctx.metric("dwave_physical_qubits", embedding.physicalQubits(), false);
    ctx.metric("dwave_chain_strength", strength, false);
    String dir = "qpu/" + key.substring(0, Math.min(12, key.length())) + "/";
    ctx.artifact(dir + "solver_properties.json", s.properties().getBytes(StandardCharsets.UTF_8));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("embedding", embedding.kind().name().toLowerCase(Locale.ROOT));
    details.put("max_chain_length", Integer.toString(embedding.maxChainLength()));
    details.put("physical_qubits", Integer.toString(embedding.physicalQubits()));
    if (chained) {
      details.put("chain_strength", Double.toString(strength));
    }
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
    return o.result().samples();
  }

  /**
   * A direct embedding when one exists, else a minor embedding with chains (seeded by the step's
   * seed, bounded by {@link MinorEmbedding.Limits#DEFAULT} and the step's deadline).
   */
  private static ChainEmbedding embed(Qubo f, Solver s, long seed, StepContext ctx) {
    int[] direct = DirectEmbedding.find(f, s);
    if (direct != null) {
      return ChainEmbedding.direct(direct);
    }
    return MinorEmbedding.find(f, s, seed, ctx::checkpoint)
        .orElseThrow(
            () -> {
              MinorEmbedding.Limits l = MinorEmbedding.Limits.DEFAULT;
              return new QStepException(
                  ErrorReason.CAPABILITY_MISMATCH,
                  "inputs",
                  String.format(
                      Locale.ROOT,
                      "the problem's interaction graph (%d variables, %d edges) does not embed in"
                          + " %s's working graph (%d qubits, %d couplers): no direct embedding (one"
                          + " qubit per variable) and no minor embedding with chains was found"
                          + " (%d seeded tries of up to %d rip-up-and-reroute rounds)",
                      f.n(),
                      MinorEmbedding.edges(f).length,
                      s.id(),
                      s.qubits().length,
                      s.couplers().length,
                      l.tries(),
                      l.rounds()));
            });
  }

  private static int[] directQubits(ChainEmbedding e) {
    int[] q = new int[e.variables()];
    for (int v = 0; v < q.length; v++) {
      q[v] = e.chain(v)[0];
    }
    return q;
  }

  @Override
  public void close() {
    client.close();
  }
}
