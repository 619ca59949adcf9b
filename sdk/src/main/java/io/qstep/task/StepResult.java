package io.qstep.task;

import io.qstep.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one step, with its provenance. Immutable.
 *
 * @param requestId the request's id (or the one the runner drew)
 * @param task the task that ran ("layer", "circuit", ...)
 * @param outputs named output tensors, in the order the task produced them
 * @param metrics scalar metrics ("num_qubits", "cut_value", ...)
 * @param circuitVersion sha256 (hex) of the canonical OpenQASM 3 text, parameters unbound
 * @param backendName the backend that ran it
 * @param backendVersion that backend's version
 * @param timingsMs wall time per stage in pipeline order, milliseconds
 * @param warnings non-fatal remarks
 * @param seed the seed the step used
 * @param qpu provenance of each QPU execution (provider, device, job id, queue and execution time,
 *     calibration, transpiled circuit, cost estimate, failover); empty for simulator-only steps
 */
public record StepResult(
    String requestId,
    String task,
    Map<String, Tensor> outputs,
    Map<String, Double> metrics,
    String circuitVersion,
    String backendName,
    String backendVersion,
    Map<String, Double> timingsMs,
    List<String> warnings,
    long seed,
    List<QpuProvenance> qpu) {

  public StepResult {
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    timingsMs = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
    warnings = List.copyOf(warnings);
    qpu = List.copyOf(qpu);
  }

  /** A result without QPU executions. */
  public StepResult(
      String requestId,
      String task,
      Map<String, Tensor> outputs,
      Map<String, Double> metrics,
      String circuitVersion,
      String backendName,
      String backendVersion,
      Map<String, Double> timingsMs,
      List<String> warnings,
      long seed) {
    this(
        requestId,
        task,
        outputs,
        metrics,
        circuitVersion,
        backendName,
        backendVersion,
        timingsMs,
        warnings,
        seed,
        List.of());
  }

  /** Output {@code name}. @throws IllegalArgumentException when there is none */
  public Tensor output(String name) {
    Tensor t = outputs.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no output '" + name + "'; outputs: " + outputs.keySet());
    }
    return t;
  }
}
