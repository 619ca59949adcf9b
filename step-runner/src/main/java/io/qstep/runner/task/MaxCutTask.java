package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.baseline.QuboBaselines;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qaoa.MaxCutGraph;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.qaoa.QaoaSolver;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.QaoaSupport.Mode;
import io.qstep.task.MaxCutSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Task {@code maxcut}: Max-Cut by QAOA on the diagonal fast path, with a classical shadow.
 *
 * <p>Stages: decode (weight checks), encode (the cut of every bitstring, the circuit for its
 * version), execute (angle optimisation, then seeded sampling of the final state), validate (exact
 * enumeration for n ≤ 20, CP-SAT with a time limit, simulated annealing; the verdict). In shadow
 * mode the validate stage runs concurrently with execute on a bounded baseline pool, and each
 * stage's wall time is its own.
 */
public final class MaxCutTask {
  /** Relative tolerance of the symmetry check {@code |w_ij − w_ji| <= EPS·max(1, |w_ij|)}. */
  static final double EPS_SYMMETRY = 1e-12;

  private MaxCutTask() {}

  private record Decoded(
      MaxCutGraph graph,
      int p,
      Minimizer.Method method,
      QaoaSolver.Init init,
      Mode mode,
      int maxEval,
      int topK,
      int timeLimitMs,
      long shots) {
    Decoded withMode(Mode m) {
      return new Decoded(graph, p, method, init, m, maxEval, topK, timeLimitMs, shots);
    }
  }

  /** The classical shadow's findings, in cut terms (to maximise). */
  record Shadow(
      double value,
      long bits,
      String method,
      boolean optimal,
      double upperBound,
      List<QuboBaselines.Solution> runs,
      double wallMs) {}

  static TaskOutput run(
      StepRequest req, MaxCutSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config));
    ctx.addWallMs(StageName.COMPRESS, 0);
    MaxCutGraph g = d.graph();
    int n = g.n();
    TaskOutput out = new TaskOutput();
    out.metrics.put("num_qubits", (double) n);
    out.metrics.put("edges", (double) g.edges().size());

    double[] cuts =
        (d.mode() == Mode.BASELINE || backend instanceof QuboSampler)
                && n > QuboBaselines.MAX_EXACT_QUBITS
            ? null
            : ctx.time(StageName.ENCODE, () -> g.qubo().costVector());
    CompletableFuture<Shadow> shadow =
        d.mode() == Mode.QUANTUM
            ? null
            : d.mode() == Mode.SHADOW
                ? CompletableFuture.supplyAsync(
                    () -> shadow(g, cuts, d.timeLimitMs(), ctx.seed()), QaoaSupport.BASELINES)
                : CompletableFuture.completedFuture(shadow(g, cuts, d.timeLimitMs(), ctx.seed()));
    try {
      Decoded dd = d;
      if (d.mode() != Mode.BASELINE) {
        try {
          runQuantum(d, cuts, req, ctx, out, backend);
        } catch (QStepException e) {
          QpuRuntime.Failover f = QaoaSupport.failover(backend, e);
          if (f == QpuRuntime.Failover.NONE) {
            throw e;
          }
          QaoaSupport.noteFailover(backend, e, f, ctx);
          if (f == QpuRuntime.Failover.SIMULATOR) {
            double[] c = cuts != null ? cuts : g.qubo().costVector();
            runQuantum(d, c, req, ctx, out, null);
          } else {
            dd = d.withMode(Mode.BASELINE);
            if (shadow == null) {
              shadow =
                  CompletableFuture.completedFuture(shadow(g, cuts, d.timeLimitMs(), ctx.seed()));
            }
          }
        }
      }
      Decoded rd = dd;
      if (shadow != null) {
        Shadow s = QaoaSupport.join(shadow);
        ctx.addWallMs(StageName.VALIDATE, s.wallMs());
        ctx.time(
            StageName.VALIDATE,
            () -> {
              report(rd, s, ctx, out);
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
      Decoded d, double[] cuts, StepRequest req, StepContext ctx, TaskOutput out, Backend backend) {
    MaxCutGraph g = d.graph();
    int n = g.n();
    if (backend instanceof QuboSampler qs) {
      QaoaSupport.Annealed a = QaoaSupport.anneal(qs, g.qubo().negate(), d.shots(), ctx);
      List<QaoaSolver.Candidate> ranked = a.ranked();
      int k = Math.min(d.topK(), ranked.size());
      long[] top = new long[k * n];
      double[] freq = new double[k];
      double[] vals = new double[k];
      for (int i = 0; i < k; i++) {
        QaoaSolver.Candidate c = ranked.get(i);
        for (int q = 0; q < n; q++) {
          top[i * n + q] = c.index() >>> q & 1;
        }
        freq[i] = (double) c.count() / a.reads();
        vals[i] = c.score();
      }
      out.outputs.put("solution", Tensor.ofLongs(Arrays.copyOf(top, n), n));
      out.outputs.put("samples", Tensor.ofLongs(top, k, n));
      out.outputs.put("frequencies", Tensor.ofDoubles(freq, k));
      out.outputs.put("cut_values", Tensor.ofDoubles(vals, k));
      out.outputs.put("parameters", Tensor.ofDoubles(new double[0], 0));
      out.outputs.put("trace", Tensor.ofDoubles(new double[0], 0));
      out.metrics.put("shots", (double) d.shots());
      out.metrics.put("samples", (double) a.reads());
      out.metrics.put("annealer_reads", (double) a.reads());
      out.metrics.put("cut_value", vals[0]);
      out.metrics.put("expected_cut", -a.meanEnergy() + 0.0);
      out.metrics.put("best_sample_frequency", freq[0]);
      return;
    }
    int p = d.p();
    var circuit = ctx.time(StageName.ENCODE, () -> g.circuit(p));
    out.circuitVersion = circuit.version();
    out.circuit = circuit;
    boolean parallel = req.options().threads() != 1;
    double maxW = 0;
    for (MaxCutGraph.Edge e : g.edges()) {
      maxW = Math.max(maxW, Math.abs(e.w()));
    }
    double scale = maxW;
    int shots = (int) d.shots();
    QaoaSolver.Settings settings =
        new QaoaSolver.Settings(
            p,
            d.method(),
            d.init(),
            d.maxEval(),
            scale,
            shots,
            ctx.seed(),
            (gamma, beta) -> g.closedFormP1(gamma, beta));
    int samples = shots > 0 ? shots : QaoaSupport.DEFAULT_SAMPLES;
    QaoaSupport.Quantum qr =
        QaoaSupport.optimiseAndSample(g.qubo(), cuts, settings, samples, backend, req, ctx, out);
    QaoaSolver.Result r = qr.result();
    if (shots == 0) {
      ctx.warn(
          "execute: exact mode (shots = 0): the objective is the exact expectation; "
              + QaoaSupport.DEFAULT_SAMPLES
              + " seeded samples of the final state give the solutions");
    }
    List<QaoaSolver.Candidate> ranked = QaoaSolver.rank(qr.samples(), cuts);
    int k = Math.min(d.topK(), ranked.size());
    long[] top = new long[k * n];
    double[] freq = new double[k];
    double[] vals = new double[k];
    for (int i = 0; i < k; i++) {
      QaoaSolver.Candidate c = ranked.get(i);
      for (int q = 0; q < n; q++) {
        top[i * n + q] = c.index() >>> q & 1;
      }
      freq[i] = (double) c.count() / samples;
      vals[i] = c.score();
    }
    double[] params = new double[2 * p];
    System.arraycopy(r.gammas(), 0, params, 0, p);
    System.arraycopy(r.betas(), 0, params, p, p);
    out.outputs.put("solution", Tensor.ofLongs(Arrays.copyOf(top, n), n));
    out.outputs.put("samples", Tensor.ofLongs(top, k, n));
    out.outputs.put("frequencies", Tensor.ofDoubles(freq, k));
    out.outputs.put("cut_values", Tensor.ofDoubles(vals, k));
    out.outputs.put("parameters", Tensor.ofDoubles(params, 2L * p));
    out.outputs.put("trace", Tensor.ofDoubles(r.trace(), r.trace().length));
    out.metrics.put("p", (double) p);
    out.metrics.put("depth", (double) circuit.depth());
    out.metrics.put("two_qubit_gates", (double) circuit.multiQubitGateCount());
    out.metrics.put("shots", (double) shots);
    out.metrics.put("samples", (double) samples);
    out.metrics.put("evaluations", (double) r.trace().length);
    out.metrics.put("cut_value", vals[0]);
    out.metrics.put("expected_cut", r.expectation());
    out.metrics.put("best_sample_frequency", freq[0]);
  }

  /** Runs every applicable baseline on {@code −C} and keeps the best cut. */
  static Shadow shadow(MaxCutGraph g, double[] cuts, int timeLimitMs, long seed) {
    long t0 = System.nanoTime();
    List<QuboBaselines.Solution> runs = new ArrayList<>();
    Qubo negCut = g.qubo().negate();
    if (cuts != null && g.n() <= QuboBaselines.MAX_EXACT_QUBITS) {
      runs.add(QuboBaselines.exact(cuts, true));
    }
    if (QuboBaselines.cpSatUnavailableReason() == null) {
      runs.add(negated(QuboBaselines.cpSat(negCut, timeLimitMs / 1000.0, seed)));
    }
    runs.add(negated(QuboBaselines.anneal(negCut, QaoaSupport.ANNEALING_SWEEPS, seed)));
    QuboBaselines.Solution best = null;
    double upper = Double.NaN;
    boolean optimal = false;
    for (QuboBaselines.Solution s : runs) {
      if (Double.isNaN(s.value())) {
        continue;
      }
      if (best == null || s.value() > best.value()) {
        best = s;
      }
      if (s.optimal()) {
        optimal = true;
      }
      if (!Double.isNaN(s.bound())) {
        upper = Double.isNaN(upper) ? s.bound() : Math.min(upper, s.bound());
      }
    }
    if (best == null) {
      throw new QStepException(ErrorReason.INTERNAL, null, "no baseline produced an answer");
    }
    boolean provedBest = optimal && !(best.value() < upper - 1e-9 * Math.max(1, Math.abs(upper)));
    return new Shadow(
        best.value(),
        best.bits(),
        best.method(),
        provedBest,
        upper,
        runs,
        (System.nanoTime() - t0) / 1e6);
  }

  /** A minimisation of −C read as a maximisation of C. */
  private static QuboBaselines.Solution negated(QuboBaselines.Solution s) {
    return new QuboBaselines.Solution(
        s.method(),
        -s.value() + 0.0,
        s.bits(),
        s.optimal(),
        -s.bound() + 0.0,
        s.status(),
        s.wallMs());
  }

  private static void report(Decoded d, Shadow s, StepContext ctx, TaskOutput out) {
    int n = d.graph().n();
    out.metrics.put("baseline_value", s.value());
    out.metrics.put("baseline_optimal", s.optimal() ? 1.0 : 0.0);
    out.metrics.put("baseline_ms", s.wallMs());
    if (!Double.isNaN(s.upperBound())) {
      out.metrics.put("baseline_upper_bound", s.upperBound());
    }
    QaoaSupport.reportBaselineRuns(s.method(), s.optimal(), s.runs(), ctx, out);
    if (d.mode() == Mode.BASELINE) {
      long[] sol = new long[n];
      for (int q = 0; q < n; q++) {
        sol[q] = s.bits() >>> q & 1;
      }
      out.outputs.put("solution", Tensor.ofLongs(sol, n));
      out.metrics.put("cut_value", s.value());
      return;
    }
    double cut = out.metrics.get("cut_value");
    double base = s.value();
    if (base > 0) {
      out.metrics.put("approximation_ratio", cut / base);
      out.metrics.put("expected_approximation_ratio", out.metrics.get("expected_cut") / base);
    }
    double tol = 1e-9 * Math.max(1, Math.abs(base));
    String verdict;
    if (Math.abs(cut - base) <= tol) {
      verdict =
          "verdict: quantum matched the classical "
              + (s.optimal() ? "optimum" : "best found")
              + " ("
              + QaoaSupport.fmt(base)
              + ")";
      out.metrics.put("quantum_gap_percent", 0.0);
    } else if (cut < base) {
      double gap = base != 0 ? 100 * (base - cut) / Math.abs(base) : Double.NaN;
      verdict =
          String.format(
              Locale.ROOT,
              "verdict: quantum worse by %.2f%% (%s vs %s %s)",
              gap,
              QaoaSupport.fmt(cut),
              s.method(),
              QaoaSupport.fmt(base));
      out.metrics.put("quantum_gap_percent", gap);
    } else {
      double gap = base != 0 ? 100 * (base - cut) / Math.abs(base) : Double.NaN;
      verdict =
          "verdict: quantum better than the classical best found ("
              + QaoaSupport.fmt(cut)
              + " vs "
              + QaoaSupport.fmt(base)
              + ")";
      out.metrics.put("quantum_gap_percent", gap);
    }
    ctx.warn(verdict);
  }

  private static Decoded decode(
      StepRequest req, MaxCutSpec spec, Backend backend, RunnerConfig config) {
    String wf = Inputs.field("weights");
    Tensor w = Inputs.required(req, "weights");
    long[] shape = w.shape();
    if (shape.length != 2 || shape[0] != shape[1]) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          wf,
          wf + ": expected a square matrix [n, n], got shape " + Arrays.toString(shape));
    }
    if (shape[0] < 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR, wf, wf + ": a graph needs at least 2 vertices");
    }
    Limits.checkQubits((int) Math.min(shape[0], Integer.MAX_VALUE), wf, config, backend);
    int n = (int) shape[0];
    long shots = req.backend().shots();
    Limits.checkShots(shots, config, backend);
    QaoaSupport.checkBackend("maxcut", backend, shots);
    int p = QaoaSupport.depth("maxcut", spec.p());
    Minimizer.Method method = QaoaSupport.method("maxcut", spec.optimizer());
    QaoaSolver.Init init;
    try {
      init = QaoaSolver.Init.parse(spec.init());
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid("task.maxcut.init", "task.maxcut.init: " + e.getMessage());
    }
    Mode mode = QaoaSupport.mode("maxcut", spec.mode());
    int maxEval = QaoaSupport.maxEval("maxcut", spec.maxIterations(), p);
    int topK = QaoaSupport.topK("maxcut", spec.topK());
    int limitMs = QaoaSupport.timeLimitMs("maxcut", spec.baselineTimeLimitMs());
    double[] v = Inputs.finiteReals("weights", w, 2);
    boolean anyEdge = false;
    for (int i = 0; i < n; i++) {
      if (v[i * n + i] != 0) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            wf,
            wf + ": diagonal element [" + i + ", " + i + "] is " + v[i * n + i] + "; must be 0");
      }
      for (int j = 0; j < n; j++) {
        double a = v[i * n + j];
        if (a < 0 && !spec.allowNegativeWeights()) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              wf,
              wf
                  + ": element ["
                  + i
                  + ", "
                  + j
                  + "] is negative ("
                  + a
                  + "); set allow_negative_weights to accept negative weights");
        }
        double b = v[j * n + i];
        if (Math.abs(a - b) > EPS_SYMMETRY * Math.max(1, Math.abs(a))) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              wf,
              wf
                  + ": not symmetric: ["
                  + i
                  + ", "
                  + j
                  + "] = "
                  + a
                  + " but ["
                  + j
                  + ", "
                  + i
                  + "] = "
                  + b);
        }
        anyEdge |= a != 0;
      }
    }
    if (!anyEdge) {
      throw new QStepException(ErrorReason.INVALID_TENSOR, wf, wf + ": the graph has no edges");
    }
    // symmetrise exactly so that rounding in a nearly symmetric input cannot skew either triangle
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double m = 0.5 * (v[i * n + j] + v[j * n + i]);
        v[i * n + j] = m;
        v[j * n + i] = m;
      }
    }
    return new Decoded(new MaxCutGraph(n, v), p, method, init, mode, maxEval, topK, limitMs, shots);
  }
}
