package io.qstep.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where one QPU execution of a step ran, and under what conditions: one entry per provider task (a
 * step that scores many QAOA angles on hardware has many; a batch of circuits sent as one job has
 * one, with {@code details.circuits}). Immutable.
 *
 * @param provider "ibm", "braket" or "dwave"
 * @param device the device or solver name
 * @param deviceVersion the device's version as the provider reports it ("" when it reports none)
 * @param providerJobId the provider's job or task id ("" when nothing was submitted, e.g. a
 *     failover before submission)
 * @param idempotencyKey the key the submission was made under (a rerun with the same key resumes
 *     the job instead of paying again)
 * @param resumed true when this step picked up a job an earlier runner had submitted
 * @param shots shots (reads, for an annealer) requested
 * @param queueMs time the job waited in the provider's queue, ms (0 when unknown)
 * @param executionMs execution time the provider reports, ms (0 when unknown)
 * @param costEstimateUsd the estimate from the published prices, US dollars
 * @param calibrationId the id of the calibration snapshot fetched at execution time ("" none)
 * @param calibrationUnixMs that snapshot's timestamp, epoch ms (0 when unknown)
 * @param calibrationSha256 sha256 (hex) of the provider's calibration document as fetched ("" none)
 * @param transpiledVersion sha256 (hex) of the program submitted: the transpiled ISA OpenQASM 3
 *     text exactly as in the {@code transpiled_qasm} artifact; for a job of several circuits (a
 *     batch, artifacts {@code transpiled_qasm_0}, {@code transpiled_qasm_1}, ...), sha256 of the
 *     newline-joined sha256s of those programs in order; for an annealer, of the embedded problem
 * @param artifacts names ("transpiled_qasm", "provider_calibration", ...) to the paths of the files
 *     this entry refers to in the step's MLflow run
 * @param failover "" when the provider ran the work; otherwise what ran instead ("simulator:NAME",
 *     "baseline", ...), with the reason in {@code details.failover_reason}
 * @param details provider-specific facts (transpile method, layout, embedding, chain lengths, ...)
 */
public record QpuProvenance(
    String provider,
    String device,
    String deviceVersion,
    String providerJobId,
    String idempotencyKey,
    boolean resumed,
    long shots,
    double queueMs,
    double executionMs,
    double costEstimateUsd,
    String calibrationId,
    long calibrationUnixMs,
    String calibrationSha256,
    String transpiledVersion,
    Map<String, String> artifacts,
    String failover,
    Map<String, String> details) {

  public QpuProvenance {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(device, "device");
    deviceVersion = nz(deviceVersion);
    providerJobId = nz(providerJobId);
    idempotencyKey = nz(idempotencyKey);
    calibrationId = nz(calibrationId);
    calibrationSha256 = nz(calibrationSha256);
    transpiledVersion = nz(transpiledVersion);
    failover = nz(failover);
    artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A failover: the provider was not used, {@code ranOn} ran the work instead. */
  public static QpuProvenance failover(
      String provider, String device, long shots, String ranOn, String reason) {
    return new QpuProvenance(
        provider,
        device,
        "",
        "",
        "",
        false,
        shots,
        0,
        0,
        0,
        "",
        0,
        "",
        "",
        Map.of(),
        ranOn,
        Map.of("failover_reason", reason));
  }

  /** True when the provider did not run this work (see {@link #failover()}). */
  public boolean failedOver() {
    return !failover.isEmpty();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
