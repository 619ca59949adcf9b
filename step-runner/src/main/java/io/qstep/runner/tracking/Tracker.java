package io.qstep.runner.tracking;

import io.qstep.circuit.Circuit;
import io.qstep.runner.stage.Calibration;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Track stage as the engine sees it: hand over a step, get control back at once. Logging
 * happens elsewhere; a tracker never throws into the step and never blocks it beyond enqueueing.
 * Implementations are thread-safe.
 */
public interface Tracker extends AutoCloseable {

  /**
   * A finished step. The result arrives through a future because the Track stage's own wall time
   * (this enqueue) is part of the result it logs: the engine completes it right after {@link
   * #track} returns, or completes it exceptionally when the step fails after all.
   *
   * @param request the request
   * @param circuit the step's circuit, parameters unbound; null when the task has none
   * @param result completed with the step's result
   * @param startMs when the step started, epoch milliseconds
   * @param calibration the backend calibration the step ran under; {@link Calibration#NONE} for
   *     ideal simulators
   * @param artifacts extra run artifacts the task made (path to content: plots, model files)
   * @param models artifacts among {@code artifacts} to register as MLflow model versions
   */
  record TrackedStep(
      StepRequest request,
      Circuit circuit,
      CompletableFuture<StepResult> result,
      long startMs,
      Calibration calibration,
      Map<String, byte[]> artifacts,
      List<ModelRegistration> models) {
    public TrackedStep {
      calibration = calibration == null ? Calibration.NONE : calibration;
      artifacts =
          Collections.unmodifiableMap(
              new LinkedHashMap<>(artifacts == null ? Map.of() : artifacts));
      models = models == null ? List.of() : List.copyOf(models);
    }

    /** A step that made no artifacts of its own. */
    public TrackedStep(
        StepRequest request,
        Circuit circuit,
        CompletableFuture<StepResult> result,
        long startMs,
        Calibration calibration) {
      this(request, circuit, result, startMs, calibration, Map.of(), List.of());
    }

    /** A step that ran under no calibration (an ideal simulator). */
    public TrackedStep(
        StepRequest request, Circuit circuit, CompletableFuture<StepResult> result, long startMs) {
      this(request, circuit, result, startMs, Calibration.NONE);
    }
  }

  /**
   * Enqueues a step for logging.
   *
   * @return a warning for the step's result (queue full, tracking misconfigured), or empty
   */
  Optional<String> track(TrackedStep step);

  /**
   * Waits up to {@code timeoutMs} for everything enqueued so far to be logged or spooled.
   *
   * @return whether the queue drained in time
   */
  default boolean flush(long timeoutMs) {
    return true;
  }

  /** Drains what is queued (spooling what the server does not take in time) and stops. */
  @Override
  default void close() {}

  /** A tracker that logs nothing. */
  static Tracker noop() {
    return step -> Optional.empty();
  }

  /**
   * A tracker that logs nothing and puts {@code warning} on every result (tracking was asked for
   * but cannot work, e.g. an unsupported tracking URI).
   */
  static Tracker failing(String warning) {
    return step ->
        step.request().options().tracking().disabled() ? Optional.empty() : Optional.of(warning);
  }
}
