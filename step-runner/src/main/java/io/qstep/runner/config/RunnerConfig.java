package io.qstep.runner.config;

import java.util.Map;

/**
 * Limits and sizing of one runner. Immutable; change with the {@code with*} methods. Every limit is
 * checked before memory proportional to the request is taken.
 *
 * @param maxMessageBytes largest inbound gRPC message, bytes (default 64 MiB)
 * @param maxQubits widest circuit, qubits (default 26: a 1 GiB state vector)
 * @param maxShots most shots per circuit (default 1,000,000)
 * @param maxBatchRows most rows in one batch tensor (default 100,000)
 * @param defaultTimeoutMs step budget when the request sets none, milliseconds (default 600,000)
 * @param workerThreads threads serving calls (default: available processors, at least 2)
 * @param maxQueuedJobs most asynchronous jobs waiting or running (default 256)
 * @param authToken bearer token every call must carry; empty = no authentication
 */
public record RunnerConfig(
    int maxMessageBytes,
    int maxQubits,
    long maxShots,
    long maxBatchRows,
    long defaultTimeoutMs,
    int workerThreads,
    int maxQueuedJobs,
    String authToken) {

  /** The hard ceiling of the state-vector engine (2^30 amplitudes = 16 GiB). */
  public static final int ENGINE_MAX_QUBITS = 30;

  public RunnerConfig {
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1024");
    }
    if (maxQubits < 1 || maxQubits > ENGINE_MAX_QUBITS) {
      throw new IllegalArgumentException("maxQubits must be in [1, " + ENGINE_MAX_QUBITS + "]");
    }
    if (maxShots < 1 || maxBatchRows < 1 || defaultTimeoutMs < 1) {
      throw new IllegalArgumentException("maxShots, maxBatchRows, defaultTimeoutMs must be >= 1");
    }
    if (workerThreads < 1 || maxQueuedJobs < 1) {
      throw new IllegalArgumentException("workerThreads and maxQueuedJobs must be >= 1");
    }
    authToken = authToken == null ? "" : authToken;
  }

  /** The defaults listed on the record. */
  public static RunnerConfig defaults() {
    return new RunnerConfig(
        64 << 20,
        26,
        1_000_000,
        100_000,
        600_000,
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        256,
        "");
  }

  /**
   * The defaults overridden by environment variables {@code QSTEP_MAX_MESSAGE_BYTES}, {@code
   * QSTEP_MAX_QUBITS}, {@code QSTEP_MAX_SHOTS}, {@code QSTEP_MAX_BATCH_ROWS}, {@code
   * QSTEP_DEFAULT_TIMEOUT_MS}, {@code QSTEP_WORKER_THREADS}, {@code QSTEP_MAX_QUEUED_JOBS}, {@code
   * QSTEP_AUTH_TOKEN}.
   */
  public static RunnerConfig fromEnv(Map<String, String> env) {
    RunnerConfig d = defaults();
    return new RunnerConfig(
        (int) num(env, "QSTEP_MAX_MESSAGE_BYTES", d.maxMessageBytes),
        (int) num(env, "QSTEP_MAX_QUBITS", d.maxQubits),
        num(env, "QSTEP_MAX_SHOTS", d.maxShots),
        num(env, "QSTEP_MAX_BATCH_ROWS", d.maxBatchRows),
        num(env, "QSTEP_DEFAULT_TIMEOUT_MS", d.defaultTimeoutMs),
        (int) num(env, "QSTEP_WORKER_THREADS", d.workerThreads),
        (int) num(env, "QSTEP_MAX_QUEUED_JOBS", d.maxQueuedJobs),
        env.getOrDefault("QSTEP_AUTH_TOKEN", d.authToken));
  }

  private static long num(Map<String, String> env, String key, long dflt) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not an integer: '" + v + "'", e);
    }
  }

  public RunnerConfig withMaxQubits(int v) {
    return new RunnerConfig(
        maxMessageBytes,
        v,
        maxShots,
        maxBatchRows,
        defaultTimeoutMs,
        workerThreads,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withMaxShots(long v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        v,
        maxBatchRows,
        defaultTimeoutMs,
        workerThreads,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withMaxBatchRows(long v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        maxShots,
        v,
        defaultTimeoutMs,
        workerThreads,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withMaxMessageBytes(int v) {
    return new RunnerConfig(
        v,
        maxQubits,
        maxShots,
        maxBatchRows,
        defaultTimeoutMs,
        workerThreads,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withDefaultTimeoutMs(long v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        maxShots,
        maxBatchRows,
        v,
        workerThreads,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withWorkerThreads(int v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        maxShots,
        maxBatchRows,
        defaultTimeoutMs,
        v,
        maxQueuedJobs,
        authToken);
  }

  public RunnerConfig withMaxQueuedJobs(int v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        maxShots,
        maxBatchRows,
        defaultTimeoutMs,
        workerThreads,
        v,
        authToken);
  }

  public RunnerConfig withAuthToken(String v) {
    return new RunnerConfig(
        maxMessageBytes,
        maxQubits,
        maxShots,
        maxBatchRows,
        defaultTimeoutMs,
        workerThreads,
        maxQueuedJobs,
        v);
  }
}
