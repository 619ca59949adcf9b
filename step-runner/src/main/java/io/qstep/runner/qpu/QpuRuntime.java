package io.qstep.runner.qpu;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every QPU backend of one runner shares: the job store, the budget ledger, the executor, the
 * price table and the failover choice. Thread-safe.
 */
public final class QpuRuntime {
  /** What to do when a QPU stays unavailable. */
  public enum Failover {
    /** Fail the step with UNAVAILABLE. */
    NONE,
    /** Run on the statevector simulator, with a warning and metric {@code qpu_failover = 1}. */
    SIMULATOR,
    /**
     * Answer with the classical baseline (qubo / maxcut), with a warning and metric {@code
     * qpu_failover = 2}; circuit tasks fail as with NONE.
     */
    BASELINE;

    public static Failover parse(String s) {
      return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
        case "", "none" -> NONE;
        case "simulator", "statevector" -> SIMULATOR;
        case "baseline", "classical" -> BASELINE;
        default ->
            throw new IllegalArgumentException(
                "QSTEP_QPU_FAILOVER must be none, simulator or baseline, got '" + s + "'");
      };
    }
  }

  /**
   * @param stateDir the job store's directory
   * @param pollMs wait between status polls, ms
   * @param failover what to do when the QPU is unavailable
   * @param budget spending limits
   * @param prices price estimates
   * @param retry retry policy for reads and lost submissions
   * @param seed seed of the retry jitter
   */
  public record Settings(
      Path stateDir,
      long pollMs,
      Failover failover,
      Budget budget,
      PriceTable prices,
      RetryPolicy retry,
      long seed) {

    /**
     * From {@code QSTEP_QPU_STATE_DIR} (default {@code ~/.qstep/qpu-jobs}), {@code
     * QSTEP_QPU_POLL_MS} (2000), {@code QSTEP_QPU_FAILOVER} (none), {@code QSTEP_QPU_PRICES}, the
     * budget variables of {@link Budget#fromEnv}.
     */
    public static Settings fromEnv(Map<String, String> env) {
      String dir = env.get("QSTEP_QPU_STATE_DIR");
      Path stateDir =
          dir == null || dir.isBlank()
              ? Path.of(System.getProperty("user.home"), ".qstep", "qpu-jobs")
              : Path.of(dir);
      String poll = env.getOrDefault("QSTEP_QPU_POLL_MS", "2000");
      String prices = env.get("QSTEP_QPU_PRICES");
      return new Settings(
          stateDir,
          Long.parseLong(poll.trim()),
          Failover.parse(env.get("QSTEP_QPU_FAILOVER")),
          Budget.fromEnv(env),
          PriceTable.load(prices == null || prices.isBlank() ? null : Path.of(prices)),
          RetryPolicy.defaults(),
          0x5eed);
    }
  }

  private static final Map<String, QpuRuntime> SHARED = new ConcurrentHashMap<>();

  private final Settings settings;
  private final QpuExecutor executor;

  public QpuRuntime(Settings settings, QpuTime time) {
    this.settings = settings;
    JobStore store = new JobStore(settings.stateDir());
    this.executor =
        new QpuExecutor(
            store,
            new BudgetLedger(settings.budget(), store),
            new Retrier(settings.retry(), time, settings.seed()),
            time,
            settings.pollMs());
  }

  /**
   * One runtime per state directory and settings in this process, so every backend of a runner
   * shares one ledger.
   */
  public static QpuRuntime shared(Map<String, String> env) {
    Settings s = Settings.fromEnv(env);
    String key =
        String.join(
            "|",
            s.stateDir().toAbsolutePath().normalize().toString(),
            Long.toString(s.pollMs()),
            s.failover().name(),
            s.budget().toString(),
            String.valueOf(env.get("QSTEP_QPU_PRICES")));
    return SHARED.computeIfAbsent(key, k -> new QpuRuntime(s, QpuTime.SYSTEM));
  }

  public Settings settings() {
    return settings;
  }

  public QpuExecutor executor() {
    return executor;
  }

  public Failover failover() {
    return settings.failover();
  }

  public PriceTable prices() {
    return settings.prices();
  }
}
