package io.qstep.runner.k8s;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One fan-out: a step (task, parameters, backend, shots, seed) over inputs of which one, {@code
 * split}, is cut along its first axis into {@code shards} contiguous row ranges; every other input
 * goes whole to every shard. Immutable; the constructor validates, so a bad fan-out is refused
 * before anything reaches the cluster.
 *
 * @param run the fan-out's name: prefix of its Jobs and ConfigMaps (DNS-1123 label, <= 40 chars)
 * @param task the task id ({@code circuit}, {@code layer}, ...)
 * @param params task parameters (the CLI's {@code --param}, the QASM text under {@code qasm})
 * @param backend backend name ("" = default)
 * @param shots shots per circuit (0 = exact)
 * @param seed the fan-out's seed, or null to let each shard draw (and report) its own
 * @param split the input cut into shards
 * @param shards how many shards, 1..rows of {@code split}
 * @param inputs the input tensors
 */
public record FanoutSpec(
    String run,
    String task,
    Map<String, String> params,
    String backend,
    long shots,
    Long seed,
    String split,
    int shards,
    Map<String, Tensor> inputs) {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  public FanoutSpec {
    if (run == null || !run.matches("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?")) {
      throw QStepException.invalid(
          "name", "name must be a DNS-1123 label of at most 40 characters, got '" + run + "'");
    }
    if (task == null || task.isBlank()) {
      throw QStepException.missing("task");
    }
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    backend = backend == null ? "" : backend;
    if (shots < 0) {
      throw QStepException.invalid("shots", "shots must be >= 0");
    }
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    if (split == null || split.isBlank()) {
      throw QStepException.missing("split");
    }
    Tensor t = inputs.get(split);
    if (t == null) {
      throw QStepException.invalid(
          "split", "split input '" + split + "' is not among the inputs " + inputs.keySet());
    }
    if (t.rank() < 1 || t.dtype() == DType.BYTES) {
      throw QStepException.invalid(
          "split", "split input '" + split + "' must be a numeric tensor of rank >= 1");
    }
    if (shards < 1) {
      throw QStepException.invalid("shards", "shards must be >= 1, got " + shards);
    }
    if (shards > t.dim(0)) {
      throw QStepException.invalid(
          "shards",
          "shards (" + shards + ") exceeds the " + t.dim(0) + " rows of input '" + split + "'");
    }
  }

  /** Rows of the split input. */
  public long rows() {
    return inputs.get(split).dim(0);
  }

  /** First row of shard {@code i}. */
  public long start(int i) {
    return i * rows() / shards;
  }

  /** One past the last row of shard {@code i}. */
  public long end(int i) {
    return (i + 1) * rows() / shards;
  }

  /**
   * The seed of shard {@code i}: drawn from the fan-out's seed, so the same fan-out gives the same
   * shards' seeds; null when the fan-out has none.
   */
  public Long shardSeed(int i) {
    if (seed == null) {
      return null;
    }
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1))).nextLong() & Long.MAX_VALUE;
  }

  /** Shard {@code i}'s inputs: the rows of {@code split}, every other input whole. */
  public Map<String, Tensor> shardInputs(int i) {
    Map<String, Tensor> out = new LinkedHashMap<>(inputs);
    out.put(split, rows(inputs.get(split), start(i), end(i)));
    return out;
  }

  /** Rows [from, to) of a fixed-width tensor. */
  static Tensor rows(Tensor t, long from, long to) {
    long[] shape = t.shape().clone();
    long rowBytes = t.byteSize() / Math.max(1, shape[0]);
    shape[0] = to - from;
    byte[] all = t.toByteArray();
    return Tensor.of(
        t.dtype(), shape, Arrays.copyOfRange(all, (int) (from * rowBytes), (int) (to * rowBytes)));
  }

  /** The spec without its tensors (they travel as files beside it). */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("run", run);
    o.addProperty("task", task);
    JsonObject p = new JsonObject();
    params.forEach(p::addProperty);
    o.add("params", p);
    o.addProperty("backend", backend);
    o.addProperty("shots", shots);
    if (seed != null) {
      o.addProperty("seed", seed);
    }
    o.addProperty("split", split);
    o.addProperty("shards", shards);
    JsonObject files = new JsonObject();
    inputs.forEach((k, t) -> files.addProperty(k, Parts.fileName(k, t)));
    o.add("inputs", files);
    return GSON.toJson(o);
  }

  /**
   * Reads {@link #toJson()} back, with the tensors {@code load} returns per input file name.
   *
   * @throws K8sException CORRUPT when the JSON is not a spec
   */
  public static FanoutSpec fromJson(String json, java.util.function.Function<String, Tensor> load) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      Map<String, String> params = new LinkedHashMap<>();
      o.getAsJsonObject("params")
          .entrySet()
          .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      o.getAsJsonObject("inputs")
          .entrySet()
          .forEach(e -> inputs.put(e.getKey(), load.apply(e.getValue().getAsString())));
      return new FanoutSpec(
          o.get("run").getAsString(),
          o.get("task").getAsString(),
          params,
          o.get("backend").getAsString(),
          o.get("shots").getAsLong(),
          o.has("seed") ? o.get("seed").getAsLong() : null,
          o.get("split").getAsString(),
          o.get("shards").getAsInt(),
          inputs);
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new K8sException(K8sException.Kind.CORRUPT, "fan-out spec is not valid: " + e, e);
    } catch (QStepException e) {
      throw new K8sException(
          K8sException.Kind.CORRUPT, "fan-out spec is not valid: " + e.getMessage(), e);
    }
  }

  /** Thrown for an input that would not fit: names the field. */
  static QStepException tooLarge(String field, String message) {
    return new QStepException(ErrorReason.TOO_LARGE, field, field + ": " + message);
  }
}
