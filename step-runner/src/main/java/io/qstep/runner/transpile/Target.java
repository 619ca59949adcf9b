package io.qstep.runner.transpile;

import io.qstep.circuit.GateKind;
import io.qstep.error.QStepException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device the transpiler compiles for: a name, the number of physical qubits, the native gate set
 * and the coupling map. Immutable and thread-safe.
 *
 * <p>The coupling map is a list of edges {@code (a, b)} between physical qubits. On a directed
 * target an edge allows the entangler with {@code a} as its first (control) qubit only; CZ is
 * symmetric and runs either way. The entangler is the one two-qubit gate the transpiler emits: CX
 * if native, else CZ, else ECR. One-qubit gates are emitted in the Euler form the basis allows:
 * {@code rz sx [x]} (ZSXZSXZ), {@code rz ry} (ZYZ), {@code rz rx} (ZXZ; on a target with {@link
 * #restrictedRx()} only RX(±π/2) and RX(π), ZXZXZ), or a single {@code U}.
 */
public final class Target {
  /** An edge of the coupling map between physical qubits {@code a} and {@code b}. */
  public record Edge(int a, int b) {
    public Edge {
      if (a < 0 || b < 0 || a == b) {
        throw new IllegalArgumentException("bad edge (" + a + ", " + b + ")");
      }
    }
  }

  /** The one-qubit output form the basis allows. */
  public enum EulerForm {
    /** rz · sx · rz · sx · rz, with x for π rotations when native. */
    ZSX,
    /** rz · rx(π/2) · rz · rx(π/2) · rz: RX only at fixed angles. */
    ZXZ_HALF,
    /** rz · rx(θ) · rz. */
    ZXZ,
    /** rz · ry(θ) · rz. */
    ZYZ,
    /** One U(θ, φ, λ). */
    U
  }

  private static final Set<GateKind> ENTANGLERS =
      EnumSet.of(GateKind.CX, GateKind.CZ, GateKind.ECR);

  private final String name;
  private final int numQubits;
  private final Set<GateKind> basis;
  private final List<Edge> edges;
  private final boolean directed;
  private final boolean restrictedRx;
  private final GateKind entangler;
  private final EulerForm eulerForm;
  // derived
  private final int[][] neighbours;
  private final boolean[] allowed; // allowed[a * n + b]: entangler may run with a first
  private final int[] component;
  private final int[] componentSizes;
  private volatile int[][] distances;

  /**
   * A target.
   *
   * @param name a display name
   * @param numQubits physical qubits, at least 1
   * @param basis native gates; must hold an entangler (CX, CZ or ECR) when there are edges, and a
   *     one-qubit set that reaches every one-qubit unitary (rz+sx, rz+rx, rz+ry or U)
   * @param edges the coupling map; duplicates are dropped
   * @param directed whether {@code (a, b)} allows the entangler with {@code a} first only
   * @param restrictedRx whether RX is native only at ±π/2 and π (Rigetti)
   * @throws QStepException INVALID_VALUE naming {@code target.*} for anything inconsistent
   */
  public Target(
      String name,
      int numQubits,
      Collection<GateKind> basis,
      Collection<Edge> edges,
      boolean directed,
      boolean restrictedRx) {
    if (name == null || name.isBlank()) {
      throw QStepException.invalid("target.name", "a target needs a name");
    }
    if (numQubits < 1) {
      throw QStepException.invalid(
          "target.numQubits", "a target needs at least one qubit, got " + numQubits);
    }
    this.name = name;
    this.numQubits = numQubits;
    Objects.requireNonNull(basis, "basis");
    this.basis = basis.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(basis));
    if (this.basis.contains(GateKind.UNITARY)) {
      throw QStepException.invalid("target.basis", "custom unitaries cannot be native gates");
    }
    List<Edge> es = new ArrayList<>(new java.util.LinkedHashSet<>(edges));
    for (Edge e : es) {
      if (e.a() >= numQubits || e.b() >= numQubits) {
        throw QStepException.invalid(
            "target.couplingMap",
            "edge (" + e.a() + ", " + e.b() + ") names a qubit outside [0, " + numQubits + ")");
      }
    }
    this.edges = List.copyOf(es);
    this.directed = directed;
    this.restrictedRx = restrictedRx;
    this.entangler =
        this.basis.contains(GateKind.CX)
            ? GateKind.CX
            : this.basis.contains(GateKind.CZ)
                ? GateKind.CZ
                : this.basis.contains(GateKind.ECR) ? GateKind.ECR : null;
    if (entangler == null && !this.edges.isEmpty()) {
      throw QStepException.invalid(
          "target.basis", name + ": the basis " + this.basis + " has no entangler (cx, cz or ecr)");
    }
    this.eulerForm = eulerForm(this.basis, restrictedRx, name);
    allowed = new boolean[numQubits * numQubits];
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < numQubits; i++) {
      adj.add(new ArrayList<>());
    }
    for (Edge e : this.edges) {
      boolean symmetric = !directed || entangler == GateKind.CZ;
      allowed[e.a() * numQubits + e.b()] = true;
      if (symmetric) {
        allowed[e.b() * numQubits + e.a()] = true;
      }
      if (!adj.get(e.a()).contains(e.b())) {
        adj.get(e.a()).add(e.b());
        adj.get(e.b()).add(e.a());
      }
    }
    neighbours = new int[numQubits][];
    for (int i = 0; i < numQubits; i++) {
      neighbours[i] = adj.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    component = new int[numQubits];
    Arrays.fill(component, -1);
    List<Integer> sizes = new ArrayList<>();
    for (int s = 0; s < numQubits; s++) {
      if (component[s] >= 0) {
        continue;
      }
      int id = sizes.size();
      int count = 0;
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(s);
      component[s] = id;
      while (!queue.isEmpty()) {
        int u = queue.poll();
        count++;
        for (int v : neighbours[u]) {
          if (component[v] < 0) {
            component[v] = id;
            queue.add(v);
          }
        }
      }
      sizes.add(count);
    }
    componentSizes = sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static EulerForm eulerForm(Set<GateKind> b, boolean restrictedRx, String name) {
    if (b.contains(GateKind.RZ) && b.contains(GateKind.SX)) {
      return EulerForm.ZSX;
    }
    if (b.contains(GateKind.RZ) && b.contains(GateKind.RY)) {
      return EulerForm.ZYZ;
    }
    if (b.contains(GateKind.RZ) && b.contains(GateKind.RX)) {
      return restrictedRx ? EulerForm.ZXZ_HALF : EulerForm.ZXZ;
    }
    if (b.contains(GateKind.U)) {
      return EulerForm.U;
    }
    throw QStepException.invalid(
        "target.basis",
        name
            + ": the basis "
            + b
            + " cannot express every one-qubit gate; it needs rz+sx, rz+ry, rz+rx or U");
  }

  // ---------------------------------------------------------------- factories

  /**
   * A target from gate names as device APIs list them: OpenQASM / Qiskit names ({@code rz}, {@code
   * sx}, {@code x}, {@code ecr}, {@code cz}, {@code cx}, {@code id}, ...) and Amazon Braket's
   * ({@code cnot}, {@code si}, {@code ti}, {@code v}, {@code phaseshift}, {@code xx}, ...).
   * Non-gate instructions ({@code measure}, {@code reset}, {@code delay}, {@code barrier}, control
   * flow) are skipped.
   *
   * @throws QStepException INVALID_VALUE naming {@code target.basis} for an unknown gate name
   */
  public static Target fromNames(
      String name,
      int numQubits,
      Collection<String> basisNames,
      Collection<Edge> edges,
      boolean directed) {
    EnumSet<GateKind> basis = EnumSet.noneOf(GateKind.class);
    for (String raw : basisNames) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      if (SKIPPED.contains(n)) {
        continue;
      }
      GateKind k = GATE_NAMES.get(n);
      if (k == null) {
        throw QStepException.invalid(
            "target.basis", "unknown gate '" + raw + "'; known: " + GATE_NAMES.keySet());
      }
      basis.add(k);
    }
    return new Target(name, numQubits, basis, edges, directed, false);
  }

  private static final Set<String> SKIPPED =
      Set.of(
          "measure",
          "reset",
          "delay",
          "barrier",
          "if_else",
          "for_loop",
          "while_loop",
          "switch_case",
          "box",
          "init",
          "start_verbatim_box",
          "end_verbatim_box");

  private static final Map<String, GateKind> GATE_NAMES = gateNames();

  private static Map<String, GateKind> gateNames() {
    Map<String, GateKind> m = new LinkedHashMap<>();
    for (GateKind k : GateKind.values()) {
      if (k != GateKind.UNITARY) {
        m.put(k.qasmName().toLowerCase(Locale.ROOT), k);
      }
    }
    m.put("i", GateKind.I);
    m.put("cnot", GateKind.CX);
    m.put("si", GateKind.SDG);
    m.put("ti", GateKind.TDG);
    m.put("v", GateKind.SX);
    m.put("phaseshift", GateKind.P);
    m.put("cphaseshift", GateKind.CP);
    m.put("xx", GateKind.RXX);
    m.put("yy", GateKind.RYY);
    m.put("zz", GateKind.RZZ);
    m.put("u3", GateKind.U);
    m.put("u1", GateKind.P);
    m.put("ccnot", GateKind.CCX);
    return Collections.unmodifiableMap(m);
  }

  private static final Set<GateKind> IBM_ECR =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.ECR);
  private static final Set<GateKind> IBM_CZ =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CZ);
  private static final Set<GateKind> IBM_CX =
      EnumSet.of(GateKind.RZ, GateKind.SX, GateKind.X, GateKind.CX);

  /**
   * IBM's 27-qubit Falcon heavy-hex map (ibmq_montreal, ibm_kolkata, ...), basis rz, sx, x, cx,
   * undirected.
   */
  public static Target ibmFalcon27() {
    int[][] e = {
      {0, 1}, {1, 2}, {1, 4}, {2, 3}, {3, 5}, {4, 7}, {5, 8}, {6, 7}, {7, 10}, {8, 9}, {8, 11},
      {10, 12}, {11, 14}, {12, 13}, {12, 15}, {13, 14}, {14, 16}, {15, 18}, {16, 19}, {17, 18},
      {18, 21}, {19, 20}, {19, 22}, {21, 23}, {22, 25}, {23, 24}, {24, 25}, {25, 26}
    };
    return new Target("ibm-falcon-27", 27, IBM_CX, edges(e), false, false);
  }

  /**
   * IBM's 127-qubit Eagle heavy-hex map (ibm_sherbrooke, ibm_brisbane, ...): 7 rows (14, 15, 15,
   * 15, 15, 15, 14 qubits) joined by 4 bridge qubits per gap; basis rz, sx, x, ecr, directed from
   * the lower to the higher index (devices differ in the direction per pair: build the real map
   * with {@link #fromNames} from the backend's configuration).
   */
  public static Target ibmEagle127() {
    return new Target("ibm-eagle-127", 127, IBM_ECR, heavyHexRows(7, 15, true, 0, 2), true, false);
  }

  /**
   * A 156-qubit Heron-like heavy-hex map (8 rows of 16, 4 bridges per gap), basis rz, sx, x, cz,
   * undirected.
   */
  public static Target ibmHeron156() {
    return new Target("ibm-heron-156", 156, IBM_CZ, heavyHexRows(8, 16, false, 3, 1), false, false);
  }

  /**
   * A heavy-hex lattice in IBM's row layout: {@code rows} rows of {@code rowLength} qubits joined
   * by bridge qubits every 4 columns, at column offset {@code evenOffset} below even rows and
   * {@code oddOffset} below odd rows; with {@code trimEnds} the first row loses its last qubit and
   * the last row its first (Eagle).
   */
  static List<Edge> heavyHexRows(
      int rows, int rowLength, boolean trimEnds, int evenOffset, int oddOffset) {
    List<Edge> out = new ArrayList<>();
    int[][] index = new int[rows][rowLength];
    int next = numberRow(index, 0, trimEnds, 0);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c + 1 < rowLength; c++) {
        if (index[r][c] >= 0 && index[r][c + 1] >= 0) {
          out.add(new Edge(index[r][c], index[r][c + 1]));
        }
      }
      if (r + 1 < rows) {
        int first = next;
        int off = r % 2 == 0 ? evenOffset : oddOffset;
        for (int c = off; c < rowLength; c += 4) {
          next++;
        }
        next = numberRow(index, r + 1, trimEnds, next);
        int b = first;
        for (int c = off; c < rowLength; c += 4, b++) {
          out.add(new Edge(index[r][c], b));
          out.add(new Edge(b, index[r + 1][c]));
        }
      }
    }
    return out;
  }

  private static int numberRow(int[][] index, int r, boolean trimEnds, int next) {
    int rows = index.length;
    int len = index[r].length;
    for (int c = 0; c < len; c++) {
      boolean skip = trimEnds && ((r == 0 && c == len - 1) || (r == rows - 1 && c == 0));
      index[r][c] = skip ? -1 : next++;
    }
    return next;
  }

  /** A line 0 - 1 - ... - (n-1), undirected. */
  public static Target line(int n, Collection<GateKind> basis) {
    List<Edge> e = new ArrayList<>();
    for (int i = 0; i + 1 < n; i++) {
      e.add(new Edge(i, i + 1));
    }
    return new Target("line-" + n, n, basis, e, false, false);
  }

  /** A ring 0 - 1 - ... - (n-1) - 0, undirected. */
  public static Target ring(int n, Collection<GateKind> basis) {
    List<Edge> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (n > 2 || i == 0) {
        e.add(new Edge(i, (i + 1) % n));
      }
    }
    return new Target("ring-" + n, n, basis, e, false, false);
  }

  /** A rows × cols square grid, undirected. */
  public static Target grid(int rows, int cols, Collection<GateKind> basis) {
    List<Edge> e = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int q = r * cols + c;
        if (c + 1 < cols) {
          e.add(new Edge(q, q + 1));
        }
        if (r + 1 < rows) {
          e.add(new Edge(q, q + cols));
        }
      }
    }
    return new Target("grid-" + rows + "x" + cols, rows * cols, basis, e, false, false);
  }

  /** Every pair coupled, undirected. */
  public static Target allToAll(int n, Collection<GateKind> basis) {
    List<Edge> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        e.add(new Edge(i, j));
      }
    }
    return new Target("all-" + n, n, basis, e, false, false);
  }

  /**
   * An IonQ-like trapped-ion device on Amazon Braket: all-to-all, compiled to gates Braket's
   * OpenQASM accepts for IonQ (rz, ry, rx, cx).
   */
  public static Target ionq(int n) {
    return rename(
        allToAll(n, EnumSet.of(GateKind.RZ, GateKind.RY, GateKind.RX, GateKind.CX)), "ionq-" + n);
  }

  /** A Rigetti-like square lattice: rx (±π/2, π only), rz, cz. */
  public static Target rigetti(int rows, int cols) {
    Target g = grid(rows, cols, EnumSet.of(GateKind.RZ, GateKind.RX, GateKind.CZ));
    return new Target("rigetti-" + rows + "x" + cols, g.numQubits, g.basis, g.edges, false, true);
  }

  private static Target rename(Target t, String name) {
    return new Target(name, t.numQubits, t.basis, t.edges, t.directed, t.restrictedRx);
  }

  private static List<Edge> edges(int[][] e) {
    List<Edge> out = new ArrayList<>();
    for (int[] p : e) {
      out.add(new Edge(p[0], p[1]));
    }
    return out;
  }

  private static final Pattern SIZED = Pattern.compile("(line|ring|all|ionq)-(\\d+)");
  private static final Pattern GRID = Pattern.compile("(grid|rigetti)-(\\d+)x(\\d+)");

  /** The names {@link #named} knows, with the pattern ones as templates. */
  public static final List<String> KNOWN_NAMES =
      List.of(
          "ibm-falcon-27 (alias ibm-heavy-hex-27)",
          "ibm-eagle-127",
          "ibm-heron-156",
          "ionq-N",
          "rigetti-RxC",
          "line-N",
          "ring-N",
          "grid-RxC",
          "all-N");

  private static final int MAX_NAMED_QUBITS = 4096;

  /**
   * A target by name: {@code ibm-falcon-27} (alias {@code ibm-heavy-hex-27}), {@code
   * ibm-eagle-127}, {@code ibm-heron-156}, {@code ionq-N}, {@code rigetti-RxC}, and with the IBM
   * basis rz, sx, x, cx: {@code line-N}, {@code ring-N}, {@code grid-RxC}, {@code all-N}.
   *
   * @throws QStepException INVALID_VALUE naming {@code target} for an unknown name
   */
  public static Target named(String name) {
    if (name == null) {
      throw QStepException.missing("target");
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "ibm-falcon-27", "ibm-heavy-hex-27" -> {
        return ibmFalcon27();
      }
      case "ibm-eagle-127" -> {
        return ibmEagle127();
      }
      case "ibm-heron-156" -> {
        return ibmHeron156();
      }
      default -> {}
    }
    Matcher m = SIZED.matcher(n);
    if (m.matches()) {
      int k = size(m.group(2), name);
      IntFunction<Target> f =
          switch (m.group(1)) {
            case "line" -> q -> line(q, IBM_CX);
            case "ring" -> q -> ring(q, IBM_CX);
            case "all" -> q -> allToAll(q, IBM_CX);
            case "ionq" -> Target::ionq;
            default -> null;
          };
      if (f != null) {
        return f.apply(k);
      }
    }
    Matcher g = GRID.matcher(n);
    if (g.matches()) {
      int r = size(g.group(2), name);
      int c = size(g.group(3), name);
      if ((long) r * c <= MAX_NAMED_QUBITS) {
        return g.group(1).equals("grid") ? grid(r, c, IBM_CX) : rigetti(r, c);
      }
    }
    throw QStepException.invalid(
        "target", "unknown target '" + name + "'; known: " + String.join(", ", KNOWN_NAMES));
  }

  private static int size(String digits, String name) {
    try {
      int k = Integer.parseInt(digits);
      if (k >= 1 && k <= MAX_NAMED_QUBITS) {
        return k;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw QStepException.invalid(
        "target", "target '" + name + "': size must be in [1, " + MAX_NAMED_QUBITS + "]");
  }

  // ---------------------------------------------------------------- accessors

  public String name() {
    return name;
  }

  public int numQubits() {
    return numQubits;
  }

  /** The native gates, unmodifiable. */
  public Set<GateKind> basis() {
    return basis;
  }

  /** The coupling map's edges, unmodifiable. */
  public List<Edge> edges() {
    return edges;
  }

  public boolean directed() {
    return directed;
  }

  public boolean restrictedRx() {
    return restrictedRx;
  }

  /** The two-qubit gate the transpiler emits; null on a target without edges. */
  public GateKind entangler() {
    return entangler;
  }

  /** The one-qubit form the transpiler emits. */
  public EulerForm eulerForm() {
    return eulerForm;
  }

  /** Whether {@code a} and {@code b} are coupled (either direction). */
  public boolean coupled(int a, int b) {
    return a != b && (allowed[a * numQubits + b] || allowed[b * numQubits + a]);
  }

  /** Whether the entangler may run with {@code a} as its first qubit and {@code b} second. */
  public boolean allows(int a, int b) {
    return a != b && allowed[a * numQubits + b];
  }

  /** The qubits coupled to {@code q}, ascending; a fresh array. */
  public int[] neighbours(int q) {
    return neighbours[q].clone();
  }

  int[] neighboursView(int q) {
    return neighbours[q];
  }

  /** The connected component of each qubit (ids from 0). */
  int component(int q) {
    return component[q];
  }

  /** Sizes of the connected components, indexed by component id. */
  int[] componentSizes() {
    return componentSizes;
  }

  /** Whether the coupling map is one connected component. */
  public boolean connected() {
    return componentSizes.length == 1;
  }

  /** Undirected hop distances; {@code Integer.MAX_VALUE / 4} between components. Memoised. */
  int[][] distances() {
    int[][] d = distances;
    if (d == null) {
      d = new int[numQubits][numQubits];
      int inf = Integer.MAX_VALUE / 4;
      for (int s = 0; s < numQubits; s++) {
        Arrays.fill(d[s], inf);
        d[s][s] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(s);
        while (!queue.isEmpty()) {
          int u = queue.poll();
          for (int v : neighbours[u]) {
            if (d[s][v] == inf) {
              d[s][v] = d[s][u] + 1;
              queue.add(v);
            }
          }
        }
      }
      distances = d;
    }
    return d;
  }

  @Override
  public String toString() {
    return "Target["
        + name
        + ", "
        + numQubits
        + " qubits, basis "
        + basis
        + ", "
        + edges.size()
        + (directed ? " directed" : "")
        + " edges]";
  }
}
