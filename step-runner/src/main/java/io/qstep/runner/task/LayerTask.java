package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.LayerSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Task {@code layer}: a quantum layer for QML inference. Each feature row is angle-encoded (RY or
 * RX of {@code scale·x_i} on qubit i), followed by {@code L} hardware-efficient layers (RY, RZ on
 * every qubit from {@code weights}, then a CX or CZ chain), and read out as ⟨Z_i⟩.
 */
public final class LayerTask {
  private LayerTask() {}

  private record Decoded(Circuit template, double[] features, int rows, int k) {}

  static TaskOutput run(
      StepRequest req, LayerSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    long shots = req.backend().shots();
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config));
    ctx.addWallMs(StageName.COMPRESS, 0);
    CircuitRunner.Results res =
        new CircuitRunner(backend, req.options(), ctx)
            .run(d.template(), d.features(), d.rows(), List.of(), shots);
    TaskOutput out = new TaskOutput();
    ctx.time(
        StageName.VALIDATE,
        () -> {
          double[][] firstK = new double[d.rows()][];
          for (int r = 0; r < d.rows(); r++) {
            firstK[r] = Arrays.copyOf(res.expectations()[r], d.k());
          }
          Outputs.checkBounded(firstK, ctx);
          out.outputs.put("expectations", Outputs.matrix(firstK, d.rows(), d.k()));
          return null;
        });
    out.circuitVersion = d.template().version();
    out.circuit = d.template();
    out.metrics.put("num_qubits", (double) d.template().numQubits());
    out.metrics.put("rows", (double) d.rows());
    out.metrics.put("depth", (double) d.template().depth());
    out.metrics.put("two_qubit_gates", (double) d.template().multiQubitGateCount());
    out.metrics.put("shots", (double) shots);
    return out;
  }

  private static Decoded decode(
      StepRequest req, LayerSpec spec, Backend backend, RunnerConfig config) {
    Tensor f = Inputs.required(req, "features");
    Tensor w = Inputs.required(req, "weights");
    long[] fs = f.shape();
    if (fs.length != 2 || fs[1] < 1) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          Inputs.field("features"),
          "inputs[features]: expected shape [batch, d] with d >= 1, got " + Arrays.toString(fs));
    }
    int d = (int) Math.min(fs[1], Integer.MAX_VALUE);
    int n = spec.numQubits() == 0 ? d : spec.numQubits();
    if (d > n) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          Inputs.field("features"),
          "inputs[features]: " + d + " features do not fit on " + n + " qubits (d <= qubits)");
    }
    Limits.checkQubits(
        n,
        spec.numQubits() == 0 ? Inputs.field("features") : "task.layer.num_qubits",
        config,
        backend);
    Limits.checkShots(req.backend().shots(), config, backend);
    Inputs.checkRows("features", fs[0], config);
    long[] ws = w.shape();
    if (ws.length != 3 || ws[1] != n || ws[2] != 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          Inputs.field("weights"),
          "inputs[weights]: expected shape [depth, " + n + ", 2], got " + Arrays.toString(ws));
    }
    int depth = spec.depth() == 0 ? (int) ws[0] : spec.depth();
    if (ws[0] != depth) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          Inputs.field("weights"),
          "inputs[weights]: task.layer.depth is "
              + depth
              + " but weights have "
              + ws[0]
              + " layers");
    }
    int k = spec.numOutputs() == 0 ? n : spec.numOutputs();
    if (k > n) {
      throw QStepException.invalid(
          "task.layer.num_outputs",
          "task.layer.num_outputs: " + k + " outputs exceed " + n + " qubits");
    }
    double[] features = Inputs.finiteReals("features", f, 2);
    double[] weights = Inputs.finiteReals("weights", w, 3);
    double scale = spec.featureScale() == 0 ? 1.0 : spec.featureScale();
    return new Decoded(ansatz(spec, n, d, depth, weights, scale), features, (int) fs[0], k);
  }

  /**
   * The layer circuit with features as parameters {@code x0..x(d-1)} and weights baked in.
   *
   * @param weights row-major [depth, n, 2]
   */
  public static Circuit ansatz(
      LayerSpec spec, int n, int d, int depth, double[] weights, double scale) {
    Circuit.Builder b = Circuit.builder(n);
    for (int i = 0; i < d; i++) {
      Param x = new Param.Symbol("x" + i, scale, 0.0);
      switch (spec.encoding()) {
        case ANGLE_RY -> b.ry(i, x);
        case ANGLE_RX -> b.rx(i, x);
      }
    }
    for (int l = 0; l < depth; l++) {
      for (int q = 0; q < n; q++) {
        b.ry(q, weights[(l * n + q) * 2]);
        b.rz(q, weights[(l * n + q) * 2 + 1]);
      }
      for (int q = 0; q + 1 < n; q++) {
        switch (spec.entangler()) {
          case CX -> b.cx(q, q + 1);
          case CZ -> b.cz(q, q + 1);
        }
      }
    }
    return b.build();
  }
}
