package io.qstep.runner.qpu;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.QpuProvenance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gate-model QPU as a {@link Backend}: checks the circuit against the device, adapts it
 * (transpiles) to the device's native gates and coupling, submits it as OpenQASM 3 through a {@link
 * GateModelClient} under the {@link QpuExecutor}'s durability rules, and reports provenance
 * (provider, device, job id, queue and execution time, calibration snapshot, submitted circuit and
 * its version, cost estimate) as metrics and structured provenance. Shots only. A batch of circuits
 * ({@link #executeBatch}) goes out as one provider job where the provider takes several circuits
 * per job (IBM Sampler V2 PUBs), else as one job per circuit. Thread-safe.
 */
public final class GateQpuBackend implements Backend {
  private static final Logger LOG = Logger.getLogger(GateQpuBackend.class.getName());
  private final String name;
  private final GateModelClient client;
  private final String device;
  private final QpuRuntime runtime;
  private final CircuitAdapter adapter;
  private final Supplier<Backend> fallback;
  private final int maxQubits;
  private final long maxShots;
  private Backend simulator;

  /**
   * @param name backend name ({@code ibm}, {@code braket})
   * @param device the device every circuit goes to
   * @param fallback the simulator used when failover is {@code simulator}
   * @param maxQubits the width it advertises before the device is asked (the server limit)
   */
  public GateQpuBackend(
      String name,
      GateModelClient client,
      String device,
      QpuRuntime runtime,
      CircuitAdapter adapter,
      Supplier<Backend> fallback,
      int maxQubits,
      long maxShots) {
    this.name = name;
    this.client = client;
    this.device = device;
    this.runtime = runtime;
    this.adapter = adapter;
    this.fallback = fallback;
    this.maxQubits = maxQubits;
    this.maxShots = maxShots;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return client.provider() + ":" + device;
  }

  @Override
  public BackendCapabilities capabilities() {
    return new BackendCapabilities(
        maxQubits,
        BackendCapabilities.allGates(),
        true,
        false,
        true,
        maxShots,
        client.provider() + " QPU " + device + " (shots only; circuits are transpiled to it)");
  }

  public GateModelClient client() {
    return client;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
    return executeBatch(List.of(request), ctx).get(0);
  }

  /**
   * Runs the circuits as few provider jobs as the provider allows ({@link
   * GateModelClient#maxCircuitsPerJob}, {@link GateModelClient#maxExecutionsPerJob}): every circuit
   * is checked and transpiled, and the whole batch is checked against the budgets, before the first
   * job is submitted. One provenance entry per provider job. All or nothing: a job that fails at
   * the provider fails the batch; with failover {@code simulator} the circuits of that job and
   * every later one run there, and the results of jobs that already ran are kept.
   */
  @Override
  public List<ExecutionResult> executeBatch(List<ExecutionRequest> requests, StepContext ctx) {
    if (requests.isEmpty()) {
      return List.of();
    }
    long shots = 0;
    for (ExecutionRequest r : requests) {
      if (r.shots() == 0) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "backend.shots",
            "backend '" + name + "' samples shots; exact mode (shots = 0) needs a simulator");
      }
      shots += r.shots();
    }
    try {
      return run(requests, ctx);
    } catch (QStepException e) {
      if (!failsOver(e)) {
        throw e;
      }
      return failOver(requests, e, ctx);
    }
  }

  private boolean failsOver(QStepException e) {
    return e.reason() == ErrorReason.BACKEND_UNAVAILABLE
        && runtime.failover() == QpuRuntime.Failover.SIMULATOR
        && fallback != null;
  }

  /** Runs {@code requests} on the fallback simulator, visibly (warning, metric, provenance). */
  private List<ExecutionResult> failOver(
      List<ExecutionRequest> requests, QStepException e, StepContext ctx) {
    Backend sim = simulator();
    long shots = requests.stream().mapToLong(ExecutionRequest::shots).sum();
    ctx.warn(
        "failover: "
            + name
            + " was unavailable ("
            + e.getMessage()
            + "); ran "
            + requests.size()
            + " circuit(s) on the "
            + sim.name()
            + " simulator instead");
    ctx.metric("qpu_failover", 1, false);
    ctx.qpu(
        QpuProvenance.failover(
            client.provider(), device, shots, "simulator:" + sim.name(), e.getMessage()));
    return sim.executeBatch(requests, ctx);
  }

  /** One circuit as submitted: measured, adapted to the device, and its program text. */
  private record Prepared(
      ExecutionRequest request, Circuit measured, CircuitAdapter.Adapted adapted, String qasm) {}

  /** One provider job of a batch: circuits {@code from} (inclusive) to {@code to} (exclusive). */
  private record Chunk(int from, int to, String key, long shots, double cost) {}

  private List<ExecutionResult> run(List<ExecutionRequest> requests, StepContext ctx) {
    QpuExecutor ex = runtime.executor();
    DeviceInfo d;
    try {
      d = ex.retrier().call("GET device", () -> client.device(device));
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, client.provider());
    }
    for (ExecutionRequest request : requests) {
      check(request, d);
    }
    if (!d.online()) {
      throw new QStepException(
          ErrorReason.BACKEND_UNAVAILABLE,
          "backend.name",
          client.provider()
              + ": device "
              + d.name()
              + " is not accepting jobs: "
              + d.statusMessage());
    }
    List<Prepared> prepared = new ArrayList<>(requests.size());
    for (ExecutionRequest request : requests) {
      ctx.checkpoint();
      Circuit c = request.circuit();
      Circuit measured =
          c.measurements().isEmpty()
              ? Circuit.builder(c.numQubits()).append(c).measureAll().build()
              : c;
      CircuitAdapter.Adapted adapted = adapter.adapt(measured, d);
      prepared.add(new Prepared(request, measured, adapted, client.program(adapted)));
    }
    QpuCalibration cal;
    try {
      cal = ex.retrier().call("GET calibration", () -> client.calibration(device));
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, client.provider());
    }
    List<Chunk> chunks = plan(prepared, d);
    if (requests.size() > 1) {
      // the whole batch is refused before anything is submitted; each job is charged as it goes
      int pending = 0;
      long pendingShots = 0;
      double pendingCost = 0;
      for (Chunk ch : chunks) {
        JobRecord rec = ex.store().get(ch.key()).orElse(null);
        if (rec == null
            || rec.status() == JobRecord.Status.FAILED
            || rec.status() == JobRecord.Status.CANCELLED) {
          pending++;
          pendingShots += ch.shots();
          pendingCost += ch.cost();
        }
      }
      if (pending > 0) {
        ex.ledger()
            .check(
                ctx,
                client.provider()
                    + " batch of "
                    + requests.size()
                    + " circuits in "
                    + pending
                    + " task(s) on "
                    + d.name(),
                pending,
                pendingShots,
                pendingCost);
      }
    }
    List<ExecutionResult> out = new ArrayList<>(requests.size());
    for (int j = 0; j < chunks.size(); j++) {
      try {
        out.addAll(runChunk(chunks.get(j), j, chunks.size(), prepared, d, cal, ex, ctx));
      } catch (QStepException e) {
        if (j == 0 || !failsOver(e)) {
          throw e;
        }
        // earlier jobs ran (and were paid for): keep their results, fail over only the rest
        out.addAll(failOver(requests.subList(chunks.get(j).from(), requests.size()), e, ctx));
        return out;
      }
    }
    return out;
  }

  private void check(ExecutionRequest request, DeviceInfo d) {
    Circuit c = request.circuit();
    if (c.numQubits() > d.numQubits()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "circuit",
          "the circuit needs "
              + c.numQubits()
              + " qubits; device "
              + d.name()
              + " has "
              + d.numQubits());
    }
    if (d.maxShots() > 0 && request.shots() > d.maxShots()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend.shots: " + request.shots() + " exceeds the " + d.maxShots() + " of " + d.name());
    }
  }

  /**
   * Splits the batch into provider jobs, in order: as many circuits per job as the provider takes
   * ({@link GateModelClient#maxCircuitsPerJob}) within its executions limit. A job of one circuit
   * keeps the key it has when run alone, so a rerun of a single execution resumes as before.
   */
  private List<Chunk> plan(List<Prepared> prepared, DeviceInfo d) {
    int maxCircuits = Math.max(1, client.maxCircuitsPerJob(d.name()));
    long maxExecutions = client.maxExecutionsPerJob(d.name());
    PriceTable.Price price = runtime.prices().price(client.provider(), d.name());
    List<Chunk> out = new ArrayList<>();
    int from = 0;
    while (from < prepared.size()) {
      int to = from + 1;
      long shots = prepared.get(from).request().shots();
      while (to < prepared.size()
          && to - from < maxCircuits
          && (maxExecutions <= 0 || shots + prepared.get(to).request().shots() <= maxExecutions)) {
        shots += prepared.get(to).request().shots();
        to++;
      }
      String key;
      if (to - from == 1) {
        Prepared p = prepared.get(from);
        key =
            IdempotencyKey.of(
                name, d.name(), p.measured().version(), p.request().shots(), p.request().seed());
      } else {
        StringBuilder v = new StringBuilder("qstep-batch-v1");
        for (int i = from; i < to; i++) {
          Prepared p = prepared.get(i);
          v.append('\n')
              .append(p.measured().version())
              .append(' ')
              .append(p.request().shots())
              .append(' ')
              .append(p.request().seed());
        }
        key =
            IdempotencyKey.of(
                name,
                d.name(),
                IdempotencyKey.sha256(v.toString()),
                shots,
                prepared.get(from).request().seed());
      }
      out.add(new Chunk(from, to, key, shots, price.estimate(1, shots)));
      from = to;
    }
    return out;
  }

  private List<ExecutionResult> runChunk(
      Chunk ch,
      int index,
      int jobs,
      List<Prepared> prepared,
      DeviceInfo d,
      QpuCalibration cal,
      QpuExecutor ex,
      StepContext ctx) {
    List<Prepared> ps = prepared.subList(ch.from(), ch.to());
    int n = ps.size();
    QpuExecutor.Spec spec =
        new QpuExecutor.Spec(ch.key(), client.provider(), d.name(), ch.shots(), ch.cost());
    List<long[]> samples;
    JobRecord record;
    ProviderJob job;
    boolean resumed;
    if (n == 1) {
      Prepared p = ps.get(0);
      QpuExecutor.Outcome<long[]> o =
          ex.run(spec, client.job(d.name(), p.adapted(), p.request().shots()), ctx);
      samples = List.of(o.result());
      record = o.record();
      job = o.job();
      resumed = o.resumed();
    } else {
      long[] shots = new long[n];
      List<CircuitAdapter.Adapted> adapted = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        shots[i] = ps.get(i).request().shots();
        adapted.add(ps.get(i).adapted());
      }
      QpuExecutor.Outcome<List<long[]>> o =
          ex.run(spec, client.batchJob(d.name(), adapted, shots), ctx);
      if (o.result().size() != n) {
        throw new QStepException(
            ErrorReason.BACKEND_UNAVAILABLE,
            "backend.name",
            client.provider()
                + ": job "
                + o.record().providerJobId()
                + " returned "
                + o.result().size()
                + " results for "
                + n
                + " circuits");
      }
      samples = o.result();
      record = o.record();
      job = o.job();
      resumed = o.resumed();
    }
    String key = ch.key();
    String dir = "qpu/" + key.substring(0, Math.min(12, key.length())) + "/";
    Map<String, String> artifacts = new LinkedHashMap<>();
    String transpiledVersion;
    if (n == 1) {
      String qasm = ps.get(0).qasm();
      ex.store().putArtifact(key, "qasm", qasm);
      // the ISA circuit the provider ran and its calibration, for the step's MLflow run
      ctx.artifact(dir + "transpiled.qasm", qasm.getBytes(StandardCharsets.UTF_8));
      artifacts.put("transpiled_qasm", dir + "transpiled.qasm");
      transpiledVersion = IdempotencyKey.sha256(qasm);
    } else {
      StringBuilder versions = new StringBuilder();
      for (int i = 0; i < n; i++) {
        String qasm = ps.get(i).qasm();
        ex.store().putArtifact(key, "qasm_" + i, qasm);
        String path = dir + "transpiled_" + i + ".qasm";
        ctx.artifact(path, qasm.getBytes(StandardCharsets.UTF_8));
        artifacts.put("transpiled_qasm_" + i, path);
        versions.append(i == 0 ? "" : "\n").append(IdempotencyKey.sha256(qasm));
      }
      // a batch job's program: its circuits in order, each named by its own sha256
      transpiledVersion = IdempotencyKey.sha256(versions.toString());
    }
    ctx.artifact(dir + "provider_calibration.json", cal.json().getBytes(StandardCharsets.UTF_8));
    artifacts.put("provider_calibration", dir + "provider_calibration.json");
    ex.store().putArtifact(key, "provider_calibration", cal.json());
    Map<String, String> calDetails = new LinkedHashMap<>();
    try {
      // the provider's document in qstep's calibration schema (T1, T2, readout, gate errors)
      CalibrationSnapshot snap = Calibrations.parse(cal.json());
      ex.store().putArtifact(key, "calibration", snap.toJson());
      calDetails.put("calibration_qubits", Integer.toString(snap.numQubits()));
      calDetails.put("calibration_source", snap.source());
    } catch (QStepException e) {
      LOG.log(
          Level.WARNING,
          "calibration of {0} not importable: {1}",
          new Object[] {d.name(), e.getMessage()});
    }
    double queueMs = Math.max(0, job.queueMs());
    double execMs = job.executionMs() >= 0 ? job.executionMs() : 0;
    int depth = 0;
    int twoQ = 0;
    for (Prepared p : ps) {
      depth = Math.max(depth, p.adapted().circuit().depth());
      twoQ = Math.max(twoQ, p.adapted().circuit().multiQubitGateCount());
    }
    ctx.metric("qpu_tasks", 1, true);
    ctx.metric("qpu_shots", ch.shots(), true);
    ctx.metric("qpu_queue_ms", queueMs, true);
    ctx.metric("qpu_execution_ms", execMs, true);
    ctx.metric("qpu_cost_estimate_usd", ch.cost(), true);
    ctx.metric("transpiled_depth", depth, false);
    ctx.metric("transpiled_2q_gates", twoQ, false);
    Map<String, String> details = new LinkedHashMap<>();
    CircuitAdapter.Adapted first = ps.get(0).adapted();
    details.put("transpile_method", first.method());
    if (n == 1) {
      details.put("transpiled_circuit_version", first.circuit().version());
      details.put("transpiled_depth", Integer.toString(depth));
      details.put("transpiled_2q_gates", Integer.toString(twoQ));
      if (first.transpiled() != null) {
        details.put("initial_layout", Arrays.toString(first.transpiled().initialLayout()));
        details.put("final_layout", Arrays.toString(first.transpiled().finalLayout()));
      }
    } else {
      details.put("circuits", Integer.toString(n));
      if (client.provider().equals("ibm")) {
        details.put("pubs", Integer.toString(n)); // Sampler V2 primitive unified blocs
      }
      details.put("transpiled_depth_max", Integer.toString(depth));
      details.put("transpiled_2q_gates_max", Integer.toString(twoQ));
    }
    if (jobs > 1) {
      details.put("batch_job", (index + 1) + " of " + jobs);
    }
    details.putAll(calDetails);
    details.put("job_state_file", ex.store().dir().resolve(key + ".json").toString());
    ctx.qpu(
        new QpuProvenance(
            client.provider(),
            d.name(),
            d.version(),
            record.providerJobId(),
            key,
            resumed,
            ch.shots(),
            queueMs,
            execMs,
            ch.cost(),
            cal.id(),
            cal.timestampMs(),
            IdempotencyKey.sha256(cal.json()),
            transpiledVersion,
            artifacts,
            "",
            details));
    List<ExecutionResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new ExecutionResult(
              null,
              samples.get(i),
              ps.get(i).measured().numClbits(),
              cal.id(),
              queueMs,
              execMs,
              cal.timestampMs()));
    }
    return out;
  }

  private synchronized Backend simulator() {
    if (simulator == null) {
      simulator = fallback.get();
    }
    return simulator;
  }

  @Override
  public synchronized void close() {
    client.close();
    if (simulator != null) {
      simulator.close();
    }
  }
}
