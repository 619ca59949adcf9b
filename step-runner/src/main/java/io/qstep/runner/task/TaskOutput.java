package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.runner.tracking.ModelRegistration;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a task produced, before the engine adds provenance. Mutable accumulator, one step. */
final class TaskOutput {
  final Map<String, Tensor> outputs = new LinkedHashMap<>();
  final Map<String, Double> metrics = new LinkedHashMap<>();
  String circuitVersion = "";

  /** The circuit with parameters unbound, for the Track stage's circuit.qasm; null = none. */
  Circuit circuit;

  /** Extra run artifacts for the Track stage (path to content): plots, trained model files. */
  final Map<String, byte[]> artifacts = new LinkedHashMap<>();

  /** Which of {@link #artifacts} to register as MLflow model versions. */
  final List<ModelRegistration> models = new ArrayList<>();
}
