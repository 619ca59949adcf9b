package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.mitigate.BackendExecutor;
import io.qstep.runner.mitigate.Folding;
import io.qstep.runner.mitigate.MitigationSpec;
import io.qstep.runner.mitigate.MitigationStage;
import io.qstep.runner.mitigate.Mitigator;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.tracking.ModelRegistration;
import io.qstep.runner.tracking.ZnePlot;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Task {@code circuit}: an OpenQASM program per parameter row → ⟨Z_i⟩ / ⟨Pauli⟩ expectations
 * (exact) or samples and counts (shots).
 */
final class CircuitTask {
  /** Counts are returned densely up to this many outcome bits (2^16 × 8 B per row). */
  static final int MAX_COUNT_BITS = 16;

  private CircuitTask() {}

  private record Decoded(
      Circuit circuit,
      double[] params,
      int rows,
      List<String> observables,
      MitigationSpec mitigation) {}

  static TaskOutput run(
      StepRequest req, CircuitSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    long shots = req.backend().shots();
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config));
    ctx.addWallMs(StageName.COMPRESS, 0);
    CircuitRunner.Results res =
        new CircuitRunner(backend, req.options(), ctx)
            .run(d.circuit(), d.params(), d.rows(), d.observables(), shots);
    MitigationStage.Outcome mit =
        d.mitigation().isNone()
            ? null
            : ctx.time(
                StageName.MITIGATE,
                () ->
                    MitigationStage.run(
                        d.mitigation(),
                        new BackendExecutor(
                            backend,
                            ctx,
                            req.options().threads(),
                            req.options().fuseGates(),
                            d.mitigation().folding() == Folding.Method.NATIVE),
                        d.circuit(),
                        d.params(),
                        d.rows(),
                        d.observables(),
                        shots,
                        res.expectations(),
                        MitigationStage.noiseInfo(backend, ctx),
                        ctx));
    TaskOutput out = new TaskOutput();
    ctx.time(
        StageName.VALIDATE,
        () -> {
          int k = d.observables().isEmpty() ? d.circuit().numQubits() : d.observables().size();
          if (mit != null) {
            out.outputs.put("expectations", Outputs.matrix(mit.mitigated(), d.rows(), k));
            out.outputs.put("expectations_raw", Outputs.matrix(res.expectations(), d.rows(), k));
            out.outputs.put(
                "expectations_uncertainty", Outputs.matrix(mit.uncertainty(), d.rows(), k));
            out.outputs.put("mitigation", Tensor.ofStrings(List.of(mit.provenance())));
            out.metrics.putAll(mit.metrics());
            attachMitigationArtifacts(req, d, mit, ctx, out);
          } else if (res.expectations() != null) {
            out.outputs.put("expectations", Outputs.matrix(res.expectations(), d.rows(), k));
            Outputs.checkBounded(res.expectations(), ctx);
          }
          if (res.samples() != null) {
            out.outputs.put("samples", Outputs.longMatrix(res.samples(), d.rows(), (int) shots));
            if (res.numOutcomeBits() <= MAX_COUNT_BITS) {
              out.outputs.put(
                  "counts", Outputs.counts(res.samples(), d.rows(), res.numOutcomeBits()));
            } else {
              ctx.warn(
                  "counts omitted: "
                      + res.numOutcomeBits()
                      + " outcome bits exceed "
                      + MAX_COUNT_BITS
                      + "; use the samples output");
            }
            if (res.expectations() == null) {
              ctx.warn("expectations omitted: the circuit measures a subset into classical bits");
            }
          }
          return null;
        });
    out.circuitVersion = d.circuit().version();
    out.circuit = d.circuit();
    out.metrics.put("num_qubits", (double) d.circuit().numQubits());
    out.metrics.put("rows", (double) d.rows());
    out.metrics.put("depth", (double) d.circuit().depth());
    out.metrics.put("two_qubit_gates", (double) d.circuit().multiQubitGateCount());
    out.metrics.put("shots", (double) shots);
    return out;
  }

  /**
   * Default registered-model name of a surrogate trained by a step; param {@code
   * surrogate_model_name}.
   */
  static final String DEFAULT_SURROGATE_NAME = "qstep-surrogate";

  /**
   * For the Track stage: the ZNE fit of the first row as {@code plots/zne_fit.png}, and a surrogate
   * trained by this step as {@code models/surrogate/} registered as an MLflow model version.
   */
  private static void attachMitigationArtifacts(
      StepRequest req, Decoded d, MitigationStage.Outcome mit, StepContext ctx, TaskOutput out) {
    if (!mit.zneFits().isEmpty() && mit.extrapolator() != null) {
      List<ZnePlot.Series> series = new ArrayList<>();
      List<String> labels = d.observables();
      for (int i = 0; i < mit.zneFits().size(); i++) {
        Mitigator.ZneFit f = mit.zneFits().get(i);
        String label = i < labels.size() ? labels.get(i) : "Z" + i;
        series.add(
            new ZnePlot.Series(
                label,
                f.scales(),
                f.values(),
                x -> mit.extrapolator().at(f.fit(), x),
                f.fit().value()));
      }
      try {
        out.artifacts.put(
            "plots/zne_fit.png",
            ZnePlot.png(
                "Zero-noise extrapolation (" + mit.extrapolator().id() + ", row 0)", series));
      } catch (IOException | RuntimeException | LinkageError e) {
        // A JDK without fonts or AWT must not cost the step its result.
        ctx.warn("track: no ZNE plot: " + e);
      }
    }
    if (mit.trainedSurrogate() != null) {
      String name = req.parameters().getOrDefault("surrogate_model_name", DEFAULT_SURROGATE_NAME);
      ModelRegistration reg;
      try {
        reg =
            new ModelRegistration(
                name,
                "models/surrogate",
                "surrogate denoiser trained by qstep for circuit " + d.circuit().version(),
                Map.of("qstep.circuit_version", d.circuit().version()));
      } catch (IllegalArgumentException e) {
        // The mitigated result stands; only the registration is skipped.
        ctx.warn("track: surrogate not registered: param.surrogate_model_name: " + e.getMessage());
        reg = null;
      }
      if (reg != null) {
        out.models.add(reg);
      }
      out.artifacts.put(
          "models/surrogate/surrogate.json",
          mit.trainedSurrogate().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static Decoded decode(
      StepRequest req, CircuitSpec spec, Backend backend, RunnerConfig config) {
    String text = spec.qasm();
    Tensor qasmTensor = req.inputs().get("qasm");
    String field = "task.circuit.qasm";
    if (qasmTensor != null) {
      if (qasmTensor.dtype() != DType.BYTES || qasmTensor.numElements() != 1) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            Inputs.field("qasm"),
            "inputs[qasm]: expected BYTES [1] holding OpenQASM text, got "
                + qasmTensor.dtype()
                + " "
                + Arrays.toString(qasmTensor.shape()));
      }
      text = qasmTensor.toStringList().get(0);
      field = Inputs.field("qasm");
    }
    if (text.isBlank()) {
      throw new QStepException(
          ErrorReason.MISSING_FIELD,
          "task.circuit.qasm",
          "an OpenQASM program is required: set task.circuit.qasm or the input tensor 'qasm'");
    }
    Circuit circuit;
    try {
      circuit = CircuitCache.parse(text);
    } catch (QStepException e) {
      String msg = e.getMessage() == null ? e.reason().name() : e.getMessage();
      throw new QStepException(e.reason(), field, field + ": " + msg, e);
    }
    Limits.checkQubits(circuit.numQubits(), field, config, backend);
    Limits.checkShots(req.backend().shots(), config, backend);
    List<String> observables = checkObservables(spec.observables(), circuit.numQubits());
    int m = circuit.parameters().size();
    double[] params;
    int rows;
    Tensor p = req.inputs().get("params");
    if (p == null) {
      if (m > 0) {
        throw new QStepException(
            ErrorReason.MISSING_FIELD,
            Inputs.field("params"),
            "inputs[params] is required: the program declares "
                + m
                + " input parameter(s) "
                + circuit.parameters());
      }
      params = new double[0];
      rows = 1;
    } else {
      long[] shape = p.shape();
      if (shape.length == 1 && m > 0) {
        shape = new long[] {1, shape[0]};
      }
      if (shape.length != 2 || shape[1] != m) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            Inputs.field("params"),
            "inputs[params]: expected shape [rows, "
                + m
                + "] for parameters "
                + circuit.parameters()
                + ", got "
                + Arrays.toString(p.shape()));
      }
      Inputs.checkRows("params", shape[0], config);
      params = Inputs.finiteReals("params", p, p.shape().length);
      rows = (int) shape[0];
    }
    return new Decoded(circuit, params, rows, observables, MitigationSpec.parse(req.parameters()));
  }

  static List<String> checkObservables(List<String> observables, int n) {
    for (int i = 0; i < observables.size(); i++) {
      String o = observables.get(i);
      String f = "task.circuit.observables[" + i + "]";
      if (o.length() != n) {
        throw new QStepException(
            ErrorReason.INVALID_VALUE,
            f,
            f
                + ": '"
                + o
                + "' has "
                + o.length()
                + " characters; the circuit has "
                + n
                + " qubits");
      }
      for (int c = 0; c < o.length(); c++) {
        if ("IXYZ".indexOf(o.charAt(c)) < 0) {
          throw new QStepException(
              ErrorReason.INVALID_VALUE,
              f,
              f + ": '" + o.charAt(c) + "' at position " + c + " is not one of I, X, Y, Z");
        }
      }
    }
    return observables;
  }
}
