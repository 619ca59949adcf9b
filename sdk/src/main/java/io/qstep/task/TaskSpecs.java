package io.qstep.task;

import io.qstep.error.QStepException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds task specs from flat text parameters ({@code depth=2}, {@code observables=ZZ,XX}) — the
 * words the CLI, the Kubeflow component and {@code RunRequest.parameters} share. Unknown keys are
 * rejected with the key named, so a typo never passes silently.
 */
public final class TaskSpecs {
  private TaskSpecs() {}

  private static final Map<TaskSpec.Kind, Set<String>> KEYS =
      Map.of(
          TaskSpec.Kind.LAYER,
          Set.of("num_qubits", "depth", "encoding", "entangler", "num_outputs", "feature_scale"),
          TaskSpec.Kind.CIRCUIT,
          Set.of("qasm", "observables"),
          TaskSpec.Kind.MAXCUT,
          Set.of(
              "p",
              "optimizer",
              "max_iterations",
              "top_k",
              "init",
              "mode",
              "allow_negative_weights",
              "baseline_time_limit_ms"),
          TaskSpec.Kind.QUBO,
          Set.of(
              "p",
              "builder",
              "optimizer",
              "max_iterations",
              "risk_aversion",
              "budget",
              "top_k",
              "mode",
              "baseline_time_limit_ms",
              "offset"),
          TaskSpec.Kind.KERNEL,
          Set.of("reps", "feature_map", "feature_scale", "entanglement"),
          TaskSpec.Kind.VQE,
          Set.of("ansatz", "depth", "optimizer", "max_iterations", "mode"),
          TaskSpec.Kind.SAMPLE,
          Set.of("max_bond", "encoding", "layers", "sweeps", "fidelity", "order", "prune"),
          TaskSpec.Kind.COMPRESS,
          Set.of(
              "method",
              "epsilon",
              "max_bond",
              "components",
              "randomized",
              "layout",
              "pad",
              "reconstruct"));

  /**
   * The spec of {@code kind} from {@code params}; absent keys take their defaults.
   *
   * @throws QStepException INVALID_VALUE naming {@code param.KEY} for unknown keys or bad values
   */
  public static TaskSpec fromParameters(TaskSpec.Kind kind, Map<String, String> params) {
    for (String key : params.keySet()) {
      if (!KEYS.get(kind).contains(key)) {
        throw QStepException.invalid(
            "param." + key,
            "unknown parameter '"
                + key
                + "' for task "
                + kind.id()
                + "; known: "
                + String.join(", ", KEYS.get(kind).stream().sorted().toList()));
      }
    }
    P p = new P(params);
    return switch (kind) {
      case LAYER ->
          new LayerSpec(
              p.i("num_qubits", 0),
              p.i("depth", 0),
              switch (p.s("encoding", "ry").toLowerCase(Locale.ROOT)) {
                case "ry", "angle_ry" -> LayerSpec.Encoding.ANGLE_RY;
                case "rx", "angle_rx" -> LayerSpec.Encoding.ANGLE_RX;
                default -> throw QStepException.invalid("param.encoding", "encoding: ry or rx");
              },
              switch (p.s("entangler", "cx").toLowerCase(Locale.ROOT)) {
                case "cx" -> LayerSpec.Entangler.CX;
                case "cz" -> LayerSpec.Entangler.CZ;
                default -> throw QStepException.invalid("param.entangler", "entangler: cx or cz");
              },
              p.i("num_outputs", 0),
              p.d("feature_scale", 1.0));
      case CIRCUIT -> {
        String obs = p.s("observables", "");
        List<String> list =
            obs.isBlank()
                ? List.of()
                : Arrays.stream(obs.split(",")).map(String::trim).map(String::toUpperCase).toList();
        yield new CircuitSpec(p.s("qasm", ""), list);
      }
      case MAXCUT ->
          new MaxCutSpec(
              p.i("p", 1),
              p.s("optimizer", ""),
              p.i("max_iterations", 0),
              p.i("top_k", 0),
              p.s("init", ""),
              p.s("mode", ""),
              p.b("allow_negative_weights"),
              p.i("baseline_time_limit_ms", 0));
      case QUBO ->
          new QuboSpec(
              p.i("p", 1),
              p.s("builder", "qubo"),
              p.s("optimizer", ""),
              p.i("max_iterations", 0),
              p.d("risk_aversion", 0),
              p.i("budget", 0),
              p.i("top_k", 0),
              p.s("mode", ""),
              p.i("baseline_time_limit_ms", 0),
              p.d("offset", 0));
      case KERNEL -> {
        int reps = p.i("reps", 0);
        if (params.containsKey("reps") && reps < 1) {
          throw QStepException.invalid("param.reps", "reps must be >= 1, got " + reps);
        }
        yield new KernelSpec(
            reps, p.s("feature_map", "zz"), p.d("feature_scale", 1.0), p.s("entanglement", ""));
      }
      case VQE ->
          new VqeSpec(
              p.s("ansatz", "hea"),
              p.i("depth", 1),
              p.s("optimizer", ""),
              p.i("max_iterations", 0),
              p.s("mode", ""));
      case SAMPLE ->
          new SampleSpec(
              p.i("max_bond", 0),
              p.s("encoding", ""),
              p.i("layers", 0),
              p.i("sweeps", 0),
              p.d("fidelity", 0),
              p.s("order", ""),
              p.b("prune"));
      case COMPRESS ->
          new CompressSpec(
              p.s("method", ""),
              p.d("epsilon", 0),
              p.i("max_bond", 0),
              p.i("components", 0),
              p.b("randomized"),
              p.s("layout", ""),
              p.b("pad"),
              p.b("reconstruct"));
    };
  }

  private record P(Map<String, String> m) {
    String s(String k, String d) {
      return m.getOrDefault(k, d);
    }

    int i(String k, int d) {
      String v = m.get(k);
      if (v == null) {
        return d;
      }
      try {
        int x = Integer.parseInt(v.trim());
        if (x < 0) {
          throw QStepException.invalid("param." + k, k + " must be >= 0, got " + v);
        }
        return x;
      } catch (NumberFormatException e) {
        throw QStepException.invalid("param." + k, k + " is not an integer: '" + v + "'");
      }
    }

    boolean b(String k) {
      String v = m.get(k);
      if (v == null) {
        return false;
      }
      return switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw QStepException.invalid("param." + k, k + " is not a boolean: '" + v + "'");
      };
    }

    double d(String k, double d) {
      String v = m.get(k);
      if (v == null) {
        return d;
      }
      try {
        double x = Double.parseDouble(v.trim());
        if (!Double.isFinite(x)) {
          throw QStepException.invalid("param." + k, k + " must be finite, got " + v);
        }
        return x;
      } catch (NumberFormatException e) {
        throw QStepException.invalid("param." + k, k + " is not a number: '" + v + "'");
      }
    }
  }
}
