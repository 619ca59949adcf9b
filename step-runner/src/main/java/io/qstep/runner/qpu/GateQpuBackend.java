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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gate-model QPU as a {@link Backend}: checks the circuit against the device, adapts it
 * (transpiles) to the device's native gates and coupling, submits it as OpenQASM 3 through a {@link
 * GateModelClient} under the {@link QpuExecutor}'s durability rules, and reports provenance
 * (provider, device, job id, queue and execution time, calibration snapshot, submitted circuit and
 * its version, cost estimate) as metrics and warnings. Shots only. Thread-safe.
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
    if (request.shots() == 0) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend '" + name + "' samples shots; exact mode (shots = 0) needs a simulator");
    }
    try {
      return run(request, ctx);
    } catch (QStepException e) {
      if (e.reason() != ErrorReason.BACKEND_UNAVAILABLE
          || runtime.failover() != QpuRuntime.Failover.SIMULATOR
          || fallback == null) {
        throw e;
      }
      Backend sim = simulator();
      ctx.warn(
          "failover: "
              + name
              + " was unavailable ("
              + e.getMessage()
              + "); ran on the "
              + sim.name()
              + " simulator instead");
      ctx.metric("qpu_failover", 1, false);
      ctx.qpu(
          QpuProvenance.failover(
              client.provider(),
              device,
              request.shots(),
              "simulator:" + sim.name(),
              e.getMessage()));
      return sim.execute(request, ctx);
    }
  }

  private ExecutionResult run(ExecutionRequest request, StepContext ctx) {
    QpuExecutor ex = runtime.executor();
    DeviceInfo d;
    try {
      d = ex.retrier().call("GET device", () -> client.device(device));
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, client.provider());
    }
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
    Circuit measured =
        c.measurements().isEmpty()
            ? Circuit.builder(c.numQubits()).append(c).measureAll().build()
            : c;
    CircuitAdapter.Adapted adapted = adapter.adapt(measured, d);
    String qasm = client.program(adapted);
    QpuCalibration cal;
    try {
      cal = ex.retrier().call("GET calibration", () -> client.calibration(device));
    } catch (ProviderException e) {
      throw QpuErrors.toQStep(e, client.provider());
    }
    String key =
        IdempotencyKey.of(name, d.name(), measured.version(), request.shots(), request.seed());
    double cost = runtime.prices().price(client.provider(), d.name()).estimate(1, request.shots());
    QpuExecutor.Outcome<long[]> o =
        ex.run(
            new QpuExecutor.Spec(key, client.provider(), d.name(), request.shots(), cost),
            client.job(d.name(), adapted, request.shots()),
            ctx);
    ex.store().putArtifact(key, "qasm", qasm);
    // the ISA circuit the provider ran and its calibration, for the step's MLflow run
    String dir = "qpu/" + key.substring(0, Math.min(12, key.length())) + "/";
    ctx.artifact(dir + "transpiled.qasm", qasm.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ctx.artifact(
        dir + "provider_calibration.json",
        cal.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
    ProviderJob job = o.job();
    double queueMs = Math.max(0, job.queueMs());
    double execMs = job.executionMs() >= 0 ? job.executionMs() : 0;
    ctx.metric("qpu_tasks", 1, true);
    ctx.metric("qpu_shots", request.shots(), true);
    ctx.metric("qpu_queue_ms", queueMs, true);
    ctx.metric("qpu_execution_ms", execMs, true);
    ctx.metric("qpu_cost_estimate_usd", cost, true);
    ctx.metric("transpiled_depth", adapted.circuit().depth(), false);
    ctx.metric("transpiled_2q_gates", adapted.circuit().multiQubitGateCount(), false);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("transpile_method", adapted.method());
    details.put("transpiled_circuit_version", adapted.circuit().version());
    details.put("transpiled_depth", Integer.toString(adapted.circuit().depth()));
    details.put("transpiled_2q_gates", Integer.toString(adapted.circuit().multiQubitGateCount()));
    if (adapted.transpiled() != null) {
      details.put("initial_layout", Arrays.toString(adapted.transpiled().initialLayout()));
      details.put("final_layout", Arrays.toString(adapted.transpiled().finalLayout()));
    }
    details.putAll(calDetails);
    details.put("job_state_file", ex.store().dir().resolve(key + ".json").toString());
    ctx.qpu(
        new QpuProvenance(
            client.provider(),
            d.name(),
            d.version(),
            o.record().providerJobId(),
            key,
            o.resumed(),
            request.shots(),
            queueMs,
            execMs,
            cost,
            cal.id(),
            cal.timestampMs(),
            IdempotencyKey.sha256(cal.json()),
            IdempotencyKey.sha256(qasm),
            Map.of(
                "transpiled_qasm",
                dir + "transpiled.qasm",
                "provider_calibration",
                dir + "provider_calibration.json"),
            "",
            details));
    return new ExecutionResult(
        null, o.result(), measured.numClbits(), cal.id(), queueMs, execMs, cal.timestampMs());
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
