package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.qaoa.Minimizer;
import io.qstep.runner.qaoa.QaoaSolver;
import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.QpuRuntime;
import io.qstep.runner.qpu.QuboSampler;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
  }
}
