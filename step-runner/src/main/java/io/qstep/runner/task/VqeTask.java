package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.QaoaSupport.Mode;
import io.qstep.runner.vqe.Ansatz;
import io.qstep.runner.vqe.BackendEnergy;
import io.qstep.runner.vqe.GroundState;
import io.qstep.runner.vqe.PauliSum;
import io.qstep.runner.vqe.VqeSolver;
import io.qstep.task.StepRequest;
import io.qstep.task.VqeSpec;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Task {@code vqe}: the ground-state energy of {@code H = Σ c_k P_k} by a variational eigensolver,
 * with exact diagonalisation as the classical shadow.
 *
 * <p>Stages: decode (Pauli strings and real coefficients), encode (the operator, the ansatz circuit
 * with symbolic angles, whose hash is the circuit version), execute (the optimisation on the
 * state-vector engine), validate (the lowest eigenvalue by a dense eigensolver for n ≤ 10 or
 * Lanczos for n ≤ 14, the error and a verdict). In shadow mode validate runs concurrently with
 * execute on the bounded baseline pool.
 */
public final class VqeTask {
  /** Chemical accuracy, 1 kcal/mol in Hartree: the verdict's threshold for "matched". */
  static final double CHEMICAL_ACCURACY = 1.6e-3;

  /** An imaginary part larger than this (relative to max(1, |re|)) makes H non-Hermitian. */
  static final double EPS_HERMITIAN = 1e-12;

  /** Deepest ansatz accepted. */
  static final int MAX_DEPTH = 64;

  private VqeTask() {}

  private record Decoded(
      PauliSum h, Ansatz ansatz, Minimizer.Method method, Mode mode, int maxEval, long shots) {}

  static TaskOutput run(
      StepRequest req, VqeSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config, ctx));
    ctx.addWallMs(StageName.COMPRESS, 0);
    PauliSum h = d.h();
    int n = h.numQubits();
    TaskOutput out = new TaskOutput();
    out.metrics.put("num_qubits", (double) n);
    out.metrics.put("terms", (double) h.numTerms());
    out.metrics.put("pauli_groups", (double) h.numGroups());
    boolean exact = n <= GroundState.MAX_QUBITS;
    CompletableFuture<GroundState.Result> shadow = null;
    if (d.mode() != Mode.QUANTUM && exact) {
      shadow =
          d.mode() == Mode.SHADOW
              ? CompletableFuture.supplyAsync(
                  () -> GroundState.solve(h, ctx.seed()), QaoaSupport.BASELINES)
              : CompletableFuture.completedFuture(GroundState.solve(h, ctx.seed()));
    } else if (d.mode() == Mode.SHADOW) {
      ctx.warn(
          "validate: no exact baseline: exact diagonalisation covers n <= "
              + GroundState.MAX_QUBITS
              + " qubits, this Hamiltonian has "
              + n);
    }
    try {
      if (d.mode() != Mode.BASELINE) {
        runQuantum(d, req, backend, ctx, out);
      }
      if (shadow != null) {
        GroundState.Result g = QaoaSupport.join(shadow);
        ctx.addWallMs(StageName.VALIDATE, g.wallMs());
        ctx.time(
            StageName.VALIDATE,
            () -> {
              report(d, g, ctx, out);
              return null;
            });
      }
    } finally {
      if (shadow != null) {
        shadow.cancel(true);
      }
    }
    return out;
  }

  private static void runQuantum(
      Decoded d, StepRequest req, Backend backend, StepContext ctx, TaskOutput out) {
    Ansatz a = d.ansatz();
    Circuit circuit = ctx.time(StageName.ENCODE, a::circuit);
    out.circuitVersion = circuit.version();
    out.circuit = circuit;
    VqeSolver solver =
        ctx.time(StageName.ENCODE, () -> new VqeSolver(d.h(), a, req.options().threads() != 1));
    int shots = (int) d.shots();
    VqeSolver.Settings settings =
        new VqeSolver.Settings(d.method(), d.maxEval(), shots, ctx.seed());
    if (!onEngine(backend)) {
      BackendEnergy measured =
          new BackendEnergy(
              d.h(),
              a,
              shots,
              ctx.seed(),
              req.options().threads(),
              xs -> {
                ctx.checkpoint();
                List<ExecutionResult> ers = backend.executeBatch(xs, ctx);
                ers.forEach(er -> ctx.noteCalibration(er.calibration()));
                return ers;
              });
      VqeSolver.Result r =
          ctx.time(
              StageName.EXECUTE, () -> solver.solve(settings, ctx::checkpoint, measured::energy));
      ctx.warn(
          "execute: energies measured on backend '"
              + backend.name()
              + "' ("
              + (shots == 0 ? "exact expectations" : shots + " shots per measurement group")
              + ", "
              + measured.executionsPerEnergy()
              + " executions per energy); metric energy is the ideal energy of the final angles"
              + " on the state-vector engine, energy_estimate the backend's");
      out.metrics.put("energy_estimate", r.estimate());
      out.metrics.put("backend_executions", (double) measured.executions());
      if (shots > 0) {
        out.metrics.put("measurement_groups", (double) measured.executionsPerEnergy());
      }
      report(a, circuit, shots, r, out);
      return;
    }
    VqeSolver.Result r = ctx.time(StageName.EXECUTE, () -> solver.solve(settings, ctx::checkpoint));
    if (shots > 0) {
      ctx.warn(
          "execute: sampled mode: "
              + shots
              + " shots per measurement group ("
              + solver.numMeasurementGroups()
              + " qubit-wise commuting groups) per energy; metric energy is the exact energy of"
              + " the final state, energy_estimate the sampled one");
      out.metrics.put("energy_estimate", r.estimate());
      out.metrics.put("measurement_groups", (double) solver.numMeasurementGroups());
    }
    report(a, circuit, shots, r, out);
  }

  /** The state-vector engine evaluates energies itself (fast path); others go through the SPI. */
  private static boolean onEngine(Backend backend) {
    return "statevector".equals(backend.name());
  }

  private static void report(
      Ansatz a, Circuit circuit, int shots, VqeSolver.Result r, TaskOutput out) {
    int p = a.numParameters();
    out.outputs.put("parameters", Tensor.ofDoubles(r.parameters(), p));
    out.outputs.put("trace", Tensor.ofDoubles(r.trace(), r.trace().length));
    out.metrics.put("ansatz_layers", (double) a.depth());
    out.metrics.put("parameters", (double) p);
    out.metrics.put("depth", (double) circuit.depth());
    out.metrics.put("two_qubit_gates", (double) circuit.multiQubitGateCount());
    out.metrics.put("shots", (double) shots);
    out.metrics.put("evaluations", (double) r.trace().length);
    out.metrics.put("energy", r.energy());
  }

  private static void report(Decoded d, GroundState.Result g, StepContext ctx, TaskOutput out) {
    out.metrics.put("baseline_energy", g.energy());
    out.metrics.put("baseline_ms", g.wallMs());
    out.metrics.put("baseline_iterations", (double) g.iterations());
    ctx.warn(
        String.format(
            Locale.ROOT,
            "validate: baseline %s (exact diagonalisation, %d qubits): %.10f in %.1f ms%s",
            g.method().id(),
            d.h().numQubits(),
            g.energy(),
            g.wallMs(),
            g.method() == GroundState.Method.LANCZOS
                ? String.format(
                    Locale.ROOT, ", %d steps, residual %.1e", g.iterations(), g.residual())
                : ""));
    if (d.mode() == Mode.BASELINE) {
      out.metrics.put("energy", g.energy());
      return;
    }
    double e = out.metrics.get("energy");
    double err = e - g.energy();
    out.metrics.put("energy_error", err);
    String verdict;
    if (Math.abs(err) <= CHEMICAL_ACCURACY) {
      verdict =
          String.format(
              Locale.ROOT,
              "verdict: quantum matched the exact ground energy within chemical accuracy"
                  + " (%.10f vs %.10f, error %.3g mHa)",
              e,
              g.energy(),
              err * 1e3);
    } else {
      double pct = 100 * err / Math.max(Math.abs(g.energy()), Double.MIN_NORMAL);
      verdict =
          String.format(
              Locale.ROOT,
              "verdict: quantum worse by %.2f%% (%.10f vs exact %.10f, error %.3g mHa)",
              pct,
              e,
              g.energy(),
              err * 1e3);
    }
    ctx.warn(verdict);
  }

  private static Decoded decode(
      StepRequest req, VqeSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    String pf = Inputs.field("paulis");
    Tensor pt = Inputs.required(req, "paulis");
    Tensor ct = Inputs.required(req, "coeffs");
    if (pt.dtype() != DType.BYTES || pt.rank() != 1 || pt.dim(0) < 1) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          pf,
          pf
              + ": expected BYTES [m] of Pauli strings, m >= 1; got "
              + pt.dtype()
              + " "
              + Arrays.toString(pt.shape()));
    }
    Inputs.checkRows("paulis", pt.dim(0), config);
    List<String> paulis;
    try {
      paulis = pt.toStringList();
    } catch (QStepException e) {
      throw new QStepException(ErrorReason.INVALID_TENSOR, pf, pf + ": " + e.getMessage());
    }
    int n = paulis.get(0).length();
    for (int k = 0; k < paulis.size(); k++) {
      String s = paulis.get(k);
      if (s.isEmpty() || s.length() != n) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            pf,
            pf
                + ": element "
                + k
                + " ('"
                + s
                + "') has length "
                + s.length()
                + "; every Pauli string must have the length of element 0 ("
                + n
                + ")"
                + (n == 0 ? ", at least 1" : ""));
      }
      for (int c = 0; c < n; c++) {
        if ("IXYZ".indexOf(s.charAt(c)) < 0) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              pf,
              pf
                  + ": element "
                  + k
                  + " ('"
                  + s
                  + "'): '"
                  + s.charAt(c)
                  + "' at position "
                  + c
                  + " is not one of I, X, Y, Z");
        }
      }
    }
    Limits.checkQubits(n, pf, config, backend);
    double[] coeffs = coefficients(ct, paulis.size());
    long shots = req.backend().shots();
    Limits.checkShots(shots, config, backend);
    if (!onEngine(backend)) {
      BackendCapabilities caps = backend.capabilities();
      if (shots == 0 && !caps.supportsExact()) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "backend.shots",
            "backend '"
                + backend.name()
                + "' returns no exact expectation values; set backend.shots > 0 for vqe");
      }
      if (shots > 0 && !caps.supportsShots()) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "backend.shots",
            "backend '" + backend.name() + "' samples no shots; set backend.shots = 0 for vqe");
      }
    }

    Ansatz.Kind kind;
    try {
      kind = Ansatz.Kind.parse(spec.ansatz());
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid("task.vqe.ansatz", "task.vqe.ansatz: " + e.getMessage());
    }
    if (kind == Ansatz.Kind.UCC && n < 2) {
      throw QStepException.invalid(
          "task.vqe.ansatz", "task.vqe.ansatz: ucc needs at least 2 qubits, the Hamiltonian has 1");
    }
    int depth = spec.depth() == 0 ? 1 : spec.depth();
    if (depth < 1 || depth > MAX_DEPTH) {
      throw QStepException.invalid(
          "task.vqe.depth",
          "task.vqe.depth: must be in [1, " + MAX_DEPTH + "], got " + spec.depth());
    }
    Mode mode = QaoaSupport.mode("vqe", spec.mode());
    if (mode == Mode.BASELINE && n > GroundState.MAX_QUBITS) {
      throw QStepException.invalid(
          "task.vqe.mode",
          "task.vqe.mode: baseline only, but exact diagonalisation covers n <= "
              + GroundState.MAX_QUBITS
              + " qubits and the Hamiltonian has "
              + n);
    }
    if (spec.maxIterations() < 0) {
      throw QStepException.invalid(
          "task.vqe.max_iterations", "task.vqe.max_iterations must be >= 0");
    }
    PauliSum h = new PauliSum(paulis, coeffs);
    Ansatz ansatz =
        new Ansatz(kind, n, depth, kind == Ansatz.Kind.UCC ? h.lowestDiagonalState() : 0);
    int p = ansatz.numParameters();
    Minimizer.Method method;
    if (spec.optimizer().isBlank()) {
      method =
          shots > 0
              ? Minimizer.Method.SPSA
              : p < 2 ? Minimizer.Method.POWELL : Minimizer.Method.BOBYQA;
    } else {
      method = QaoaSupport.method("vqe", spec.optimizer());
      if (method == Minimizer.Method.BOBYQA && p < 2) {
        ctx.warn("execute: BOBYQA needs two or more parameters; this ansatz has 1: using Powell");
        method = Minimizer.Method.POWELL;
      }
    }
    int maxEval =
        spec.maxIterations() == 0 ? 200 + 20 * p : Math.max(2 * p + 3, spec.maxIterations());
    return new Decoded(h, ansatz, method, mode, maxEval, shots);
  }

  /** {@code coeffs} as m reals: FP64/FP32 [m], or [m, 2] (re, im) with every im zero. */
  private static double[] coefficients(Tensor ct, int m) {
    String cf = Inputs.field("coeffs");
    long[] shape = ct.shape();
    boolean complex = shape.length == 2 && shape[1] == 2;
    if (!(shape.length == 1 || complex) || shape[0] != m) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          cf,
          cf
              + ": expected shape ["
              + m
              + "] (one real coefficient per Pauli string) or ["
              + m
              + ", 2] (re, im); got "
              + Arrays.toString(shape));
    }
    double[] v = Inputs.finiteReals("coeffs", ct, shape.length);
    if (!complex) {
      return v;
    }
    double[] re = new double[m];
    for (int k = 0; k < m; k++) {
      re[k] = v[2 * k];
      double im = v[2 * k + 1];
      if (Math.abs(im) > EPS_HERMITIAN * Math.max(1, Math.abs(re[k]))) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            cf,
            cf
                + ": coefficient "
                + k
                + " has imaginary part "
                + im
                + "; a Pauli sum with complex coefficients is not Hermitian");
      }
    }
    return re;
  }
}
