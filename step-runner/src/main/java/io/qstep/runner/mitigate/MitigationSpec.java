package io.qstep.runner.mitigate;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the request asks the Mitigate stage to do, parsed from the step's text parameters ({@code
 * mitigation=readout+zne}, {@code zne_scales=1,3,5}, ...). Bad values fail with INVALID_VALUE
 * naming {@code param.KEY}. Immutable.
 *
 * @param methods the methods, applied readout → zne → surrogate; empty = none
 * @param scales ZNE noise scale factors, ≥ 1 and strictly increasing
 * @param folding how ZNE amplifies noise when the executor cannot scale it itself
 * @param extrapolator the ZNE fit
 * @param readoutMethod how counts are corrected
 * @param readoutSource where the confusion matrices come from
 * @param surrogateModel path of a saved surrogate, or empty
 * @param surrogateTrain whether to train (and, with a path, save) a surrogate in this step
 * @param surrogateKind linear or mlp
 * @param surrogateTrainSize number of near-Clifford training circuits
 * @param surrogateNonClifford fraction of rotation angles a training circuit keeps unsnapped
 * @param surrogateDriftThreshold relative calibration change that flags a model as out of
 *     distribution
 * @param surrogateStrict whether a model for another circuit structure is an error (else a flag)
 * @param fallback whether a failed mitigation returns unmitigated values with a warning
 */
public record MitigationSpec(
    Set<Method> methods,
    double[] scales,
    Folding.Method folding,
    Extrapolator extrapolator,
    ReadoutMethod readoutMethod,
    ReadoutSource readoutSource,
    String surrogateModel,
    boolean surrogateTrain,
    String surrogateKind,
    int surrogateTrainSize,
    double surrogateNonClifford,
    double surrogateDriftThreshold,
    boolean surrogateStrict,
    boolean fallback) {

  /** The mitigation methods. */
  public enum Method {
    READOUT,
    ZNE,
    SURROGATE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Readout correction of counts. */
  public enum ReadoutMethod {
    /** lsq up to 12 measured qubits per observable, m3 beyond. */
    AUTO,
    /** Exact tensored inverse (quasi-probabilities, unbiased). */
    INVERSE,
    /** Inverse constrained to the probability simplex (least squares). */
    LSQ,
    /** M3 subspace method over the observed bitstrings. */
    M3
  }

  /** Where readout confusion matrices come from. */
  public enum ReadoutSource {
    /** Two calibration circuits (all |0⟩, all |1⟩) run on the same backend in the same mode. */
    MEASURE,
    /** The backend's calibration snapshot. */
    BACKEND
  }

  /** The parameter keys this stage reads. */
  public static final List<String> KEYS =
      List.of(
          "mitigation",
          "mitigation_fallback",
          "zne_scales",
          "zne_extrapolator",
          "zne_folding",
          "zne_exp_asymptote",
          "readout_method",
          "readout_calibration",
          "surrogate_model",
          "surrogate_train",
          "surrogate_kind",
          "surrogate_train_size",
          "surrogate_non_clifford",
          "surrogate_drift_threshold",
          "surrogate_strict",
          "surrogate_model_name");

  /** Whether a parameter key belongs to mitigation (so the CLI routes it here, not to the task). */
  public static boolean isMitigationKey(String key) {
    return key.equals("mitigation")
        || key.startsWith("mitigation_")
        || key.startsWith("zne_")
        || key.startsWith("readout_")
        || key.startsWith("surrogate_");
  }

  public MitigationSpec {
    methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
    scales = scales.clone();
  }

  @Override
  public double[] scales() {
    return scales.clone();
  }

  /** No mitigation. */
  public static final MitigationSpec NONE = parse(Map.of());

  public boolean isNone() {
    return methods.isEmpty();
  }

  public boolean has(Method m) {
    return methods.contains(m);
  }

  /** {@code readout+zne}, or {@code none}. */
  public String methodId() {
    if (methods.isEmpty()) {
      return "none";
    }
    return String.join(
        "+", Arrays.stream(Method.values()).filter(methods::contains).map(Method::id).toList());
  }

  /** The settings as text, for provenance and tracking. */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("mitigation", methodId());
    if (has(Method.READOUT)) {
      s.put("readout_method", readoutMethod.name().toLowerCase(Locale.ROOT));
      s.put("readout_calibration", readoutSource.name().toLowerCase(Locale.ROOT));
    }
    if (has(Method.ZNE)) {
      s.put("zne_scales", joined(scales));
      s.put("zne_extrapolator", extrapolator.id());
      if (!Double.isNaN(extrapolator.asymptote())) {
        s.put("zne_exp_asymptote", Double.toString(extrapolator.asymptote()));
      }
      s.put("zne_folding", folding.id());
    }
    if (has(Method.SURROGATE)) {
      s.put("surrogate_model", surrogateModel);
      s.put("surrogate_train", Boolean.toString(surrogateTrain));
      s.put("surrogate_kind", surrogateKind);
      s.put("surrogate_train_size", Integer.toString(surrogateTrainSize));
    }
    s.put("mitigation_fallback", Boolean.toString(fallback));
    return s;
  }

  private static String joined(double[] xs) {
    StringBuilder sb = new StringBuilder();
    for (double x : xs) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x));
    }
    return sb.toString();
  }

  /**
   * Parses the mitigation keys of {@code params} (other keys are ignored).
   *
   * @throws QStepException INVALID_VALUE naming {@code param.KEY}
   */
  public static MitigationSpec parse(Map<String, String> params) {
    for (String key : params.keySet()) {
      if (isMitigationKey(key) && !KEYS.contains(key)) {
        throw bad(
            key, "unknown mitigation parameter '" + key + "'; known: " + String.join(", ", KEYS));
      }
    }
    Set<Method> methods = EnumSet.noneOf(Method.class);
    String m = params.getOrDefault("mitigation", "none").trim().toLowerCase(Locale.ROOT);
    if (!m.isEmpty() && !m.equals("none")) {
      for (String part : m.split("\\+")) {
        String p = part.trim();
        Method method =
            switch (p) {
              case "readout" -> Method.READOUT;
              case "zne" -> Method.ZNE;
              case "surrogate", "cdr" -> Method.SURROGATE;
              default ->
                  throw bad(
                      "mitigation",
                      "mitigation: unknown method '"
                          + p
                          + "'; use none or a '+'-joined combination of readout, zne, surrogate");
            };
        if (!methods.add(method)) {
          throw bad("mitigation", "mitigation: method '" + p + "' given twice");
        }
      }
    }
    double[] scales = scales(params.getOrDefault("zne_scales", "1,3,5"));
    Folding.Method folding;
    String foldText = params.getOrDefault("zne_folding", "global").trim();
    try {
      folding =
          foldText.equalsIgnoreCase("native")
              ? Folding.Method.NATIVE
              : Folding.Method.parse(foldText);
    } catch (IllegalArgumentException e) {
      throw bad(
          "zne_folding",
          "zne_folding: use global, local, random or native, got '"
              + params.get("zne_folding")
              + "'");
    }
    double asymptote = Double.NaN;
    String as = params.getOrDefault("zne_exp_asymptote", "fit").trim();
    if (!as.equalsIgnoreCase("fit")) {
      asymptote = number("zne_exp_asymptote", as);
    }
    Extrapolator ex;
    try {
      ex = Extrapolator.parse(params.getOrDefault("zne_extrapolator", "richardson"), asymptote);
    } catch (IllegalArgumentException e) {
      throw bad("zne_extrapolator", "zne_extrapolator: " + e.getMessage());
    }
    if (methods.contains(Method.ZNE) && scales.length < ex.minPoints()) {
      throw bad(
          "zne_extrapolator",
          "zne_extrapolator="
              + ex.id()
              + " needs at least "
              + ex.minPoints()
              + " scale factors; zne_scales gives "
              + scales.length);
    }
    ReadoutMethod rm =
        switch (params.getOrDefault("readout_method", "auto").trim().toLowerCase(Locale.ROOT)) {
          case "auto" -> ReadoutMethod.AUTO;
          case "inverse", "inv" -> ReadoutMethod.INVERSE;
          case "lsq", "least_squares" -> ReadoutMethod.LSQ;
          case "m3", "subspace" -> ReadoutMethod.M3;
          default ->
              throw bad(
                  "readout_method",
                  "readout_method: use auto, inverse, lsq or m3, got '"
                      + params.get("readout_method")
                      + "'");
        };
    ReadoutSource rs =
        switch (params
            .getOrDefault("readout_calibration", "measure")
            .trim()
            .toLowerCase(Locale.ROOT)) {
          case "measure" -> ReadoutSource.MEASURE;
          case "backend" -> ReadoutSource.BACKEND;
          default ->
              throw bad(
                  "readout_calibration",
                  "readout_calibration: use measure or backend, got '"
                      + params.get("readout_calibration")
                      + "'");
        };
    String kind = params.getOrDefault("surrogate_kind", "linear").trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("linear") && !kind.equals("mlp")) {
      throw bad("surrogate_kind", "surrogate_kind: use linear or mlp, got '" + kind + "'");
    }
    int trainSize =
        integer("surrogate_train_size", params.getOrDefault("surrogate_train_size", "40"));
    if (trainSize < 4 || trainSize > 100_000) {
      throw bad(
          "surrogate_train_size", "surrogate_train_size must be in [4, 100000], got " + trainSize);
    }
    double frac =
        number("surrogate_non_clifford", params.getOrDefault("surrogate_non_clifford", "0.3"));
    if (frac < 0 || frac > 1) {
      throw bad("surrogate_non_clifford", "surrogate_non_clifford must be in [0, 1], got " + frac);
    }
    double drift =
        number(
            "surrogate_drift_threshold", params.getOrDefault("surrogate_drift_threshold", "0.25"));
    if (drift <= 0) {
      throw bad("surrogate_drift_threshold", "surrogate_drift_threshold must be > 0, got " + drift);
    }
    boolean train = bool("surrogate_train", params.getOrDefault("surrogate_train", "false"));
    String model = params.getOrDefault("surrogate_model", "").trim();
    if (methods.contains(Method.SURROGATE) && !train && model.isEmpty()) {
      throw bad(
          "surrogate_model",
          "surrogate_model: mitigation=surrogate needs a saved model path, or surrogate_train=true");
    }
    return new MitigationSpec(
        methods,
        scales,
        folding,
        ex,
        rm,
        rs,
        model,
        train,
        kind,
        trainSize,
        frac,
        drift,
        bool("surrogate_strict", params.getOrDefault("surrogate_strict", "true")),
        bool("mitigation_fallback", params.getOrDefault("mitigation_fallback", "false")));
  }

  private static double[] scales(String text) {
    String[] parts = text.split(",");
    double[] s = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      s[i] = number("zne_scales", parts[i].trim());
      if (s[i] < 1) {
        throw bad(
            "zne_scales", "zne_scales: every scale factor must be >= 1, got " + parts[i].trim());
      }
      if (i > 0 && !(s[i] > s[i - 1])) {
        throw bad(
            "zne_scales",
            "zne_scales: scale factors must be strictly increasing, got " + text.trim());
      }
      if (s[i] > 100) {
        throw bad("zne_scales", "zne_scales: scale factors must be <= 100, got " + parts[i].trim());
      }
    }
    return s;
  }

  private static double number(String key, String v) {
    try {
      double x = Double.parseDouble(v.trim());
      if (!Double.isFinite(x)) {
        throw bad(key, key + " must be finite, got '" + v + "'");
      }
      return x;
    } catch (NumberFormatException e) {
      throw bad(key, key + " is not a number: '" + v + "'");
    }
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw bad(key, key + " is not an integer: '" + v + "'");
    }
  }

  private static boolean bool(String key, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw bad(key, key + " is not a boolean: '" + v + "'");
    };
  }

  static QStepException bad(String key, String message) {
    return new QStepException(ErrorReason.INVALID_VALUE, "param." + key, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MitigationSpec s && settings().equals(s.settings());
  }

  @Override
  public int hashCode() {
    return settings().hashCode();
  }

  @Override
  public String toString() {
    return "MitigationSpec" + settings();
  }
}
