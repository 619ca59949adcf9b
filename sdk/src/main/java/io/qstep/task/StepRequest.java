package io.qstep.task;

import io.qstep.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One step: named input tensors, the task, the backend and options. Immutable; build with {@link
 * #builder(TaskSpec)}.
 *
 * @param requestId caller-chosen id echoed in the result; empty = the runner draws one
 * @param task what to compute
 * @param inputs named input tensors in insertion order, unmodifiable
 * @param backend where to run
 * @param options settings for every task
 * @param parameters free-form scalar parameters as text, unmodifiable
 */
public record StepRequest(
    String requestId,
    TaskSpec task,
    Map<String, Tensor> inputs,
    BackendSpec backend,
    StepOptions options,
    Map<String, String> parameters) {

  public StepRequest {
    requestId = requestId == null ? "" : requestId;
    Objects.requireNonNull(task, "task");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    backend = backend == null ? BackendSpec.defaults() : backend;
    options = options == null ? StepOptions.defaults() : options;
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A builder for a request running {@code task}. */
  public static Builder builder(TaskSpec task) {
    return new Builder(task);
  }

  /** Mutable accumulator for a {@link StepRequest}; not thread-safe. */
  public static final class Builder {
    private String requestId = "";
    private final TaskSpec task;
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private String backend = "";
    private long shots;
    private OptionalLong seed = OptionalLong.empty();
    private StepOptions options = StepOptions.defaults();
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Builder(TaskSpec task) {
      this.task = Objects.requireNonNull(task, "task");
    }

    public Builder requestId(String id) {
      this.requestId = id;
      return this;
    }

    /** Adds (or replaces) the input tensor {@code name}. */
    public Builder input(String name, Tensor tensor) {
      inputs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
      return this;
    }

    public Builder backend(String name) {
      this.backend = name;
      return this;
    }

    public Builder shots(long shots) {
      this.shots = shots;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = OptionalLong.of(seed);
      return this;
    }

    public Builder options(StepOptions options) {
      this.options = options;
      return this;
    }

    public Builder parameter(String key, String value) {
      parameters.put(key, value);
      return this;
    }

    public StepRequest build() {
      return new StepRequest(
          requestId, task, inputs, new BackendSpec(backend, shots, seed), options, parameters);
    }
  }
}
