package io.qstep.runner.qpu;

import java.util.Optional;

/**
 * The provider calls behind one durable job, supplied by a backend to {@link QpuExecutor}. Every
 * method may throw {@link ProviderException}.
 *
 * @param <R> what a finished job yields (samples, or a sample set with energies)
 */
public interface JobOps<R> {
  /**
   * Submits the job, tagged with {@code clientToken} so that {@link #lookup} finds it (and, where
   * the provider supports it, so that the provider itself deduplicates). Paid: never retried
   * blindly.
   *
   * @return the provider's job id
   */
  String submit(String clientToken);

  /** The id of a job submitted earlier with {@code clientToken}, if the provider has one. */
  Optional<String> lookup(String clientToken);

  /** The job's status. Retry-safe. */
  ProviderJob status(String jobId);

  /** The finished job's result. Retry-safe. */
  R fetch(String jobId);

  /** Asks the provider to cancel. Retry-safe. */
  void cancel(String jobId);
}
