package io.qstep.circuit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One gate application: a {@link GateKind}, the qubits it acts on (first listed = most significant
 * bit of its matrix, see {@link GateKind}), its angles, and for {@link GateKind#UNITARY} the matrix
 * and a label. Immutable.
 */
public final class Gate {
  /** Tolerance for the unitarity check of custom matrices. */
  static final double EPS_UNITARY = 1e-8;

  private final GateKind kind;
  private final int[] qubits;
  private final List<Param> params;
  private final double[] unitary;
  private final String label;

  private Gate(GateKind kind, int[] qubits, List<Param> params, double[] unitary, String label) {
    this.kind = kind;
    this.qubits = qubits;
    this.params = params;
    this.unitary = unitary;
    this.label = label;
  }

  /**
   * A standard gate.
   *
   * @throws IllegalArgumentException on a wrong qubit or parameter count, repeated or negative
   *     qubits
   */
  public static Gate of(GateKind kind, int[] qubits, List<Param> params) {
    Objects.requireNonNull(kind, "kind");
    if (kind == GateKind.UNITARY) {
      throw new IllegalArgumentException("use Gate.unitary for custom matrices");
    }
    int[] q = checkQubits(kind.name(), qubits);
    if (q.length != kind.numQubits()) {
      throw new IllegalArgumentException(
          kind.name() + " acts on " + kind.numQubits() + " qubit(s), got " + q.length);
    }
    if (params.size() != kind.numParams()) {
      throw new IllegalArgumentException(
          kind.name() + " takes " + kind.numParams() + " parameter(s), got " + params.size());
    }
    return new Gate(kind, q, List.copyOf(params), null, null);
  }

  /** A standard gate with constant angles. */
  public static Gate of(GateKind kind, int[] qubits, double... angles) {
    return of(kind, qubits, Arrays.stream(angles).mapToObj(Param::of).toList());
  }

  /**
   * A custom unitary on {@code qubits} (first listed = most significant bit).
   *
   * @param label a name for it in exported text ([A-Za-z_][A-Za-z0-9_]*)
   * @param matrix row-major interleaved (re, im), dimension 2^k; copied
   * @throws IllegalArgumentException when the size is wrong or the matrix is not unitary
   */
  public static Gate unitary(String label, double[] matrix, int... qubits) {
    int[] q = checkQubits("unitary", qubits);
    int dim = 1 << q.length;
    if (matrix.length != 2 * dim * dim) {
      throw new IllegalArgumentException(
          "a " + q.length + "-qubit unitary needs " + 2 * dim * dim + " doubles");
    }
    if (label == null || !label.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("bad unitary label: " + label);
    }
    double[] m = matrix.clone();
    checkUnitary(m, dim);
    return new Gate(GateKind.UNITARY, q, List.of(), m, label);
  }

  private static int[] checkQubits(String what, int[] qubits) {
    int[] q = qubits.clone();
    for (int i = 0; i < q.length; i++) {
      if (q[i] < 0) {
        throw new IllegalArgumentException(what + ": negative qubit index " + q[i]);
      }
      for (int j = 0; j < i; j++) {
        if (q[i] == q[j]) {
          throw new IllegalArgumentException(what + ": qubit " + q[i] + " repeated");
        }
      }
    }
    if (q.length == 0) {
      throw new IllegalArgumentException(what + ": no qubits");
    }
    return q;
  }

  private static void checkUnitary(double[] m, int dim) {
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        double re = 0, im = 0;
        for (int k = 0; k < dim; k++) {
          // (U U†)_ij = sum_k U_ik conj(U_jk)
          double aRe = m[2 * (i * dim + k)], aIm = m[2 * (i * dim + k) + 1];
          double bRe = m[2 * (j * dim + k)], bIm = -m[2 * (j * dim + k) + 1];
          re += aRe * bRe - aIm * bIm;
          im += aRe * bIm + aIm * bRe;
        }
        double expect = i == j ? 1 : 0;
        if (Math.abs(re - expect) > EPS_UNITARY || Math.abs(im) > EPS_UNITARY) {
          throw new IllegalArgumentException("matrix is not unitary");
        }
      }
    }
  }

  public GateKind kind() {
    return kind;
  }

  /** The qubits, first = most significant bit of the matrix index. A copy. */
  public int[] qubits() {
    return qubits.clone();
  }

  /** Number of qubits. */
  public int arity() {
    return qubits.length;
  }

  /** Qubit {@code i} of this gate. */
  public int qubit(int i) {
    return qubits[i];
  }

  /** The angles, unmodifiable. */
  public List<Param> params() {
    return params;
  }

  /** The label of a custom unitary; null for standard gates. */
  public String label() {
    return label;
  }

  /** Whether every angle is a constant. */
  public boolean isBound() {
    for (Param p : params) {
      if (p.kind() == Param.Kind.SYMBOL) {
        return false;
      }
    }
    return true;
  }

  /** Whether the matrix is diagonal for every parameter value. */
  public boolean isDiagonal() {
    return kind.isDiagonal();
  }

  /** The angle values under a binding (radians). */
  public double[] angles(Map<String, Double> binding) {
    double[] a = new double[params.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = params.get(i).value(binding);
    }
    return a;
  }

  /** The unitary under a binding; see {@link GateKind} for the layout. A fresh array. */
  public double[] matrix(Map<String, Double> binding) {
    return kind == GateKind.UNITARY ? unitary.clone() : kind.matrix(angles(binding));
  }

  /** The unitary of a gate whose angles are all constants. */
  public double[] matrix() {
    return matrix(Map.of());
  }

  /** This gate with every symbolic angle replaced by its value under {@code binding}. */
  public Gate bind(Map<String, Double> binding) {
    if (isBound()) {
      return this;
    }
    return new Gate(
        kind, qubits, Arrays.stream(angles(binding)).mapToObj(Param::of).toList(), unitary, label);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gate g
        && kind == g.kind
        && Arrays.equals(qubits, g.qubits)
        && params.equals(g.params)
        && Arrays.equals(unitary, g.unitary)
        && Objects.equals(label, g.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(qubits), params, Arrays.hashCode(unitary), label);
  }

  @Override
  public String toString() {
    return (label != null ? label : kind.qasmName())
        + (params.isEmpty() ? "" : params.toString())
        + Arrays.toString(qubits);
  }
}
