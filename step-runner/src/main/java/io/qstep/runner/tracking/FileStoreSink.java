package io.qstep.runner.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes runs in MLflow's file-store layout, which MLflow 3.x reads with {@code
 * MLFLOW_ALLOW_FILE_STORE=true} and imports with {@code mlflow migrate-filestore}:
 *
 * <pre>
 * ROOT/0/meta.yaml                       the Default experiment, as MLflow creates it
 * ROOT/EXP/meta.yaml                     experiment: name, id, artifact_location, ...
 * ROOT/EXP/RUN/meta.yaml                 run info (status FINISHED, times, artifact_uri)
 * ROOT/EXP/RUN/params/KEY                the value
 * ROOT/EXP/RUN/tags/KEY                  the value
 * ROOT/EXP/RUN/metrics/KEY               one "timestamp value step" line per point
 * ROOT/EXP/RUN/artifacts/PATH            the bytes
 * </pre>
 *
 * The run id is the record's run key, so writing a record twice rewrites the same run. Thread-safe
 * within a process (experiment creation is synchronized).
 */
public final class FileStoreSink implements RunSink {
  private static final String DEFAULT_EXPERIMENT_ID = "0";
  private final Path root;
  private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

  public FileStoreSink(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return "file store " + root;
  }

  @Override
  public String write(RunRecord rec) throws TrackingException {
    try {
      Path runDir;
      String expId;
      RunRecord.Destination d = rec.destination();
      if (!d.runId().isEmpty()) {
        runDir =
            findRun(d.runId())
                .orElseThrow(
                    () ->
                        new TrackingException(
                            "run " + d.runId() + " does not exist in " + root, false));
        expId = runDir.getParent().getFileName().toString();
      } else {
        expId = experiment(d);
        runDir = root.resolve(expId).resolve(rec.runKey());
      }
      String runId = runDir.getFileName().toString();
      boolean into = !d.runId().isEmpty();
      String prefix = into ? "qstep/" + rec.runKey() + "/" : "";
      Files.createDirectories(runDir.resolve("params"));
      Files.createDirectories(runDir.resolve("tags"));
      Files.createDirectories(runDir.resolve("metrics"));
      Files.createDirectories(runDir.resolve("artifacts"));
      if (!into) {
        writeString(
            runDir.resolve("meta.yaml"),
            "artifact_uri: "
                + q(runDir.resolve("artifacts").toUri().toString())
                + "\nend_time: "
                + rec.endTimeMs()
                + "\nentry_point_name: ''\nexperiment_id: "
                + q(expId)
                + "\nlifecycle_stage: active\nrun_id: "
                + q(runId)
                + "\nrun_name: "
                + q(rec.runName())
                + "\nrun_uuid: "
                + q(runId)
                + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: "
                + rec.startTimeMs()
                + "\nstatus: 3\ntags: []\nuser_id: "
                + q(System.getProperty("user.name", "qstep"))
                + "\n");
      }
      for (Map.Entry<String, String> e : rec.params().entrySet()) {
        writeString(runDir.resolve("params").resolve(e.getKey()), e.getValue());
      }
      for (Map.Entry<String, String> e : rec.tags().entrySet()) {
        if (into && e.getKey().equals("mlflow.runName")) {
          continue;
        }
        writeString(runDir.resolve("tags").resolve(e.getKey()), e.getValue());
      }
      if (!rec.models().isEmpty()) {
        // MLflow's registry needs a tracking server; the model files are still in the run.
        StringBuilder names = new StringBuilder();
        for (ModelRegistration m : rec.models()) {
          names
              .append(names.length() == 0 ? "" : ", ")
              .append(m.name())
              .append(" (")
              .append(prefix)
              .append(m.artifactDir())
              .append(')');
        }
        writeString(
            runDir.resolve("tags").resolve("qstep.models_unregistered"),
            "no tracking server configured; not registered: " + names);
      }
      StringBuilder sb = new StringBuilder();
      String key = null;
      for (RunRecord.MetricPoint m : rec.metrics()) {
        if (key != null && !key.equals(m.key())) {
          appendMetric(runDir, key, sb.toString(), into);
          sb.setLength(0);
        }
        key = m.key();
        sb.append(m.timestampMs())
            .append(' ')
            .append(num(m.value()))
            .append(' ')
            .append(m.step())
            .append('\n');
      }
      if (key != null) {
        appendMetric(runDir, key, sb.toString(), into);
      }
      for (Map.Entry<String, byte[]> e : rec.artifacts().entrySet()) {
        Path p = runDir.resolve("artifacts").resolve(prefix + e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
      return runId;
    } catch (IOException e) {
      throw new TrackingException("cannot write the file store " + root + ": " + e, false, e);
    }
  }

  /**
   * A run's metric file: replaced when the run is ours (a rewrite is then idempotent), appended to
   * when logging into someone else's run unless the same lines are already there.
   */
  private static void appendMetric(Path runDir, String key, String lines, boolean append)
      throws IOException {
    Path p = runDir.resolve("metrics").resolve(key);
    if (append && Files.exists(p)) {
      String old = Files.readString(p, StandardCharsets.UTF_8);
      if (!old.contains(lines)) {
        writeString(p, old + lines);
      }
    } else {
      writeString(p, lines);
    }
  }

  private Optional<Path> findRun(String runId) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> exps = Files.newDirectoryStream(root)) {
      for (Path e : exps) {
        Path run = e.resolve(runId);
        if (Files.isRegularFile(run.resolve("meta.yaml"))) {
          return Optional.of(run);
        }
      }
    }
    return Optional.empty();
  }

  private synchronized String experiment(RunRecord.Destination d)
      throws IOException, TrackingException {
    ensureRoot();
    if (!d.experimentId().isEmpty()) {
      if (!Files.isRegularFile(root.resolve(d.experimentId()).resolve("meta.yaml"))
          || !d.experimentId().matches("[0-9]+")) {
        throw new TrackingException(
            "experiment id " + d.experimentId() + " does not exist in " + root, false);
      }
      return d.experimentId();
    }
    String name =
        d.experimentName().isEmpty() ? TrackingConfig.DEFAULT_EXPERIMENT : d.experimentName();
    String cached = experimentIds.get(name);
    if (cached != null && Files.isDirectory(root.resolve(cached))) {
      return cached;
    }
    try (DirectoryStream<Path> exps = Files.newDirectoryStream(root)) {
      for (Path e : exps) {
        Path meta = e.resolve("meta.yaml");
        if (e.getFileName().toString().matches("[0-9]+") && Files.isRegularFile(meta)) {
          Optional<String> n = yamlValue(Files.readAllLines(meta, StandardCharsets.UTF_8), "name");
          if (n.isPresent() && n.get().equals(name)) {
            experimentIds.put(name, e.getFileName().toString());
            return e.getFileName().toString();
          }
        }
      }
    }
    // MLflow's file store draws random integer ids too.
    String id =
        Long.toString(
            ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    createExperiment(id, name);
    experimentIds.put(name, id);
    return id;
  }

  private void ensureRoot() throws IOException {
    if (!Files.isRegularFile(root.resolve(DEFAULT_EXPERIMENT_ID).resolve("meta.yaml"))) {
      createExperiment(DEFAULT_EXPERIMENT_ID, "Default");
    }
    Files.createDirectories(root.resolve(".trash"));
  }

  private void createExperiment(String id, String name) throws IOException {
    Path dir = root.resolve(id);
    Files.createDirectories(dir);
    long now = System.currentTimeMillis();
    Path tmp = dir.resolve("meta.yaml.tmp");
    writeString(
        tmp,
        "artifact_location: "
            + q(dir.toUri().toString().replaceAll("/$", ""))
            + "\ncreation_time: "
            + now
            + "\nexperiment_id: "
            + q(id)
            + "\nlast_update_time: "
            + now
            + "\nlifecycle_stage: active\nname: "
            + q(name)
            + "\n");
    Files.move(tmp, dir.resolve("meta.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The value of a top-level scalar {@code key} in simple YAML (quoted or plain). */
  static Optional<String> yamlValue(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key + ":")) {
        String v = line.substring(key.length() + 1).trim();
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
          return Optional.of(v.substring(1, v.length() - 1).replace("''", "'"));
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          return Optional.of(v.substring(1, v.length() - 1).replace("\\\"", "\""));
        }
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** A single-quoted YAML scalar (no escapes but '' for '; safe for any one-line text). */
  static String q(String s) {
    return "'" + s.replace("'", "''").replace("\n", " ") + "'";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }

  private static void writeString(Path p, String s) throws IOException {
    Files.write(p, s.getBytes(StandardCharsets.UTF_8));
  }
}
