package io.qstep.runner.config;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner's configuration as it changes while the server runs: the startup configuration
 * (environment and flags) overlaid with the settings and calibration snapshots of named sources
 * (ConfigMaps). Thread-safe and lock-free for readers: every read returns one immutable {@link
 * Snapshot}; an update computes a new snapshot from the old one and swaps it in atomically, so a
 * step never sees half of an update and two concurrent updates never lose each other.
 *
 * <p>Reloadable: {@code QSTEP_MAX_QUBITS}, {@code QSTEP_MAX_SHOTS}, {@code QSTEP_MAX_BATCH_ROWS},
 * {@code QSTEP_DEFAULT_TIMEOUT_MS}, and calibration snapshots under keys {@code
 * calibration-<backend>.json}. Settings that size the server itself ({@link #RESTART_ONLY}) are
 * read at start; a changed value is reported and ignored. An invalid update (not a number, out of
 * range, calibration that is not a JSON object) leaves the running configuration as it was. When a
 * source disappears, its settings fall back to the startup values.
 */
public final class LiveConfig implements Supplier<RunnerConfig> {
  private static final Logger LOG = Logger.getLogger(LiveConfig.class.getName());

  /** Keys applied on reload. */
  public static final Set<String> RELOADABLE =
      Set.of(
          "QSTEP_MAX_QUBITS",
          "QSTEP_MAX_SHOTS",
          "QSTEP_MAX_BATCH_ROWS",
          "QSTEP_DEFAULT_TIMEOUT_MS");

  /** Keys that need a restart: they size the transport and thread pools. */
  public static final Set<String> RESTART_ONLY =
      Set.of(
          "QSTEP_MAX_MESSAGE_BYTES",
          "QSTEP_WORKER_THREADS",
          "QSTEP_MAX_QUEUED_JOBS",
          "QSTEP_AUTH_TOKEN");

  private static final Pattern CALIBRATION_KEY =
      Pattern.compile("calibration-([A-Za-z0-9_.\\-]+)\\.json");

  /**
   * One consistent state.
   *
   * @param config the limits in force
   * @param calibrations backend name to calibration snapshot (JSON text), from every source
   * @param generation how many updates were applied (0 = startup)
   * @param sources each source's accepted data, in the order sources first appeared
   */
  public record Snapshot(
      RunnerConfig config,
      Map<String, String> calibrations,
      long generation,
      Map<String, Map<String, String>> sources) {
    public Snapshot {
      calibrations = Collections.unmodifiableMap(new TreeMap<>(calibrations));
      Map<String, Map<String, String>> s = new LinkedHashMap<>();
      sources.forEach((k, v) -> s.put(k, Map.copyOf(v)));
      sources = Collections.unmodifiableMap(s);
    }
  }

  private final RunnerConfig startup;
  private final AtomicReference<Snapshot> current;
  private final AtomicReference<String> lastRejection = new AtomicReference<>("");

  public LiveConfig(RunnerConfig startup) {
    this.startup = startup;
    this.current = new AtomicReference<>(new Snapshot(startup, Map.of(), 0, Map.of()));
  }

  /** The limits in force now. */
  @Override
  public RunnerConfig get() {
    return current.get().config();
  }

  public Snapshot snapshot() {
    return current.get();
  }

  /** The calibration snapshot (JSON) last loaded for {@code backend}, if any. */
  public Optional<String> calibration(String backend) {
    return Optional.ofNullable(current.get().calibrations().get(backend));
  }

  /** Why the last update was refused ("" when none was). */
  public String lastRejection() {
    return lastRejection.get();
  }

  /**
   * Replaces source {@code name}'s data (a ConfigMap's {@code data}) and recomputes the snapshot.
   * Keys that are neither settings nor calibration snapshots are ignored.
   *
   * @return true when applied; false when refused (the running snapshot is unchanged, and {@link
   *     #lastRejection()} says why)
   */
  public boolean apply(String name, Map<String, String> data) {
    Map<String, String> accepted = new TreeMap<>();
    for (Map.Entry<String, String> e : data.entrySet()) {
      String k = e.getKey();
      if (RELOADABLE.contains(k) || CALIBRATION_KEY.matcher(k).matches()) {
        accepted.put(k, e.getValue());
      } else if (RESTART_ONLY.contains(k)) {
        String now = String.valueOf(startupValue(k));
        if (!now.equals(e.getValue().trim()) && !k.equals("QSTEP_AUTH_TOKEN")) {
          LOG.warning(
              () -> name + ": " + k + " changes only on restart; keeping " + startupValue(k));
        }
      }
    }
    return update(name, accepted);
  }

  /** Removes source {@code name}: its settings fall back to startup, its calibrations go. */
  public boolean remove(String name) {
    return update(name, null);
  }

  private boolean update(String name, Map<String, String> data) {
    List<String> rejected = new ArrayList<>(1);
    Snapshot next =
        current.updateAndGet(
            old -> {
              rejected.clear();
              Map<String, Map<String, String>> sources = new LinkedHashMap<>(old.sources());
              if (data == null) {
                if (sources.remove(name) == null) {
                  return old;
                }
              } else {
                if (data.equals(sources.get(name))) {
                  return old;
                }
                sources.put(name, data);
              }
              try {
                return compute(sources, old.generation() + 1);
              } catch (IllegalArgumentException e) {
                rejected.add(name + ": " + e.getMessage());
                return old;
              }
            });
    if (!rejected.isEmpty()) {
      lastRejection.set(rejected.get(0));
      LOG.warning(() -> "configuration update refused, keeping the running one: " + rejected);
      return false;
    }
    LOG.fine(() -> "configuration generation " + next.generation() + ": " + next.config());
    return true;
  }

  private Snapshot compute(Map<String, Map<String, String>> sources, long generation) {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> calibrations = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> src : sources.entrySet()) {
      for (Map.Entry<String, String> e : src.getValue().entrySet()) {
        Matcher m = CALIBRATION_KEY.matcher(e.getKey());
        if (m.matches()) {
          checkJsonObject(src.getKey() + "/" + e.getKey(), e.getValue());
          calibrations.put(m.group(1), e.getValue());
        } else {
          settings.put(e.getKey(), e.getValue());
        }
      }
    }
    RunnerConfig.Builder b = startup.toBuilder();
    if (settings.containsKey("QSTEP_MAX_QUBITS")) {
      b.maxQubits((int) num(settings, "QSTEP_MAX_QUBITS", Integer.MAX_VALUE));
    }
    if (settings.containsKey("QSTEP_MAX_SHOTS")) {
      b.maxShots(num(settings, "QSTEP_MAX_SHOTS", Long.MAX_VALUE));
    }
    if (settings.containsKey("QSTEP_MAX_BATCH_ROWS")) {
      b.maxBatchRows(num(settings, "QSTEP_MAX_BATCH_ROWS", Long.MAX_VALUE));
    }
    if (settings.containsKey("QSTEP_DEFAULT_TIMEOUT_MS")) {
      b.defaultTimeoutMs(num(settings, "QSTEP_DEFAULT_TIMEOUT_MS", Long.MAX_VALUE));
    }
    return new Snapshot(b.build(), calibrations, generation, sources);
  }

  private static long num(Map<String, String> m, String key, long max) {
    String v = m.get(key).trim();
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not an integer: '" + v + "'", e);
    }
    if (n > max) {
      throw new IllegalArgumentException(key + " is out of range: " + v);
    }
    return n;
  }

  private static void checkJsonObject(String where, String json) {
    try {
      if (!JsonParser.parseString(json).isJsonObject()) {
        throw new IllegalArgumentException(where + " is not a JSON object");
      }
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(where + " is not valid JSON", e);
    }
  }

  private Object startupValue(String key) {
    return switch (key) {
      case "QSTEP_MAX_MESSAGE_BYTES" -> startup.maxMessageBytes();
      case "QSTEP_WORKER_THREADS" -> startup.workerThreads();
      case "QSTEP_MAX_QUEUED_JOBS" -> startup.maxQueuedJobs();
      default -> "(hidden)";
    };
  }
}
