package io.qstep.runner.backend.strange;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.List;
import org.redfx.strange.Complex;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.Cz;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.gate.Swap;
import org.redfx.strange.gate.TwoQubitGate;

/**
 * Translates IR gates into Strange gates, one Strange gate per step.
 *
 * <p>Qubit order: Strange's {@link TwoQubitGate}{@code (a, b)} reads its 4×4 {@code getMatrix()}
 * with {@code a} (the main qubit) as the most significant bit of the index and {@code b} as the
 * least, on every pair of positions and in both orders (checked against a dense simulation with
 * random unitaries). That is the IR's convention, so matrices pass through unpermuted. Likewise
 * {@code Cnot(control, target)}.
 *
 * <p>Strange's {@code Toffoli(c1, c2, target)} is wrong for many qubit orders (on 3 qubits it is
 * right for (0,1,2), (1,2,0), (2,1,0) only; on 4 qubits wrong for 9 of 24), so CCX is decomposed
 * exactly into two-qubit gates instead (Barenco et al. 1995, with V = √X).
 *
 * <p>Every gate made here calls {@code checkpoint} whenever Strange asks for its matrix. Strange
 * runs a whole program in one call and asks for the matrices while it applies each step; this is
 * the only hook it offers between gates, so that is where a cancelled or overdue step stops.
 */
final class StrangeGates {
  /** Controlled-√X and its inverse, control as the high bit. */
  private static final double[] CSX = controlled(GateKind.SX.matrix());

  private static final double[] CSX_DAGGER = controlled(dagger(GateKind.SX.matrix()));

  private StrangeGates() {}

  /**
   * The Strange gates for {@code g}, in order, one per step.
   *
   * @throws QStepException CAPABILITY_MISMATCH for a custom unitary on three or more qubits
   */
  static List<org.redfx.strange.Gate> translate(Gate g, Runnable checkpoint) {
    return switch (g.kind()) {
      // From our own matrix: this also sidesteps Strange's RotationZ, which is a global phase only.
      case I, X, Y, Z, H, S, SDG, T, TDG, SX, RX, RY, RZ, P, U ->
          List.of(new Matrix1(g.qubit(0), complex(g.matrix(), 2), checkpoint));
      case CX -> List.of(new CheckedCnot(g.qubit(0), g.qubit(1), checkpoint));
      case CZ -> List.of(new CheckedCz(g.qubit(0), g.qubit(1), checkpoint));
      case SWAP -> List.of(new CheckedSwap(g.qubit(0), g.qubit(1), checkpoint));
      case CCX -> toffoli(g.qubit(0), g.qubit(1), g.qubit(2), checkpoint);
      case CY, CP, CRX, CRY, CRZ, RXX, RYY, RZZ, ECR ->
          List.of(new Matrix2(g.qubit(0), g.qubit(1), complex(g.matrix(), 4), checkpoint));
      case UNITARY -> List.of(unitary(g, checkpoint));
    };
  }

  /**
   * CCX(a, b, c) = CV(a, c) · CX(a, b) · CV†(b, c) · CX(a, b) · CV(b, c), V² = X: with a = 1 and b
   * = 1 the target sees V·V; with exactly one control set it sees V·V† or nothing.
   */
  private static List<org.redfx.strange.Gate> toffoli(int a, int b, int c, Runnable checkpoint) {
    return List.of(
        new Matrix2(b, c, complex(CSX, 4), checkpoint),
        new CheckedCnot(a, b, checkpoint),
        new Matrix2(b, c, complex(CSX_DAGGER, 4), checkpoint),
        new CheckedCnot(a, b, checkpoint),
        new Matrix2(a, c, complex(CSX, 4), checkpoint));
  }

  private static org.redfx.strange.Gate unitary(Gate g, Runnable checkpoint) {
    return switch (g.arity()) {
      case 1 -> new Matrix1(g.qubit(0), complex(g.matrix(), 2), checkpoint);
      case 2 -> new Matrix2(g.qubit(0), g.qubit(1), complex(g.matrix(), 4), checkpoint);
      default ->
          throw new QStepException(
              ErrorReason.CAPABILITY_MISMATCH,
              "qasm",
              "backend 'strange' runs custom unitaries on at most 2 qubits; "
                  + g
                  + " acts on "
                  + g.arity());
    };
  }

  /** A row-major interleaved (re, im) matrix as Strange's {@code Complex[row][col]}. */
  static Complex[][] complex(double[] m, int dim) {
    Complex[][] c = new Complex[dim][dim];
    for (int r = 0; r < dim; r++) {
      for (int k = 0; k < dim; k++) {
        c[r][k] = new Complex(m[2 * (r * dim + k)], m[2 * (r * dim + k) + 1]);
      }
    }
    return c;
  }

  /** |0⟩⟨0| ⊗ I + |1⟩⟨1| ⊗ u for a 2×2 interleaved u. */
  private static double[] controlled(double[] u) {
    double[] m = new double[32];
    m[0] = 1;
    m[2 * 5] = 1;
    for (int r = 0; r < 2; r++) {
      for (int k = 0; k < 2; k++) {
        m[2 * ((2 + r) * 4 + 2 + k)] = u[2 * (r * 2 + k)];
        m[2 * ((2 + r) * 4 + 2 + k) + 1] = u[2 * (r * 2 + k) + 1];
      }
    }
    return m;
  }

  /** The conjugate transpose of a 2×2 interleaved matrix. */
  private static double[] dagger(double[] u) {
    return new double[] {u[0], -u[1], u[4], -u[5], u[2], -u[3], u[6], -u[7]};
  }

  private static final class Matrix1 extends SingleQubitMatrixGate {
    private final Runnable checkpoint;

    Matrix1(int qubit, Complex[][] matrix, Runnable checkpoint) {
      super(qubit, matrix);
      this.checkpoint = checkpoint;
    }

    @Override
    public Complex[][] getMatrix() {
      checkpoint.run();
      return super.getMatrix();
    }
  }

  /** A two-qubit gate from a 4×4 matrix, {@code first} as the high bit. */
  private static final class Matrix2 extends TwoQubitGate {
    private final Complex[][] matrix;
    private final Runnable checkpoint;

    Matrix2(int first, int second, Complex[][] matrix, Runnable checkpoint) {
      super(first, second);
      this.matrix = matrix;
      this.checkpoint = checkpoint;
    }

    @Override
    public Complex[][] getMatrix() {
      checkpoint.run();
      return matrix;
    }
  }

  private static final class CheckedCnot extends Cnot {
    private final Runnable checkpoint;

    CheckedCnot(int control, int target, Runnable checkpoint) {
      super(control, target);
      this.checkpoint = checkpoint;
    }

    @Override
    public Complex[][] getMatrix() {
      checkpoint.run();
      return super.getMatrix();
    }
  }

  private static final class CheckedCz extends Cz {
    private final Runnable checkpoint;

    CheckedCz(int a, int b, Runnable checkpoint) {
      super(a, b);
      this.checkpoint = checkpoint;
    }

    @Override
    public Complex[][] getMatrix() {
      checkpoint.run();
      return super.getMatrix();
    }
  }

  private static final class CheckedSwap extends Swap {
    private final Runnable checkpoint;

    CheckedSwap(int a, int b, Runnable checkpoint) {
      super(a, b);
      this.checkpoint = checkpoint;
    }

    @Override
    public Complex[][] getMatrix() {
      checkpoint.run();
      return super.getMatrix();
    }
  }
}
