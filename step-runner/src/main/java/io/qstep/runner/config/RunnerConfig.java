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
    return toBuilder().maxQubits(v).build();
  }

  public RunnerConfig withMaxShots(long v) {
    return toBuilder().maxShots(v).build();
  }

  public RunnerConfig withMaxBatchRows(long v) {
    return toBuilder().maxBatchRows(v).build();
  }

  public RunnerConfig withMaxMessageBytes(int v) {
    return toBuilder().maxMessageBytes(v).build();
  }

  public RunnerConfig withDefaultTimeoutMs(long v) {
    return toBuilder().defaultTimeoutMs(v).build();
  }

  public RunnerConfig withWorkerThreads(int v) {
    return toBuilder().workerThreads(v).build();
  }

  public RunnerConfig withMaxQueuedJobs(int v) {
    return toBuilder().maxQueuedJobs(v).build();
  }

  public RunnerConfig withAuthToken(String v) {
    return toBuilder().authToken(v).build();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxMessageBytes = maxMessageBytes;
    b.maxQubits = maxQubits;
    b.maxShots = maxShots;
    b.maxBatchRows = maxBatchRows;
    b.defaultTimeoutMs = defaultTimeoutMs;
    b.workerThreads = workerThreads;
    b.maxQueuedJobs = maxQueuedJobs;
    b.authToken = authToken;
    return b;
  }

  /** Mutable accumulator for a {@link RunnerConfig}; not thread-safe. */
  public static final class Builder {
    private int maxMessageBytes;
    private int maxQubits;
    private long maxShots;
    private long maxBatchRows;
    private long defaultTimeoutMs;
    private int workerThreads;
    private int maxQueuedJobs;
    private String authToken;

    private Builder() {}

    public Builder maxMessageBytes(int v) {
      this.maxMessageBytes = v;
      return this;
    }

    public Builder maxQubits(int v) {
      this.maxQubits = v;
      return this;
    }

    public Builder maxShots(long v) {
      this.maxShots = v;
      return this;
    }

    public Builder maxBatchRows(long v) {
      this.maxBatchRows = v;
      return this;
    }

    public Builder defaultTimeoutMs(long v) {
      this.defaultTimeoutMs = v;
      return this;
    }

    public Builder workerThreads(int v) {
      this.workerThreads = v;
      return this;
    }

    public Builder maxQueuedJobs(int v) {
      this.maxQueuedJobs = v;
      return this;
    }

    public Builder authToken(String v) {
      this.authToken = v;
      return this;
    }

    public RunnerConfig build() {
      return new RunnerConfig(
          maxMessageBytes,
          maxQubits,
          maxShots,
          maxBatchRows,
          defaultTimeoutMs,
          workerThreads,
          maxQueuedJobs,
          authToken);
    }
  }
}
