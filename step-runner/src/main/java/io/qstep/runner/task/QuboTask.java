package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.baseline.QuboBaselines;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.qaoa.QaoaSolver;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.QaoaSupport.Mode;
import io.qstep.task.QuboSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Task {@code qubo}: minimise {@code f(x) = x^T Q x + offset} by QAOA on the diagonal fast path,
 * with builders for mean-variance portfolio selection (budget by an automatic penalty) and a small
 * travelling-salesman cluster (one-hot, city 0 fixed first), decoding back to domain terms. The
 * classical shadow is the one of {@code maxcut}: exact enumeration (n ≤ 20), CP-SAT, annealing.
 */
public final class QuboTask {
  static final String TASK = "qubo";

  /** Relative tolerance of the covariance symmetry check. */
  static final double EPS_SYMMETRY = 1e-12;

  /** Penalty weight over the objective's range: infeasible points lose to every feasible one. */
  static final double PENALTY_MARGIN = 1.1;

  static final int MIN_CITIES = 3;
  static final int MAX_CITIES = 5;

  private QuboTask() {}

  enum Builder {
    QUBO,
    PORTFOLIO,
    TSP
  }

  /**
   * A decoded request. Portfolio: {@code mu}, {@code sigma}, {@code q}, {@code budget}; tsp: {@code
   * dist} [k·k] over {@code k} cities; {@code penalty} for both.
   */
  private record Decoded(
      Builder builder,
      Qubo f,
      double[] mu,
      double[] sigma,
      double q,
      int budget,
      double[] dist,
      int k,
      double penalty,
      int p,
      Minimizer.Method method,
      Mode mode,
      int maxEval,
      int topK,
      int timeLimitMs,
      long shots) {
    int n() {
      return f.n();
    }

    Decoded withMode(Mode m) {
      return new Decoded(
          builder,
          f,
          mu,
          sigma,
          q,
          budget,
          dist,
          k,
          penalty,
          p,
          method,
          m,
          maxEval,
          topK,
          timeLimitMs,
          shots);
    }
  }

  private record Shadow(
      double value, long bits, String method, boolean optimal, List<QuboBaselines.Solution> runs) {}

  static TaskOutput run(
      StepRequest req, QuboSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    Decoded d = ctx.time(StageName.DECODE, () -> decode(req, spec, backend, config));
    ctx.addWallMs(StageName.COMPRESS, 0);
    int n = d.n();
    TaskOutput out = new TaskOutput();
    out.metrics.put("num_qubits", (double) n);
    if (d.builder() != Builder.QUBO) {
      out.metrics.put("penalty", d.penalty());
    }
    double[] scores =
        (d.mode() == Mode.BASELINE || backend instanceof QuboSampler)
                && n > QuboBaselines.MAX_EXACT_QUBITS
            ? null
            : ctx.time(StageName.ENCODE, () -> d.f().negate().costVector());
    CompletableFuture<Shadow> shadow =
        d.mode() == Mode.QUANTUM
            ? null
            : d.mode() == Mode.SHADOW
                ? CompletableFuture.supplyAsync(
                    () -> timedShadow(d, scores, ctx), QaoaSupport.BASELINES)
                : CompletableFuture.completedFuture(timedShadow(d, scores, ctx));
    try {
      Decoded dd = d;
      if (d.mode() != Mode.BASELINE) {
        try {
          runQuantum(d, scores, req, ctx, out, backend);
        } catch (QStepException e) {
          QpuRuntime.Failover f = QaoaSupport.failover(backend, e);
          if (f == QpuRuntime.Failover.NONE) {
            throw e;
          }
          QaoaSupport.noteFailover(backend, e, f, ctx);
          if (f == QpuRuntime.Failover.SIMULATOR) {
            double[] sc = scores != null ? scores : d.f().negate().costVector();
            runQuantum(d, sc, req, ctx, out, null);
          } else {
            dd = d.withMode(Mode.BASELINE);
            if (shadow == null) {
              shadow = CompletableFuture.completedFuture(timedShadow(d, scores, ctx));
            }
          }
        }
      }
      Decoded rd = dd;
      if (shadow != null) {
        Shadow s = QaoaSupport.join(shadow);
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

  private static Shadow timedShadow(Decoded d, double[] scores, StepContext ctx) {
    long t0 = System.nanoTime();
    try {
      return shadow(d, scores, ctx.seed());
    } finally {
      ctx.addWallMs(StageName.VALIDATE, (System.nanoTime() - t0) / 1e6);
    }
  }

  private static void runQuantum(
      Decoded d,
      double[] scores,
      StepRequest req,
      StepContext ctx,
      TaskOutput out,
      Backend backend) {
    if (backend instanceof QuboSampler qs) {
      QaoaSupport.Annealed a = QaoaSupport.anneal(qs, d.f(), d.shots(), ctx);
      finish(d, a.ranked(), a.reads(), new double[0], new double[0], 0, (int) d.shots(), ctx, out);
      out.metrics.put("expected_objective", a.meanEnergy());
      out.metrics.put("annealer_reads", (double) a.reads());
      return;
    }
    int n = d.n();
    int p = d.p();
    int shots = (int) d.shots();
    out.circuit = ctx.time(StageName.ENCODE, () -> circuit(d.f(), p));
    out.circuitVersion = out.circuit.version();
    QaoaSolver.Settings settings =
        new QaoaSolver.Settings(
            p,
            d.method(),
            QaoaSolver.Init.INTERP,
            d.maxEval(),
            d.f().maxAbsCoefficient(),
            shots,
            ctx.seed(),
            null);
    int samples = shots > 0 ? shots : QaoaSupport.DEFAULT_SAMPLES;
    QaoaSupport.Quantum qr =
        QaoaSupport.optimiseAndSample(
            d.f().negate(), scores, settings, samples, backend, req, ctx, out);
    QaoaSolver.Result r = qr.result();
    List<QaoaSolver.Candidate> ranked = QaoaSolver.rank(qr.samples(), scores);
    if (shots == 0) {
      ctx.warn(
          "execute: exact mode (shots = 0): the objective is the exact expectation; "
              + samples
              + " seeded samples of the final state give the solutions");
    }
    double[] params = new double[2 * p];
    System.arraycopy(r.gammas(), 0, params, 0, p);
    System.arraycopy(r.betas(), 0, params, p, p);
    finish(d, ranked, samples, params, negate(r.trace()), p, shots, ctx, out);
    out.metrics.put("expected_objective", -r.expectation() + 0.0);
  }

  /** Outputs and metrics from ranked samples (QAOA's or an annealer's). */
  private static void finish(
      Decoded d,
      List<QaoaSolver.Candidate> ranked,
      long samples,
      double[] params,
      double[] trace,
      int p,
      int shots,
      StepContext ctx,
      TaskOutput out) {
    int n = d.n();
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
      vals[i] = -c.score() + 0.0;
    }
    // feasibility: repair (portfolio) or discard (tsp) every sample, keep the best feasible
    long infeasible = 0;
    long best = -1;
    double bestValue = Double.POSITIVE_INFINITY;
    for (QaoaSolver.Candidate c : ranked) {
      long bits = c.index();
      long fixed = repair(d, bits);
      if (fixed != bits) {
        infeasible += c.count();
      }
      if (fixed >= 0) {
        double v = d.f().value(fixed);
        if (v < bestValue) {
          bestValue = v;
          best = fixed;
        }
      }
    }
    out.metrics.put("infeasible_samples", (double) infeasible);
    switch (d.builder()) {
      case QUBO -> {}
      case PORTFOLIO -> out.metrics.put("repaired_samples", (double) infeasible);
      case TSP -> out.metrics.put("discarded_samples", (double) infeasible);
    }
    if (best < 0) {
      ctx.warn("execute: no sample was feasible; the solution is the best raw sample");
      best = ranked.get(0).index();
      bestValue = d.f().value(best);
      out.metrics.put("feasible", 0.0);
    } else {
      out.metrics.put("feasible", 1.0);
    }
    out.outputs.put("solution", Tensor.ofLongs(bitsOf(best, n), n));
    out.outputs.put("samples", Tensor.ofLongs(top, k, n));
    out.outputs.put("frequencies", Tensor.ofDoubles(freq, k));
    out.outputs.put("objectives", Tensor.ofDoubles(vals, k));
    out.outputs.put("parameters", Tensor.ofDoubles(params, params.length));
    out.outputs.put("trace", Tensor.ofDoubles(trace, trace.length));
    out.metrics.put("p", (double) p);
    out.metrics.put("shots", (double) shots);
    out.metrics.put("samples", (double) samples);
    out.metrics.put("evaluations", (double) trace.length);
    out.metrics.put("objective", bestValue);
    decodeDomain(d, best, "", out);
  }

  /** Domain terms of an assignment: selected assets with return and risk, or the tour. */
  private static void decodeDomain(Decoded d, long bits, String prefix, TaskOutput out) {
    switch (d.builder()) {
      case QUBO -> {}
      case PORTFOLIO -> {
        int n = d.n();
        double ret = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
          if ((bits >>> i & 1) != 0) {
            ret += d.mu()[i];
            for (int j = 0; j < n; j++) {
              if ((bits >>> j & 1) != 0) {
                var += d.sigma()[i * n + j];
              }
            }
          }
        }
        out.metrics.put(prefix + "expected_return", ret);
        out.metrics.put(prefix + "variance", var);
        out.metrics.put(prefix + "selected", (double) Long.bitCount(bits));
      }
      case TSP -> {
        int[] tour = tour(d, bits);
        if (tour != null) {
          out.metrics.put(prefix + "tour_length", tourLength(d, tour));
          if (prefix.isEmpty()) {
            long[] t = new long[d.k()];
            for (int i = 0; i < t.length; i++) {
              t[i] = tour[i];
            }
            out.outputs.put("tour", Tensor.ofLongs(t, t.length));
          }
        }
      }
    }
  }

  /**
   * A feasible version of {@code bits}: itself when feasible; portfolio: greedily drop or add the
   * asset that helps the objective most until the budget holds; tsp: -1 (discarded).
   */
  static long repair(Decoded d, long bits) {
    return switch (d.builder()) {
      case QUBO -> bits;
      case TSP -> tour(d, bits) == null ? -1 : bits;
      case PORTFOLIO -> {
        long x = bits;
        while (Long.bitCount(x) != d.budget()) {
          boolean drop = Long.bitCount(x) > d.budget();
          long bestX = -1;
          double bestV = Double.POSITIVE_INFINITY;
          for (int i = 0; i < d.n(); i++) {
            boolean set = (x >>> i & 1) != 0;
            if (set == drop) {
              long y = x ^ (1L << i);
              double v = d.f().value(y);
              if (v < bestV) {
                bestV = v;
                bestX = y;
              }
            }
          }
          x = bestX;
        }
        yield x;
      }
    };
  }

  /** The tour [0, c_1, ..., c_{k-1}] encoded by a valid one-hot assignment, else null. */
  static int[] tour(Decoded d, long bits) {
    int m = d.k() - 1;
    int[] tour = new int[d.k()];
    boolean[] used = new boolean[d.k()];
    for (int t = 0; t < m; t++) {
      int city = -1;
      for (int i = 1; i <= m; i++) {
        if ((bits >>> var(i, t, m) & 1) != 0) {
          if (city >= 0) {
            return null;
          }
          city = i;
        }
      }
      if (city < 0 || used[city]) {
        return null;
      }
      used[city] = true;
      tour[t + 1] = city;
    }
    return tour;
  }

  static double tourLength(Decoded d, int[] tour) {
    int k = d.k();
    double len = 0;
    for (int i = 0; i < k; i++) {
      len += d.dist()[tour[i] * k + tour[(i + 1) % k]];
    }
    return len;
  }

  /** Qubit of "city i (1..m) at position t (0..m-1)". */
  private static int var(int i, int t, int m) {
    return (i - 1) * m + t;
  }

  private static Shadow shadow(Decoded d, double[] scores, long seed) {
    List<QuboBaselines.Solution> runs = new ArrayList<>();
    if (scores != null && d.n() <= QuboBaselines.MAX_EXACT_QUBITS) {
      QuboBaselines.Solution e = QuboBaselines.exact(scores, true);
      runs.add(
          new QuboBaselines.Solution(
              "exact", -e.value() + 0.0, e.bits(), true, -e.bound() + 0.0, e.status(), e.wallMs()));
    }
    if (QuboBaselines.cpSatUnavailableReason() == null) {
      runs.add(QuboBaselines.cpSat(d.f(), d.timeLimitMs() / 1000.0, seed));
    }
    runs.add(QuboBaselines.anneal(d.f(), QaoaSupport.ANNEALING_SWEEPS, seed));
    QuboBaselines.Solution best = null;
    boolean optimal = false;
    for (QuboBaselines.Solution s : runs) {
      if (!Double.isNaN(s.value()) && (best == null || s.value() < best.value())) {
        best = s;
      }
    }
    if (best == null) {
      throw new QStepException(ErrorReason.INTERNAL, null, "no baseline produced an answer");
    }
    for (QuboBaselines.Solution s : runs) {
      optimal |= s.optimal() && Math.abs(s.value() - best.value()) <= tol(best.value());
    }
    return new Shadow(best.value(), best.bits(), best.method(), optimal, runs);
  }

  private static double tol(double v) {
    return 1e-9 * Math.max(1, Math.abs(v));
  }

  private static void report(Decoded d, Shadow s, StepContext ctx, TaskOutput out) {
    out.metrics.put("baseline_value", s.value());
    out.metrics.put("baseline_optimal", s.optimal() ? 1.0 : 0.0);
    QaoaSupport.reportBaselineRuns(s.method(), s.optimal(), s.runs(), ctx, out);
    decodeDomain(d, s.bits(), "baseline_", out);
    if (d.mode() == Mode.BASELINE) {
      out.outputs.put("solution", Tensor.ofLongs(bitsOf(s.bits(), d.n()), d.n()));
      out.metrics.put("objective", s.value());
      decodeDomain(d, s.bits(), "", out);
      return;
    }
    double obj = out.metrics.get("objective");
    double base = s.value();
    if (Math.abs(base) > tol(0)) {
      out.metrics.put("approximation_ratio", obj / base);
    }
    double gap = base != 0 ? 100 * (obj - base) / Math.abs(base) : Double.NaN;
    String verdict;
    if (Math.abs(obj - base) <= tol(base)) {
      verdict =
          "verdict: quantum matched the classical "
              + (s.optimal() ? "optimum" : "best found")
              + " ("
              + QaoaSupport.fmt(base)
              + ")";
      gap = 0;
    } else if (obj > base) {
      verdict =
          String.format(
              Locale.ROOT,
              "verdict: quantum worse by %.2f%% (%s vs %s %s)",
              gap,
              QaoaSupport.fmt(obj),
              s.method(),
              QaoaSupport.fmt(base));
    } else {
      verdict =
          "verdict: quantum better than the classical best found ("
              + QaoaSupport.fmt(obj)
              + " vs "
              + QaoaSupport.fmt(base)
              + ")";
    }
    out.metrics.put("quantum_gap_percent", gap);
    ctx.warn(verdict);
  }

  /** H on every qubit, then per layer RZ/RZZ from the coefficients of {@code −f}, RX(2β). */
  static Circuit circuit(Qubo f, int p) {
    int n = f.n();
    Circuit.Builder b = Circuit.builder(n);
    for (int l = 0; l < p; l++) {
      b.parameter("gamma_" + l);
    }
    for (int l = 0; l < p; l++) {
      b.parameter("beta_" + l);
    }
    for (int q = 0; q < n; q++) {
      b.h(q);
    }
    // with x_i = (1 − Z_i)/2, exp(-iγ(−f)) is, up to a global phase, RZ(γ·l_i) per qubit with
    // l_i = h_i + Σ_j J_ij/2, and RZZ(−γ·J_ij/2) per pair
    for (int l = 0; l < p; l++) {
      String g = "gamma_" + l;
      for (int i = 0; i < n; i++) {
        double lin = f.linear(i);
        for (int j = 0; j < n; j++) {
          if (j != i) {
            lin += f.pair(i, j) / 2;
          }
        }
        if (lin != 0) {
          b.rz(i, new Param.Symbol(g, lin, 0));
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double c = f.pair(i, j);
          if (c != 0) {
            b.rzz(i, j, new Param.Symbol(g, -c / 2, 0));
          }
        }
      }
      for (int q = 0; q < n; q++) {
        b.rx(q, new Param.Symbol("beta_" + l, 2, 0));
      }
    }
    return b.build();
  }

  private static long[] bitsOf(long bits, int n) {
    long[] out = new long[n];
    for (int q = 0; q < n; q++) {
      out[q] = bits >>> q & 1;
    }
    return out;
  }

  private static double[] negate(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i] + 0.0;
    }
    return out;
  }

  // ---- decode

  private static Decoded decode(
      StepRequest req, QuboSpec spec, Backend backend, RunnerConfig config) {
    Builder builder =
        switch (spec.builder().trim().toLowerCase(Locale.ROOT)) {
          case "", "qubo" -> Builder.QUBO;
          case "portfolio" -> Builder.PORTFOLIO;
          case "tsp" -> Builder.TSP;
          default ->
              throw QStepException.invalid(
                  "task.qubo.builder",
                  "task.qubo.builder: unknown builder '"
                      + spec.builder()
                      + "'; known: qubo, portfolio, tsp");
        };
    long shots = req.backend().shots();
    Limits.checkShots(shots, config, backend);
    QaoaSupport.checkBackend(TASK, backend, shots);
    int p = QaoaSupport.depth(TASK, spec.p());
    Minimizer.Method method = QaoaSupport.method(TASK, spec.optimizer());
    Mode mode = QaoaSupport.mode(TASK, spec.mode());
    int maxEval = QaoaSupport.maxEval(TASK, spec.maxIterations(), p);
    int topK = QaoaSupport.topK(TASK, spec.topK());
    int limitMs = QaoaSupport.timeLimitMs(TASK, spec.baselineTimeLimitMs());
    return switch (builder) {
      case QUBO -> {
        double[] q = square(req, "q", 1, backend, config, 0);
        int n = (int) Math.round(Math.sqrt(q.length));
        double[] h = new double[n];
        double[] pair = new double[n * n];
        for (int i = 0; i < n; i++) {
          h[i] = q[i * n + i];
          for (int j = 0; j < n; j++) {
            if (j != i) {
              pair[i * n + j] = q[i * n + j] + q[j * n + i];
            }
          }
        }
        if (!Double.isFinite(spec.offset())) {
          throw QStepException.invalid("task.qubo.offset", "task.qubo.offset must be finite");
        }
        yield new Decoded(
            builder,
            new Qubo(n, h, pair, spec.offset()),
            null,
            null,
            0,
            0,
            null,
            0,
            0,
            p,
            method,
            mode,
            maxEval,
            topK,
            limitMs,
            shots);
      }
      case PORTFOLIO -> {
        Tensor muT = Inputs.required(req, "mu");
        if (muT.shape().length != 1 || muT.shape()[0] < 1) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              Inputs.field("mu"),
              "inputs[mu]: expected shape [n], got " + Arrays.toString(muT.shape()));
        }
        int n = (int) Math.min(muT.shape()[0], Integer.MAX_VALUE);
        Limits.checkQubits(n, Inputs.field("mu"), config, backend);
        double[] mu = Inputs.finiteReals("mu", muT, 1);
        double[] sigma = square(req, "sigma", 1, backend, config, n);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < i; j++) {
            double a = sigma[i * n + j];
            double b = sigma[j * n + i];
            if (Math.abs(a - b) > EPS_SYMMETRY * Math.max(1, Math.abs(a))) {
              throw new QStepException(
                  ErrorReason.INVALID_TENSOR,
                  Inputs.field("sigma"),
                  "inputs[sigma]: a covariance must be symmetric: ["
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
          }
        }
        double ra = spec.riskAversion();
        if (!(ra >= 0) || !Double.isFinite(ra)) {
          throw QStepException.invalid(
              "task.qubo.risk_aversion", "task.qubo.risk_aversion must be finite and >= 0");
        }
        int budget = spec.budget();
        if (budget < 1 || budget > n) {
          throw QStepException.invalid(
              "task.qubo.budget",
              "task.qubo.budget: must select between 1 and " + n + " assets, got " + budget);
        }
        // objective range bound: |Δ(q x.Σ.x − μ.x)| <= Σ|μ| + q Σ|Σ|
        double range = 0;
        for (int i = 0; i < n; i++) {
          range += Math.abs(mu[i]);
          for (int j = 0; j < n; j++) {
            range += ra * Math.abs(sigma[i * n + j]);
          }
        }
        double lambda = range > 0 ? PENALTY_MARGIN * range : 1;
        double[] h = new double[n];
        double[] pair = new double[n * n];
        for (int i = 0; i < n; i++) {
          h[i] = ra * sigma[i * n + i] - mu[i] + lambda * (1 - 2.0 * budget);
          for (int j = 0; j < n; j++) {
            if (j != i) {
              pair[i * n + j] = ra * (sigma[i * n + j] + sigma[j * n + i]) + 2 * lambda;
            }
          }
        }
        yield new Decoded(
            builder,
            new Qubo(n, h, pair, lambda * budget * budget),
            mu,
            sigma,
            ra,
            budget,
            null,
            0,
            lambda,
            p,
            method,
            mode,
            maxEval,
            topK,
            limitMs,
            shots);
      }
      case TSP -> {
        String df = Inputs.field("distances");
        Tensor t = Inputs.required(req, "distances");
        long[] s = t.shape();
        if (s.length != 2 || s[0] != s[1]) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              df,
              df + ": expected a square matrix [k, k], got shape " + Arrays.toString(s));
        }
        if (s[0] < MIN_CITIES || s[0] > MAX_CITIES) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              df,
              df
                  + ": the tsp builder takes "
                  + MIN_CITIES
                  + " to "
                  + MAX_CITIES
                  + " cities ((k-1)^2 qubits), got "
                  + s[0]);
        }
        int k = (int) s[0];
        int m = k - 1;
        Limits.checkQubits(m * m, df, config, backend);
        double[] dist = Inputs.finiteReals("distances", t, 2);
        double maxD = 0;
        for (int i = 0; i < k; i++) {
          for (int j = 0; j < k; j++) {
            double v = dist[i * k + j];
            if (i == j ? v != 0 : v < 0) {
              throw new QStepException(
                  ErrorReason.INVALID_TENSOR,
                  df,
                  df
                      + ": element ["
                      + i
                      + ", "
                      + j
                      + "] is "
                      + v
                      + "; distances are >= 0 with a zero diagonal");
            }
            maxD = Math.max(maxD, v);
          }
        }
        double a = maxD > 0 ? PENALTY_MARGIN * k * maxD : 1;
        int n = m * m;
        double[] h = new double[n];
        double[] pair = new double[n * n];
        double constant = 2 * m * a;
        for (int i = 1; i <= m; i++) {
          for (int tt = 0; tt < m; tt++) {
            int v = var(i, tt, m);
            h[v] -= 2 * a;
            // one position per city, one city per position: +2A per conflicting pair
            for (int u = tt + 1; u < m; u++) {
              add(pair, n, v, var(i, u, m), 2 * a);
            }
            for (int j = i + 1; j <= m; j++) {
              add(pair, n, v, var(j, tt, m), 2 * a);
            }
          }
          h[var(i, 0, m)] += dist[i];
          h[var(i, m - 1, m)] += dist[i * k];
          for (int j = 1; j <= m; j++) {
            if (j != i) {
              for (int tt = 0; tt + 1 < m; tt++) {
                add(pair, n, var(i, tt, m), var(j, tt + 1, m), dist[i * k + j]);
              }
            }
          }
        }
        yield new Decoded(
            builder,
            new Qubo(n, h, pair, constant),
            null,
            null,
            0,
            0,
            dist,
            k,
            a,
            p,
            method,
            mode,
            maxEval,
            topK,
            limitMs,
            shots);
      }
    };
  }

  private static void add(double[] pair, int n, int a, int b, double c) {
    pair[a * n + b] += c;
    pair[b * n + a] += c;
  }

  /** A finite square [n, n] input; {@code expect} > 0 fixes n. Checks the width first. */
  private static double[] square(
      StepRequest req, String name, int minN, Backend backend, RunnerConfig config, int expect) {
    String f = Inputs.field(name);
    Tensor t = Inputs.required(req, name);
    long[] s = t.shape();
    if (s.length != 2 || s[0] != s[1] || s[0] < minN || (expect > 0 && s[0] != expect)) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          f,
          f
              + ": expected a square matrix "
              + (expect > 0 ? "[" + expect + ", " + expect + "]" : "[n, n]")
              + ", got shape "
              + Arrays.toString(s));
    }
    Limits.checkQubits((int) Math.min(s[0], Integer.MAX_VALUE), f, config, backend);
    return Inputs.finiteReals(name, t, 2);
  }
}
