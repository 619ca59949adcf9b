package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.StepRequest;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;

/** Reads and checks a request's input tensors; every error names the field. */
final class Inputs {
  private Inputs() {}

  static String field(String name) {
    return "inputs[" + name + "]";
  }

  static Optional<Tensor> optional(StepRequest req, String name) {
    return Optional.ofNullable(req.inputs().get(name));
  }

  static Tensor required(StepRequest req, String name) {
    Tensor t = req.inputs().get(name);
    if (t == null) {
      throw new QStepException(
          ErrorReason.MISSING_FIELD,
          field(name),
          field(name) + " is required; inputs given: " + req.inputs().keySet());
    }
    return t;
  }

  /**
   * A real-valued tensor of the given rank as doubles, finite.
   *
   * @throws QStepException INVALID_TENSOR naming the field on a wrong dtype, rank or a NaN/Inf
   */
  static double[] finiteReals(String name, Tensor t, int rank) {
    if (t.dtype() != DType.FP64 && t.dtype() != DType.FP32) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field(name),
          field(name) + ": dtype must be FP64 or FP32, got " + t.dtype());
    }
    if (t.shape().length != rank) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field(name),
          field(name) + ": expected rank " + rank + ", got shape " + Arrays.toString(t.shape()));
    }
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field(name),
            field(name) + ": element " + i + " is " + v[i] + "; values must be finite");
      }
    }
    return v;
  }

  static void checkRows(String name, long rows, RunnerConfig config) {
    if (rows > config.maxBatchRows()) {
      throw new QStepException(
          ErrorReason.TOO_MANY_ROWS,
          field(name),
          field(name) + ": " + rows + " rows exceed the limit of " + config.maxBatchRows());
    }
  }
}
