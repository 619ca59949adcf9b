package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.baseline.QuboBaselines;
import io.qstep.runner.qaoa.BackendQaoa;
import io.qstep.runner.qaoa.DiagonalQaoa;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.qaoa.QaoaSolver;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the QAOA tasks ({@code maxcut}, {@code qubo}) share: settings parsing and the shadow pool.
 */
final class QaoaSupport {
  /** Deepest QAOA accepted: deeper circuits are a mistake, not a request. */
  static final int MAX_P = 64;

  /** Samples drawn from the final state in exact mode (shots = 0). */
  static final int DEFAULT_SAMPLES = 1000;

  static final int DEFAULT_TOP_K = 10;
  static final int MAX_TOP_K = 10_000;
  static final int DEFAULT_TIME_LIMIT_MS = 1000;
  static final int ANNEALING_SWEEPS = 1000;

  /** Baselines run here so that shadow mode overlaps them with the quantum core. */
  static final ExecutorService BASELINES =
      new ThreadPoolExecutor(
          0,
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          30,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(1024),
          r -> {
            Thread t = new Thread(r, "qstep-baseline");
            t.setDaemon(true);
            return t;
          });

  private QaoaSupport() {}

  /** Which halves of a step run. */
  enum Mode {
    SHADOW,
    QUANTUM,
    BASELINE
  }

  /** {@code task.<task>.<name>}. */
  static String field(String task, String name) {
    return "task." + task + "." + name;
  }

  static int depth(String task, int p) {
    int d = p == 0 ? 1 : p;
    if (d < 1 || d > MAX_P) {
      String f = field(task, "p");
      throw QStepException.invalid(f, f + ": depth must be in [1, " + MAX_P + "], got " + p);
    }
    return d;
  }

  static Minimizer.Method method(String task, String name) {
    try {
      return name.isBlank() ? Minimizer.Method.BOBYQA : Minimizer.Method.parse(name);
    } catch (IllegalArgumentException e) {
      String f = field(task, "optimizer");
      throw QStepException.invalid(f, f + ": " + e.getMessage());
    }
  }

  static Mode mode(String task, String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "", "shadow", "both" -> Mode.SHADOW;
      case "quantum" -> Mode.QUANTUM;
      case "baseline", "classical" -> Mode.BASELINE;
      default -> {
        String f = field(task, "mode");
        throw QStepException.invalid(
            f, f + ": unknown mode '" + name + "'; known: shadow, quantum, baseline");
      }
    };
  }

  static int maxEval(String task, int maxIterations, int p) {
    if (maxIterations < 0) {
      String f = field(task, "max_iterations");
      throw QStepException.invalid(f, f + " must be >= 0");
    }
    return maxIterations == 0 ? 100 + 50 * p : Math.max(4 * p + 3, maxIterations);
  }

  static int topK(String task, int k) {
    if (k < 0 || k > MAX_TOP_K) {
      String f = field(task, "top_k");
      throw QStepException.invalid(f, f + " must be in [0, " + MAX_TOP_K + "]");
    }
    return k == 0 ? DEFAULT_TOP_K : k;
  }

  static int timeLimitMs(String task, int ms) {
    if (ms < 0) {
      String f = field(task, "baseline_time_limit_ms");
      throw QStepException.invalid(f, f + " must be >= 0");
    }
    return ms == 0 ? DEFAULT_TIME_LIMIT_MS : ms;
  }

  /** The future's value, rethrowing the baseline's own exception. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * Refuses a backend that cannot serve the QAOA tasks with these shots: exact mode needs exact
   * expectations, shot mode needs shots. The state-vector engine always can (fast path).
   */
  static void checkBackend(String task, Backend backend, long shots) {
    if (onEngine(backend) || backend instanceof QuboSampler) {
      return; // the fast path, or an annealer (its own path)
    }
    BackendCapabilities caps = backend.capabilities();
    if (shots == 0 && !caps.supportsExact()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend '"
              + backend.name()
              + "' returns no exact expectation values; set backend.shots > 0 for "
              + task);
    }
    if (shots > 0 && !caps.supportsShots()) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "backend.shots",
          "backend '" + backend.name() + "' samples no shots; set backend.shots = 0 for " + task);
    }
  }

  /** The state-vector engine runs QAOA on its diagonal fast path; others through the SPI. */
  static boolean onEngine(Backend backend) {
    return backend == null || "statevector".equals(backend.name());
  }

  /**
   * The quantum core's outcome.
   *
   * @param result angles, ideal expectation, trace
   * @param samples sorted basis-state indices of the final samples
   */
  record Quantum(QaoaSolver.Result result, int[] samples) {}

  /**
   * Optimises the angles and samples the final state: on the fast path for the state-vector engine,
   * else with every score the optimizer sees and every final sample measured on {@code backend}
   * ({@link BackendQaoa}); the reported expectation is the ideal one of the final angles either
   * way.
   *
   * @param score the score to maximise as a QUBO (cut; −f)
   * @param scores its value on every basis state
   */
  static Quantum optimiseAndSample(
      Qubo score,
      double[] scores,
      QaoaSolver.Settings settings,
      int samples,
      Backend backend,
      StepRequest req,
      StepContext ctx,
      TaskOutput out) {
    int n = score.n();
    DiagonalQaoa sim = new DiagonalQaoa(n, scores, req.options().threads() != 1);
    if (onEngine(backend)) {
      QaoaSolver.Result r =
          ctx.time(StageName.EXECUTE, () -> QaoaSolver.solve(sim, settings, ctx::checkpoint));
      int[] drawn =
          ctx.time(
              StageName.EXECUTE,
              () -> {
                sim.prepare(r.gammas(), r.betas());
                return sim.sample(samples, new SplittableRandom(ctx.seed()));
              });
      return new Quantum(r, drawn);
    }
    BackendQaoa measured =
        new BackendQaoa(
            score,
            x -> {
              ctx.checkpoint();
              ExecutionResult er = backend.execute(x, ctx);
              ctx.noteCalibration(er.calibration());
              return er;
            },
            settings.shots(),
            ctx.seed(),
            req.options().threads());
    QaoaSolver.Result r =
        ctx.time(
            StageName.EXECUTE,
            () -> QaoaSolver.solve(sim, settings, ctx::checkpoint, measured::score));
    int[] drawn =
        ctx.time(
            StageName.EXECUTE,
            () -> {
              long[] raw = measured.sample(r.gammas(), r.betas(), samples, ctx.seed());
              int[] idx = new int[raw.length];
              for (int i = 0; i < raw.length; i++) {
                idx[i] = (int) raw[i];
              }
              Arrays.sort(idx);
              return idx;
            });
    ctx.warn(
        "execute: angles optimised and solutions sampled on backend '"
            + backend.name()
            + "' ("
            + (settings.shots() == 0 ? "exact expectations" : settings.shots() + " shots")
            + " per evaluation); the expected score metric is the ideal one of the final angles");
    out.metrics.put("backend_executions", (double) measured.executions());
    return new Quantum(r, drawn);
  }

  /**
   * Puts each baseline run's value and time into {@code metrics} ({@code baseline_<method>_value},
   * {@code baseline_<method>_ms}) and warns one summary line naming the winner and every run.
   */
  static void reportBaselineRuns(
      String method,
      boolean optimal,
      List<QuboBaselines.Solution> runs,
      StepContext ctx,
      TaskOutput out) {
    StringBuilder summary =
        new StringBuilder("validate: baseline ")
            .append(method)
            .append(optimal ? " (optimal)" : " (best found)");
    for (QuboBaselines.Solution r : runs) {
      String key = "baseline_" + r.method().replace("-", "") + "_";
      out.metrics.put(key + "value", r.value());
      out.metrics.put(key + "ms", r.wallMs());
      summary
          .append("; ")
          .append(r.method())
          .append(' ')
          .append(r.status())
          .append(' ')
          .append(fmt(r.value()))
          .append(String.format(Locale.ROOT, " in %.1f ms", r.wallMs()));
    }
    ctx.warn(summary.toString());
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.6g", v);
  }

  /** What an annealer returned, ranked like QAOA samples (score = −energy, best first). */
  record Annealed(List<QaoaSolver.Candidate> ranked, long reads, double meanEnergy) {}

  /** Samples {@code minimise} on an annealer ({@code shots} reads, default 1000). */
  static Annealed anneal(QuboSampler qs, Qubo minimise, long shots, StepContext ctx) {
    long reads = shots > 0 ? shots : DEFAULT_SAMPLES;
    QuboSampler.SampleSet ss =
        ctx.time(StageName.EXECUTE, () -> qs.sample(minimise, reads, ctx.seed(), ctx));
    List<QaoaSolver.Candidate> ranked = new ArrayList<>();
    double sum = 0;
    long total = 0;
    for (int i = 0; i < ss.solutions().length; i++) {
      ranked.add(
          new QaoaSolver.Candidate(
              (int) ss.solutions()[i], ss.occurrences()[i], -ss.energies()[i] + 0.0));
      sum += ss.energies()[i] * ss.occurrences()[i];
      total += ss.occurrences()[i];
    }
    ranked.sort(
        Comparator.comparingDouble(QaoaSolver.Candidate::score)
            .reversed()
            .thenComparing(Comparator.comparingLong(QaoaSolver.Candidate::count).reversed())
            .thenComparingInt(QaoaSolver.Candidate::index));
    if (ranked.isEmpty()) {
      throw new QStepException(
          ErrorReason.BACKEND_UNAVAILABLE, "backend.name", "the annealer returned no samples");
    }
    return new Annealed(ranked, total, total == 0 ? Double.NaN : sum / total);
  }

  /**
   * The failover an annealer failure allows: NONE unless the backend is an annealer that failed as
   * UNAVAILABLE and has a failover configured.
   */
  static QpuRuntime.Failover failover(Backend backend, QStepException e) {
    if (backend instanceof QuboSampler qs && e.reason() == ErrorReason.BACKEND_UNAVAILABLE) {
      return qs.failover();
    }
    return QpuRuntime.Failover.NONE;
  }

  /**
   * Records a failover visibly: warning and metric {@code qpu_failover} (1 simulator, 2 baseline).
   */
  static void noteFailover(
      Backend backend, QStepException e, QpuRuntime.Failover f, StepContext ctx) {
    ctx.warn(
        "failover: "
            + backend.name()
            + " was unavailable ("
            + e.getMessage()
            + "); answered with the "
            + (f == QpuRuntime.Failover.SIMULATOR ? "QAOA simulator" : "classical baseline")
            + " instead");
    ctx.metric("qpu_failover", f == QpuRuntime.Failover.SIMULATOR ? 1 : 2, false);
    String v = backend.version();
    ctx.qpu(
        QpuProvenance.failover(
            backend.name(),
            v.substring(v.indexOf(':') + 1),
            0,
            f == QpuRuntime.Failover.SIMULATOR ? "simulator:qaoa" : "baseline",
            e.getMessage()));
  }
}
