package io.qstep.runner.calibration;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.Calibration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One calibration snapshot of a device: per qubit T1, T2, readout errors and frequency; per gate
 * (name and qubits) error and duration; when it was taken, by which backend and version, and where
 * it came from. Immutable and thread-safe.
 *
 * <p>Qubits are numbered by position 0..n−1 (circuit qubit {@code q} runs on snapshot qubit {@code
 * q}); each keeps the device's own {@link QubitCalibration#label()}. The {@link #id()} is a content
 * hash (sha256 of the canonical JSON), so the same numbers always get the same id.
 *
 * <p>Every value is checked when the snapshot is built: rates in [0, 1], times positive, T2 ≤ 2·T1,
 * gates only on qubits the snapshot has. A violation is a {@link QStepException} with {@link
 * ErrorReason#INVALID_VALUE} (or {@code MISSING_FIELD}) naming the field, e.g. {@code
 * calibration.qubits[3].t2_us}.
 */
public final class CalibrationSnapshot {
  /** The schema tag written into (and accepted from) qstep's own JSON form. */
  public static final String SCHEMA = "qstep.calibration.v1";

  /** Field prefix of every error: the request parameter that names a calibration. */
  public static final String FIELD = "calibration";

  /** Slack on T2 ≤ 2·T1 for rounding in published figures (relative). */
  static final double EPS_T2 = 1e-9;

  private final String backendName;
  private final String backendVersion;
  private final String source;
  private final long timestampMs;
  private final List<QubitCalibration> qubits;
  private final List<GateCalibration> gates;
  private final Map<String, GateCalibration> byKey = new HashMap<>();
  private final String json;
  private final String id;

  /**
   * @param backendName device name, not blank
   * @param backendVersion device version as the vendor reports it; may be empty
   * @param source where the numbers came from ({@code ibm-backend-properties}, {@code
   *     braket-standardized-v2}, {@code qstep}, ...)
   * @param timestampMs when the calibration was taken, epoch milliseconds; 0 when unknown
   * @param qubits per-qubit calibration, qubit {@code i} at position {@code i}; not empty
   * @param gates per-gate calibration
   * @throws QStepException INVALID_VALUE / MISSING_FIELD naming the offending field
   */
  public CalibrationSnapshot(
      String backendName,
      String backendVersion,
      String source,
      long timestampMs,
      List<QubitCalibration> qubits,
      List<GateCalibration> gates) {
    this.backendName = backendName == null ? "" : backendName.strip();
    this.backendVersion = backendVersion == null ? "" : backendVersion;
    this.source = source == null ? "" : source;
    this.timestampMs = timestampMs;
    this.qubits = List.copyOf(Objects.requireNonNull(qubits, "qubits"));
    this.gates = List.copyOf(Objects.requireNonNull(gates, "gates"));
    if (this.backendName.isEmpty()) {
      throw QStepException.missing(FIELD + ".backend_name");
    }
    if (timestampMs < 0) {
      throw invalid(FIELD + ".timestamp", "must not be before 1970, got " + timestampMs + " ms");
    }
    if (this.qubits.isEmpty()) {
      throw invalid(FIELD + ".qubits", "a calibration needs at least one qubit");
    }
    for (int i = 0; i < this.qubits.size(); i++) {
      QubitCalibration q = this.qubits.get(i);
      String f = FIELD + ".qubits[" + i + "].";
      checkQubit(q.t1Us(), q.t2Us(), f + "t1_us", f + "t2_us");
      checkRate(q.p0Given1(), f + "readout_p0_given_1");
      checkRate(q.p1Given0(), f + "readout_p1_given_0");
      if (!Double.isNaN(q.frequencyGhz()) && !(q.frequencyGhz() > 0)) {
        throw invalid(f + "frequency_ghz", "must be > 0 (or absent), got " + q.frequencyGhz());
      }
    }
    for (int k = 0; k < this.gates.size(); k++) {
      GateCalibration g = this.gates.get(k);
      String f = FIELD + ".gates[" + k + "].";
      if (g.name().isBlank()) {
        throw QStepException.missing(f + "name");
      }
      checkGateQubits(g.qubits(), this.qubits.size(), f + "qubits");
      checkRate(g.error(), f + "error");
      if (!Double.isNaN(g.durationNs()) && !(g.durationNs() >= 0 && g.durationNs() < 1e9)) {
        throw invalid(f + "duration_ns", "must be >= 0 ns (or absent), got " + g.durationNs());
      }
      byKey.put(key(g.name(), g.qubits()), g);
    }
    JsonObject body = toJsonObject();
    this.id = sha256(new Gson().toJson(body));
    JsonObject withId = new JsonObject();
    withId.addProperty("id", id);
    body.entrySet().forEach(e -> withId.add(e.getKey(), e.getValue()));
    this.json = new GsonBuilder().setPrettyPrinting().create().toJson(withId) + "\n";
  }

  // ---- checks shared with the importers (which name fields in their own format's terms) ----

  static QStepException invalid(String field, String message) {
    return new QStepException(ErrorReason.INVALID_VALUE, field, field + ": " + message);
  }

  /** An error rate or probability: finite, in [0, 1]. */
  static void checkRate(double v, String field) {
    if (!(v >= 0 && v <= 1)) {
      throw invalid(field, "an error rate must be in [0, 1], got " + v);
    }
  }

  /** T1 and T2 positive and finite, T2 ≤ 2·T1 (physical limit for a qubit). */
  static void checkQubit(double t1, double t2, String t1Field, String t2Field) {
    if (!(t1 > 0) || Double.isInfinite(t1)) {
      throw invalid(t1Field, "T1 must be a positive, finite time, got " + t1);
    }
    if (!(t2 > 0) || Double.isInfinite(t2)) {
      throw invalid(t2Field, "T2 must be a positive, finite time, got " + t2);
    }
    if (t2 > 2 * t1 * (1 + EPS_T2)) {
      throw invalid(
          t2Field, "T2 = " + t2 + " exceeds 2·T1 = " + 2 * t1 + " (physically impossible)");
    }
  }

  static void checkGateQubits(List<Integer> qs, int n, String field) {
    if (qs.isEmpty()) {
      throw invalid(field, "a gate acts on at least one qubit");
    }
    for (int i = 0; i < qs.size(); i++) {
      int q = qs.get(i);
      if (q < 0 || q >= n) {
        throw invalid(
            field,
            "unknown qubit " + q + ": the calibration has " + n + " qubits (0.." + (n - 1) + ")");
      }
      for (int j = 0; j < i; j++) {
        if (qs.get(j) == q) {
          throw invalid(field, "qubit " + q + " repeated");
        }
      }
    }
  }

  private static String key(String name, List<Integer> qubits) {
    return name + qubits;
  }

  // ---- accessors ----

  /** Content hash: lower-case hex sha256 of the canonical JSON (without the id itself). */
  public String id() {
    return id;
  }

  public String backendName() {
    return backendName;
  }

  public String backendVersion() {
    return backendVersion;
  }

  public String source() {
    return source;
  }

  /** When it was taken, epoch milliseconds; 0 when unknown. */
  public long timestampMs() {
    return timestampMs;
  }

  /** When it was taken, if known. */
  public Optional<Instant> timestamp() {
    return timestampMs == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(timestampMs));
  }

  public int numQubits() {
    return qubits.size();
  }

  /** Per-qubit calibration, qubit {@code i} at position {@code i}. */
  public List<QubitCalibration> qubits() {
    return qubits;
  }

  public QubitCalibration qubit(int q) {
    return qubits.get(q);
  }

  public List<GateCalibration> gates() {
    return gates;
  }

  /** The calibration of gate {@code name} on exactly {@code qubits} in that order, if any. */
  public Optional<GateCalibration> gate(String name, int... qubits) {
    return Optional.ofNullable(
        byKey.get(key(name.toLowerCase(java.util.Locale.ROOT), boxed(qubits))));
  }

  /** Every gate entry acting on exactly this set of qubits (any order, any name). */
  public List<GateCalibration> gatesOn(int... qubits) {
    int[] want = qubits.clone();
    Arrays.sort(want);
    List<GateCalibration> out = new ArrayList<>();
    for (GateCalibration g : gates) {
      int[] have = g.qubits().stream().mapToInt(Integer::intValue).sorted().toArray();
      if (Arrays.equals(want, have)) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * Readout confusion of qubit {@code q}: {@code A[measured][prepared]} row-major, {@code {p(0|0),
   * p(0|1), p(1|0), p(1|1)}}.
   */
  public double[] readoutConfusion(int q) {
    return qubits.get(q).confusion();
  }

  /** The provenance record results carry: id, timestamp and this snapshot's JSON. */
  public Calibration provenance() {
    return new Calibration(id, timestampMs, json);
  }

  /** qstep's JSON form (pretty-printed, with {@code id}); {@link CalibrationJson} reads it back. */
  public String toJson() {
    return json;
  }

  private JsonObject toJsonObject() {
    JsonObject o = new JsonObject();
    o.addProperty("schema", SCHEMA);
    o.addProperty("backend_name", backendName);
    o.addProperty("backend_version", backendVersion);
    o.addProperty("source", source);
    if (timestampMs != 0) {
      o.addProperty("timestamp", Instant.ofEpochMilli(timestampMs).toString());
    }
    JsonArray qs = new JsonArray();
    for (QubitCalibration q : qubits) {
      JsonObject j = new JsonObject();
      j.addProperty("label", q.label());
      j.addProperty("t1_us", q.t1Us());
      j.addProperty("t2_us", q.t2Us());
      j.addProperty("readout_p0_given_1", q.p0Given1());
      j.addProperty("readout_p1_given_0", q.p1Given0());
      if (!Double.isNaN(q.frequencyGhz())) {
        j.addProperty("frequency_ghz", q.frequencyGhz());
      }
      qs.add(j);
    }
    o.add("qubits", qs);
    JsonArray gs = new JsonArray();
    for (GateCalibration g : gates) {
      JsonObject j = new JsonObject();
      j.addProperty("name", g.name());
      JsonArray q = new JsonArray();
      g.qubits().forEach(q::add);
      j.add("qubits", q);
      j.addProperty("error", g.error());
      if (g.hasDuration()) {
        j.addProperty("duration_ns", g.durationNs());
      }
      gs.add(j);
    }
    o.add("gates", gs);
    return o;
  }

  private static List<Integer> boxed(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int v : a) {
      l.add(v);
    }
    return l;
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalibrationSnapshot s && s.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "CalibrationSnapshot["
        + backendName
        + " "
        + backendVersion
        + ", "
        + qubits.size()
        + " qubits, "
        + gates.size()
        + " gates, "
        + timestamp().map(Instant::toString).orElse("time unknown")
        + ", id "
        + id.substring(0, 12)
        + "]";
  }

  /** A builder, for tests and synthetic devices. */
  public static Builder builder(String backendName) {
    return new Builder(backendName);
  }

  /**
   * A uniform synthetic device of {@code n} qubits on a line: every qubit alike, gates {@code sx},
   * {@code x}, {@code rz} (virtual: error 0, duration 0) on each qubit and {@code cx} both ways on
   * neighbours. Zero rates and durations give a noise-free device.
   */
  public static CalibrationSnapshot uniform(
      int n,
      double t1Us,
      double t2Us,
      double p0Given1,
      double p1Given0,
      double error1q,
      double error2q,
      double duration1qNs,
      double duration2qNs) {
    Builder b = builder("uniform-" + n).source("qstep-synthetic");
    for (int q = 0; q < n; q++) {
      b.qubit(t1Us, t2Us, p0Given1, p1Given0);
      b.gate("sx", error1q, duration1qNs, q);
      b.gate("x", error1q, duration1qNs, q);
      b.gate("rz", 0, 0, q);
    }
    for (int q = 0; q + 1 < n; q++) {
      b.gate("cx", error2q, duration2qNs, q, q + 1);
      b.gate("cx", error2q, duration2qNs, q + 1, q);
    }
    return b.build();
  }

  /** Mutable accumulator for a snapshot; not thread-safe. */
  public static final class Builder {
    private final String backendName;
    private String version = "";
    private String source = "qstep";
    private long timestampMs;
    private final List<QubitCalibration> qubits = new ArrayList<>();
    private final List<GateCalibration> gates = new ArrayList<>();

    private Builder(String backendName) {
      this.backendName = backendName;
    }

    public Builder version(String v) {
      this.version = v;
      return this;
    }

    public Builder source(String s) {
      this.source = s;
      return this;
    }

    public Builder timestampMs(long t) {
      this.timestampMs = t;
      return this;
    }

    /** Appends the next qubit (label = its position, frequency unknown). */
    public Builder qubit(double t1Us, double t2Us, double p0Given1, double p1Given0) {
      return qubit(
          new QubitCalibration(
              Integer.toString(qubits.size()), t1Us, t2Us, p0Given1, p1Given0, Double.NaN));
    }

    public Builder qubit(QubitCalibration q) {
      qubits.add(q);
      return this;
    }

    public Builder gate(String name, double error, double durationNs, int... qubits) {
      return gate(new GateCalibration(name, boxed(qubits), error, durationNs));
    }

    public Builder gate(GateCalibration g) {
      gates.add(g);
      return this;
    }

    public CalibrationSnapshot build() {
      return new CalibrationSnapshot(backendName, version, source, timestampMs, qubits, gates);
    }
  }
}
