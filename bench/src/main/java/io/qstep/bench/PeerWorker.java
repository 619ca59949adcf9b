package io.qstep.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bench/peers/peer_bench.py serve ENGINE} process: a line of JSON per request, a line
 * per answer. Kept alive for the whole run, so Python's start and imports are paid once and each
 * width can be timed by every engine in turn (ratios from the same minutes of a noisy machine). Not
 * thread-safe.
 */
final class PeerWorker implements AutoCloseable {
  /** A flat JSON object's {@code "key": value} pairs (numbers, strings, null). */
  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\s]+)");

  /** One answer: the fastest wall time, the runs behind it, the simulator's own time. */
  record Timing(double bestSeconds, int runs, double simSeconds) {}

  private final String label;
  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;
  private final String version;

  /**
   * Starts the worker. {@code ompThreads > 0} sets {@code OMP_NUM_THREADS} (qulacs reads it once,
   * at import); otherwise the variable is removed, so that Aer's own {@code max_parallel_threads}
   * decides.
   */
  PeerWorker(String label, Path python, Path script, String engine, int ompThreads)
      throws IOException {
    this.label = label;
    ProcessBuilder pb =
        new ProcessBuilder(List.of(python.toString(), script.toString(), "serve", engine))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (ompThreads > 0) {
      pb.environment().put("OMP_NUM_THREADS", Integer.toString(ompThreads));
    } else {
      pb.environment().remove("OMP_NUM_THREADS");
    }
    process = pb.start();
    in =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Map<String, String> ready = readAnswer();
    if (!ready.containsKey("ready")) {
      throw new IOException(label + ": unexpected first line " + ready);
    }
    version = ready.getOrDefault("version", "?");
  }

  long pid() {
    return process.pid();
  }

  String label() {
    return label;
  }

  /** The peer's package versions, as the worker reports them. */
  String version() {
    return version;
  }

  /**
   * Times {@code circuitJson}: at least {@code minRuns} runs and until {@code budgetSeconds} of
   * measured time; with {@code dump}, the first run's final state is written there as .npy.
   */
  Timing time(Path circuitJson, int threads, int minRuns, double budgetSeconds, Path dump)
      throws IOException {
    String request =
        String.format(
            Locale.ROOT,
            "{\"circuit\": \"%s\", \"threads\": %d, \"min_runs\": %d, \"budget_s\": %.4f,"
                + " \"dump\": %s}",
            escape(circuitJson.toString()),
            threads,
            minRuns,
            budgetSeconds,
            dump == null ? "null" : "\"" + escape(dump.toString()) + "\"");
    in.write(request);
    in.newLine();
    in.flush();
    Map<String, String> a = readAnswer();
    if (a.containsKey("error")) {
      throw new IOException(label + " failed on " + circuitJson + ": " + a.get("error"));
    }
    return new Timing(
        Double.parseDouble(a.get("best_s")),
        Integer.parseInt(a.get("runs")),
        Double.parseDouble(a.get("sim_s")));
  }

  private Map<String, String> readAnswer() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IOException(label + ": the Python worker exited (see its stderr above)");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      fields.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
    }
    return fields;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public void close() throws IOException {
    in.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
