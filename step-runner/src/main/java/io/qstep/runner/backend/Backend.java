package io.qstep.runner.backend;

import io.qstep.runner.stage.StepContext;

/**
 * A place to run circuits: a simulator or a QPU. Implementations are thread-safe: one instance
 * serves concurrent steps. Closing releases pooled resources (threads, connections).
 */
public interface Backend extends AutoCloseable {

  /** Unique name, as in {@code BackendSpec.name}. */
  String name();

  /** Implementation or device version, for provenance. */
  String version();

  /** What it can run. */
  BackendCapabilities capabilities();

  /**
   * Runs one circuit. The caller has already checked the width and shot limits against {@link
   * #capabilities()}.
   *
   * @param request what to run
   * @param ctx the step, for cancellation checkpoints
   * @throws io.qstep.error.QStepException with BACKEND_UNAVAILABLE when a remote backend fails, or
   *     CAPABILITY_MISMATCH for something it cannot run
   */
  ExecutionResult execute(ExecutionRequest request, StepContext ctx);

  @Override
  default void close() {}
}
