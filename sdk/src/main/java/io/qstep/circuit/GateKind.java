package io.qstep.circuit;

/**
 * The gates of the circuit IR. Names follow OpenQASM 3's {@code stdgates.inc} where a gate is
 * there; {@code RXX}, {@code RYY}, {@code RZZ} are defined in the exported text.
 *
 * <p>Matrices are returned row-major with interleaved (re, im) doubles, dimension {@code 2^k} for a
 * {@code k}-qubit gate. Index convention: the gate's first listed qubit is the <em>most</em>
 * significant bit of the matrix index (textbook order: for {@code CX(c, t)} the control is the high
 * bit). The state vector itself stores qubit {@code q} at bit {@code q} of the amplitude index
 * (qubit 0 least significant), as Qiskit and Strange do.
 */
public enum GateKind {
  I(1, 0, "id"),
  X(1, 0, "x"),
  Y(1, 0, "y"),
  Z(1, 0, "z"),
  H(1, 0, "h"),
  S(1, 0, "s"),
  SDG(1, 0, "sdg"),
  T(1, 0, "t"),
  TDG(1, 0, "tdg"),
  SX(1, 0, "sx"),
  RX(1, 1, "rx"),
  RY(1, 1, "ry"),
  RZ(1, 1, "rz"),
  P(1, 1, "p"),
  /** U(θ, φ, λ) = U3, OpenQASM's {@code U}. */
  U(1, 3, "U"),
  CX(2, 0, "cx"),
  CY(2, 0, "cy"),
  CZ(2, 0, "cz"),
  SWAP(2, 0, "swap"),
  CP(2, 1, "cp"),
  CRX(2, 1, "crx"),
  CRY(2, 1, "cry"),
  CRZ(2, 1, "crz"),
  /** exp(-i θ/2 X⊗X). */
  RXX(2, 1, "rxx"),
  /** exp(-i θ/2 Y⊗Y). */
  RYY(2, 1, "ryy"),
  /** exp(-i θ/2 Z⊗Z). */
  RZZ(2, 1, "rzz"),
  CCX(3, 0, "ccx"),
  /** A custom unitary on any number of qubits; its matrix is carried by the {@link Gate}. */
  UNITARY(-1, 0, "unitary"),
  /**
   * IBM's echoed cross-resonance gate, (X⊗I − Y⊗X)/√2 with the first qubit as the high bit
   * (Qiskit's {@code ECRGate}): self-inverse, locally equivalent to CX.
   */
  ECR(2, 0, "ecr");

  private static final double R = Math.sqrt(0.5);

  private final int numQubits;
  private final int numParams;
  private final String qasmName;

  GateKind(int numQubits, int numParams, String qasmName) {
    this.numQubits = numQubits;
    this.numParams = numParams;
    this.qasmName = qasmName;
  }

  /** Number of qubits the gate acts on; -1 for {@link #UNITARY} (any). */
  public int numQubits() {
    return numQubits;
  }

  /** Number of angle parameters (radians). */
  public int numParams() {
    return numParams;
  }

  /** The OpenQASM 3 name. */
  public String qasmName() {
    return qasmName;
  }

  /** Whether the matrix is diagonal in the computational basis for every parameter value. */
  public boolean isDiagonal() {
    return switch (this) {
      case I, Z, S, SDG, T, TDG, RZ, P, CZ, CP, CRZ, RZZ -> true;
      case X, Y, H, SX, RX, RY, U, CX, CY, SWAP, CRX, CRY, RXX, RYY, CCX, UNITARY, ECR -> false;
    };
  }

  /**
   * The gate's unitary for the given angles (radians), row-major, interleaved (re, im).
   *
   * @throws IllegalArgumentException for {@link #UNITARY} (its matrix lives on the gate) or a wrong
   *     number of angles
   */
  public double[] matrix(double... p) {
    if (p.length != numParams) {
      throw new IllegalArgumentException(
          name() + " takes " + numParams + " parameter(s), got " + p.length);
    }
    return switch (this) {
      case I -> m2(1, 0, 0, 0, 0, 0, 1, 0);
      case X -> m2(0, 0, 1, 0, 1, 0, 0, 0);
      case Y -> m2(0, 0, 0, -1, 0, 1, 0, 0);
      case Z -> m2(1, 0, 0, 0, 0, 0, -1, 0);
      case H -> m2(R, 0, R, 0, R, 0, -R, 0);
      case S -> m2(1, 0, 0, 0, 0, 0, 0, 1);
      case SDG -> m2(1, 0, 0, 0, 0, 0, 0, -1);
      case T -> m2(1, 0, 0, 0, 0, 0, R, R);
      case TDG -> m2(1, 0, 0, 0, 0, 0, R, -R);
      case SX -> m2(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case RX -> {
        double c = Math.cos(p[0] / 2), s = Math.sin(p[0] / 2);
        yield m2(c, 0, 0, -s, 0, -s, c, 0);
      }
      case RY -> {
        double c = Math.cos(p[0] / 2), s = Math.sin(p[0] / 2);
        yield m2(c, 0, -s, 0, s, 0, c, 0);
      }
      case RZ -> {
        double c = Math.cos(p[0] / 2), s = Math.sin(p[0] / 2);
        yield m2(c, -s, 0, 0, 0, 0, c, s);
      }
      case P -> m2(1, 0, 0, 0, 0, 0, Math.cos(p[0]), Math.sin(p[0]));
      case U -> {
        double c = Math.cos(p[0] / 2), s = Math.sin(p[0] / 2);
        double phi = p[1], lam = p[2];
        yield m2(
            c,
            0,
            -Math.cos(lam) * s,
            -Math.sin(lam) * s,
            Math.cos(phi) * s,
            Math.sin(phi) * s,
            Math.cos(phi + lam) * c,
            Math.sin(phi + lam) * c);
      }
      case CX -> controlled(X.matrix());
      case CY -> controlled(Y.matrix());
      case CZ -> controlled(Z.matrix());
      case CP -> controlled(P.matrix(p));
      case CRX -> controlled(RX.matrix(p));
      case CRY -> controlled(RY.matrix(p));
      case CRZ -> controlled(RZ.matrix(p));
      case SWAP -> {
        double[] m = new double[32];
        m[re(4, 0, 0)] = 1;
        m[re(4, 1, 2)] = 1;
        m[re(4, 2, 1)] = 1;
        m[re(4, 3, 3)] = 1;
        yield m;
      }
      case RXX -> twoQubitRotation(p[0], new int[] {3, 2, 1, 0}, new double[] {1, 1, 1, 1});
      case RYY -> twoQubitRotation(p[0], new int[] {3, 2, 1, 0}, new double[] {-1, 1, 1, -1});
      case RZZ -> {
        double c = Math.cos(p[0] / 2), s = Math.sin(p[0] / 2);
        double[] m = new double[32];
        int[] sign = {1, -1, -1, 1};
        for (int i = 0; i < 4; i++) {
          m[re(4, i, i)] = c;
          m[re(4, i, i) + 1] = -s * sign[i];
        }
        yield m;
      }
      case CCX -> {
        double[] m = new double[128];
        for (int i = 0; i < 6; i++) {
          m[re(8, i, i)] = 1;
        }
        m[re(8, 6, 7)] = 1;
        m[re(8, 7, 6)] = 1;
        yield m;
      }
      case ECR -> {
        double[] m = new double[32];
        // rows 0, 1: (0, 0, 1, i), (0, 0, i, 1); rows 2, 3: (1, -i, 0, 0), (-i, 1, 0, 0); all / √2
        m[re(4, 0, 2)] = R;
        m[re(4, 0, 3) + 1] = R;
        m[re(4, 1, 2) + 1] = R;
        m[re(4, 1, 3)] = R;
        m[re(4, 2, 0)] = R;
        m[re(4, 2, 1) + 1] = -R;
        m[re(4, 3, 0) + 1] = -R;
        m[re(4, 3, 1)] = R;
        yield m;
      }
      case UNITARY ->
          throw new IllegalArgumentException("a custom unitary carries its matrix on the gate");
    };
  }

  /** Index of the real part of element (row, col) in an interleaved dim × dim matrix. */
  static int re(int dim, int row, int col) {
    return 2 * (row * dim + col);
  }

  private static double[] m2(
      double aRe,
      double aIm,
      double bRe,
      double bIm,
      double cRe,
      double cIm,
      double dRe,
      double dIm) {
    return new double[] {aRe, aIm, bRe, bIm, cRe, cIm, dRe, dIm};
  }

  /** |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ u with the control as the high bit. */
  private static double[] controlled(double[] u) {
    double[] m = new double[32];
    m[re(4, 0, 0)] = 1;
    m[re(4, 1, 1)] = 1;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        m[re(4, 2 + r, 2 + c)] = u[re(2, r, c)];
        m[re(4, 2 + r, 2 + c) + 1] = u[re(2, r, c) + 1];
      }
    }
    return m;
  }

  /**
   * cos(θ/2) I − i sin(θ/2) P for a two-qubit Pauli P that maps row r to column perm[r] with real
   * sign sign[r].
   */
  private static double[] twoQubitRotation(double theta, int[] perm, double[] sign) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    double[] m = new double[32];
    for (int r = 0; r < 4; r++) {
      m[re(4, r, r)] += c;
      m[re(4, r, perm[r]) + 1] += -s * sign[r];
    }
    return m;
  }
}
