package io.qstep.runner.backend;

import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Runs independent circuits, as one provider job where the backend can (a QPU's batch job);
   * result {@code i} answers request {@code i}. Each request keeps its own seed, so a simulator
   * gives exactly what {@link #execute} gives request by request; this default does just that, with
   * a cancellation checkpoint before each. All or nothing: a failure fails the whole batch.
   *
   * @param requests what to run, in order; the caller has checked them as for {@link #execute}
   * @param ctx the step, for cancellation checkpoints
   * @return one result per request, in request order
   * @throws io.qstep.error.QStepException as {@link #execute}
   */
  default List<ExecutionResult> executeBatch(List<ExecutionRequest> requests, StepContext ctx) {
    List<ExecutionResult> out = new ArrayList<>(requests.size());
    for (ExecutionRequest r : requests) {
      ctx.checkpoint();
      out.add(execute(r, ctx));
    }
    return out;
  }

  @Override
  default void close() {}
}
