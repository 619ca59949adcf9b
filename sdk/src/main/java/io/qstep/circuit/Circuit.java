package io.qstep.circuit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable quantum circuit: qubits, classical bits, gates in order, terminal measurements and
 * the names of its symbolic parameters in declaration order. Thread-safe.
 *
 * <p>Build one with {@link #builder(int)}: {@code Circuit.builder(2).h(0).cx(0, 1).build()}.
 */
public final class Circuit {
  private final int numQubits;
  private final int numClbits;
  private final List<Gate> gates;
  private final List<Measurement> measurements;
  private final List<String> parameters;

  /** Memoised {@link #version()}; racy single-check is fine: the value is deterministic. */
  private volatile String version;

  Circuit(
      int numQubits,
      int numClbits,
      List<Gate> gates,
      List<Measurement> measurements,
      List<String> parameters) {
    this.numQubits = numQubits;
    this.numClbits = numClbits;
    this.gates = List.copyOf(gates);
    this.measurements = List.copyOf(measurements);
    this.parameters = List.copyOf(parameters);
  }

  /** A builder for a circuit on {@code numQubits} qubits. */
  public static Builder builder(int numQubits) {
    return new Builder(numQubits);
  }

  public int numQubits() {
    return numQubits;
  }

  public int numClbits() {
    return numClbits;
  }

  /** The gates in application order, unmodifiable. */
  public List<Gate> gates() {
    return gates;
  }

  /** The measurements, unmodifiable; empty when the circuit measures nothing. */
  public List<Measurement> measurements() {
    return measurements;
  }

  /** Names of the symbolic parameters, in declaration order, unmodifiable. */
  public List<String> parameters() {
    return parameters;
  }

  /** Whether any gate has a symbolic angle. */
  public boolean isParameterized() {
    return !parameters.isEmpty();
  }

  /**
   * Binds parameters by position ({@link #parameters()} order).
   *
   * @throws IllegalArgumentException when {@code values.length != parameters().size()} or a value
   *     is not finite
   */
  public Circuit bind(double... values) {
    if (values.length != parameters.size()) {
      throw new IllegalArgumentException(
          "circuit has " + parameters.size() + " parameter(s), got " + values.length + " value(s)");
    }
    Map<String, Double> binding = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "parameter '" + parameters.get(i) + "' is not finite: " + values[i]);
      }
      binding.put(parameters.get(i), values[i]);
    }
    return bind(binding);
  }

  /** Binds parameters by name; every parameter must be bound. */
  public Circuit bind(Map<String, Double> binding) {
    if (parameters.isEmpty()) {
      return this;
    }
    for (String p : parameters) {
      if (!binding.containsKey(p)) {
        throw new IllegalArgumentException("parameter '" + p + "' is not bound");
      }
    }
    List<Gate> bound = new ArrayList<>(gates.size());
    for (Gate g : gates) {
      bound.add(g.bind(binding));
    }
    return new Circuit(numQubits, numClbits, bound, measurements, List.of());
  }

  /**
   * The circuit version: lowercase hex sha256 of the UTF-8 bytes of {@link
   * OpenQasm#toQasm3(Circuit)}, parameters unbound. Equal circuits have equal versions; any change
   * of a gate, angle, qubit, measurement or parameter name changes it; values bound later do not
   * enter it. A custom unitary enters through its exported decomposition, so matrices equal up to
   * global phase (or to about 1e-13) give one version. Computed once, thread-safe.
   *
   * @throws IllegalArgumentException when the circuit cannot be exported (a custom unitary on more
   *     than 5 qubits)
   */
  public String version() {
    String v = version;
    if (v == null) {
      v = sha256Hex(OpenQasm.toQasm3(this));
      version = v;
    }
    return v;
  }

  private static String sha256Hex(String text) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Number of gates acting on two or more qubits. */
  public int multiQubitGateCount() {
    int n = 0;
    for (Gate g : gates) {
      if (g.arity() > 1) {
        n++;
      }
    }
    return n;
  }

  /** Circuit depth: the longest chain of gates that share qubits (measurements excluded). */
  public int depth() {
    int[] level = new int[numQubits];
    int depth = 0;
    for (Gate g : gates) {
      int d = 0;
      for (int i = 0; i < g.arity(); i++) {
        d = Math.max(d, level[g.qubit(i)]);
      }
      d++;
      for (int i = 0; i < g.arity(); i++) {
        level[g.qubit(i)] = d;
      }
      depth = Math.max(depth, d);
    }
    return depth;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Circuit c
        && numQubits == c.numQubits
        && numClbits == c.numClbits
        && gates.equals(c.gates)
        && measurements.equals(c.measurements)
        && parameters.equals(c.parameters);
  }

  @Override
  public int hashCode() {
    return ((numQubits * 31 + numClbits) * 31 + gates.hashCode()) * 31 + measurements.hashCode();
  }

  @Override
  public String toString() {
    return "Circuit["
        + numQubits
        + " qubits, "
        + gates.size()
        + " gates, params="
        + parameters
        + "]";
  }

  /** Mutable accumulator for a {@link Circuit}; not thread-safe. */
  public static final class Builder {
    private final int numQubits;
    private int numClbits;
    private final List<Gate> gates = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final Set<String> parameters = new LinkedHashSet<>();

    Builder(int numQubits) {
      if (numQubits < 1) {
        throw new IllegalArgumentException("a circuit needs at least one qubit, got " + numQubits);
      }
      this.numQubits = numQubits;
    }

    /** Declares a parameter so that it has a position even if no gate uses it yet. */
    public Builder parameter(String name) {
      Param.symbol(name); // validates the name
      parameters.add(name);
      return this;
    }

    /** Sets the number of classical bits (at least the highest measured clbit + 1). */
    public Builder clbits(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("clbits must be >= 0");
      }
      numClbits = n;
      return this;
    }

    /** Appends a gate, declaring any parameter it uses for the first time. */
    public Builder gate(Gate g) {
      for (int i = 0; i < g.arity(); i++) {
        if (g.qubit(i) >= numQubits) {
          throw new IllegalArgumentException(
              g + ": qubit " + g.qubit(i) + " out of range [0, " + numQubits + ")");
        }
      }
      for (Param p : g.params()) {
        if (p instanceof Param.Symbol s) {
          parameters.add(s.name());
        }
      }
      gates.add(g);
      return this;
    }

    /** Appends a standard gate with the given angles. */
    public Builder gate(GateKind kind, int[] qubits, Param... params) {
      return gate(Gate.of(kind, qubits, List.of(params)));
    }

    /** Appends every gate of {@code other} (same or fewer qubits), keeping its parameters. */
    public Builder append(Circuit other) {
      for (String p : other.parameters()) {
        parameters.add(p);
      }
      for (Gate g : other.gates()) {
        gate(g);
      }
      return this;
    }

    private Builder g1(GateKind k, int q) {
      return gate(k, new int[] {q});
    }

    private Builder g1(GateKind k, int q, Param a) {
      return gate(k, new int[] {q}, a);
    }

    private Builder g2(GateKind k, int a, int b, Param... p) {
      return gate(k, new int[] {a, b}, p);
    }

    public Builder i(int q) {
      return g1(GateKind.I, q);
    }

    public Builder x(int q) {
      return g1(GateKind.X, q);
    }

    public Builder y(int q) {
      return g1(GateKind.Y, q);
    }

    public Builder z(int q) {
      return g1(GateKind.Z, q);
    }

    public Builder h(int q) {
      return g1(GateKind.H, q);
    }

    public Builder s(int q) {
      return g1(GateKind.S, q);
    }

    public Builder sdg(int q) {
      return g1(GateKind.SDG, q);
    }

    public Builder t(int q) {
      return g1(GateKind.T, q);
    }

    public Builder tdg(int q) {
      return g1(GateKind.TDG, q);
    }

    public Builder sx(int q) {
      return g1(GateKind.SX, q);
    }

    public Builder rx(int q, double theta) {
      return g1(GateKind.RX, q, Param.of(theta));
    }

    public Builder rx(int q, Param theta) {
      return g1(GateKind.RX, q, theta);
    }

    public Builder ry(int q, double theta) {
      return g1(GateKind.RY, q, Param.of(theta));
    }

    public Builder ry(int q, Param theta) {
      return g1(GateKind.RY, q, theta);
    }

    public Builder rz(int q, double theta) {
      return g1(GateKind.RZ, q, Param.of(theta));
    }

    public Builder rz(int q, Param theta) {
      return g1(GateKind.RZ, q, theta);
    }

    public Builder p(int q, double lambda) {
      return g1(GateKind.P, q, Param.of(lambda));
    }

    public Builder p(int q, Param lambda) {
      return g1(GateKind.P, q, lambda);
    }

    public Builder u(int q, double theta, double phi, double lambda) {
      return gate(GateKind.U, new int[] {q}, Param.of(theta), Param.of(phi), Param.of(lambda));
    }

    public Builder cx(int control, int target) {
      return g2(GateKind.CX, control, target);
    }

    public Builder cy(int control, int target) {
      return g2(GateKind.CY, control, target);
    }

    public Builder cz(int a, int b) {
      return g2(GateKind.CZ, a, b);
    }

    public Builder swap(int a, int b) {
      return g2(GateKind.SWAP, a, b);
    }

    public Builder cp(int control, int target, double lambda) {
      return g2(GateKind.CP, control, target, Param.of(lambda));
    }

    public Builder crx(int control, int target, double theta) {
      return g2(GateKind.CRX, control, target, Param.of(theta));
    }

    public Builder cry(int control, int target, double theta) {
      return g2(GateKind.CRY, control, target, Param.of(theta));
    }

    public Builder crz(int control, int target, double theta) {
      return g2(GateKind.CRZ, control, target, Param.of(theta));
    }

    public Builder rxx(int a, int b, double theta) {
      return g2(GateKind.RXX, a, b, Param.of(theta));
    }

    public Builder ryy(int a, int b, double theta) {
      return g2(GateKind.RYY, a, b, Param.of(theta));
    }

    public Builder rzz(int a, int b, double theta) {
      return g2(GateKind.RZZ, a, b, Param.of(theta));
    }

    public Builder rzz(int a, int b, Param theta) {
      return g2(GateKind.RZZ, a, b, theta);
    }

    public Builder ccx(int c1, int c2, int target) {
      return gate(GateKind.CCX, new int[] {c1, c2, target});
    }

    /** A custom unitary; see {@link Gate#unitary}. */
    public Builder unitary(String label, double[] matrix, int... qubits) {
      return gate(Gate.unitary(label, matrix, qubits));
    }

    /** Measures {@code qubit} into {@code clbit}, growing the classical register if needed. */
    public Builder measure(int qubit, int clbit) {
      if (qubit >= numQubits) {
        throw new IllegalArgumentException("measure: qubit " + qubit + " out of range");
      }
      measurements.add(new Measurement(qubit, clbit));
      numClbits = Math.max(numClbits, clbit + 1);
      return this;
    }

    /** Measures every qubit q into clbit q. */
    public Builder measureAll() {
      for (int q = 0; q < numQubits; q++) {
        measure(q, q);
      }
      return this;
    }

    /**
     * The circuit.
     *
     * @throws IllegalArgumentException when {@link #clbits(int)} set fewer classical bits than a
     *     measurement needs
     */
    public Circuit build() {
      for (Measurement m : measurements) {
        if (m.clbit() >= numClbits) {
          throw new IllegalArgumentException(
              "measurement into clbit " + m.clbit() + " but the circuit has " + numClbits);
        }
      }
      return new Circuit(
          numQubits,
          numClbits,
          gates,
          Collections.unmodifiableList(measurements),
          List.copyOf(parameters));
    }
  }
}
