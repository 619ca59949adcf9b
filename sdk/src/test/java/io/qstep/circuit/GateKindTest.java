package io.qstep.circuit;

import static io.qstep.circuit.TestMatrices.I2;
import static io.qstep.circuit.TestMatrices.X;
import static io.qstep.circuit.TestMatrices.Y;
import static io.qstep.circuit.TestMatrices.Z;
import static io.qstep.circuit.TestMatrices.add;
import static io.qstep.circuit.TestMatrices.close;
import static io.qstep.circuit.TestMatrices.closeUpToPhase;
import static io.qstep.circuit.TestMatrices.controlled;
import static io.qstep.circuit.TestMatrices.diag;
import static io.qstep.circuit.TestMatrices.identity;
import static io.qstep.circuit.TestMatrices.kron;
import static io.qstep.circuit.TestMatrices.mul;
import static io.qstep.circuit.TestMatrices.rotation;
import static io.qstep.circuit.TestMatrices.scale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GateKindTest {
  private static final double R = Math.sqrt(0.5);

  /** The textbook matrix of {@code kind} at angles {@code p}, from Paulis and projectors. */
  private static double[] textbook(GateKind kind, double[] p) {
    return switch (kind) {
      case I -> I2;
      case X -> X;
      case Y -> Y;
      case Z -> Z;
      case H -> scale(R, 0, add(X, Z));
      case S -> diag(0, Math.PI / 2);
      case SDG -> diag(0, -Math.PI / 2);
      case T -> diag(0, Math.PI / 4);
      case TDG -> diag(0, -Math.PI / 4);
      // √X = e^{iπ/4} RX(π/2)
      case SX -> scale(R, R, rotation(X, Math.PI / 2));
      case RX -> rotation(X, p[0]);
      case RY -> rotation(Y, p[0]);
      case RZ -> rotation(Z, p[0]);
      case P -> diag(0, p[0]);
      // U(θ, φ, λ) = e^{i(φ+λ)/2} RZ(φ) RY(θ) RZ(λ)
      case U ->
          scale(
              Math.cos((p[1] + p[2]) / 2),
              Math.sin((p[1] + p[2]) / 2),
              mul(rotation(Z, p[1]), mul(rotation(Y, p[0]), rotation(Z, p[2]))));
      case CX -> controlled(X);
      case CY -> controlled(Y);
      case CZ -> controlled(Z);
      // SWAP = (II + XX + YY + ZZ) / 2
      case SWAP -> scale(0.5, 0, add(add(identity(4), kron(X, X)), add(kron(Y, Y), kron(Z, Z))));
      case CP -> controlled(diag(0, p[0]));
      case CRX -> controlled(rotation(X, p[0]));
      case CRY -> controlled(rotation(Y, p[0]));
      case CRZ -> controlled(rotation(Z, p[0]));
      case RXX -> rotation(kron(X, X), p[0]);
      case RYY -> rotation(kron(Y, Y), p[0]);
      case RZZ -> rotation(kron(Z, Z), p[0]);
      // (I - |11><11|) ⊗ I + |11><11| ⊗ X
      case CCX -> {
        double[] both = kron(TestMatrices.P1, TestMatrices.P1);
        yield add(kron(add(identity(4), scale(-1, 0, both)), I2), kron(both, X));
      }
      // ECR = (X⊗I − Y⊗X) / √2
      case ECR -> scale(R, 0, add(kron(X, I2), scale(-1, 0, kron(Y, X))));
      case UNITARY -> throw new IllegalArgumentException("no textbook matrix");
    };
  }

  static Stream<Arguments> standardKindsWithAngles() {
    return LongStream.range(0, 4)
        .boxed()
        .flatMap(
            seed ->
                Arrays.stream(GateKind.values())
                    .filter(k -> k != GateKind.UNITARY)
                    .map(
                        k -> {
                          SplittableRandom rnd = new SplittableRandom(seed * 1000 + k.ordinal());
                          double[] p = new double[k.numParams()];
                          for (int i = 0; i < p.length; i++) {
                            p[i] = rnd.nextDouble(-2 * Math.PI, 2 * Math.PI);
                          }
                          return Arguments.of(k, seed, p);
                        }));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("standardKindsWithAngles")
  void matrix_ofEveryStandardKind_isUnitary(GateKind kind, long seed, double[] angles) {
    assertThat(TestMatrices.isUnitary(kind.matrix(angles))).isTrue();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("standardKindsWithAngles")
  void matrix_ofEveryStandardKind_equalsTextbookConstruction(
      GateKind kind, long seed, double[] angles) {
    double[] m = kind.matrix(angles);
    assertThat(TestMatrices.maxAbsDiff(m, textbook(kind, angles)))
        .as("%s%s", kind, Arrays.toString(angles))
        .isLessThan(1e-12);
  }

  @Test
  void ccx_textbookConstruction_isToffoli() {
    // guard the guard: |110> <-> |111>, every other basis state fixed
    double[] expected = identity(8);
    expected[2 * (6 * 8 + 6)] = 0;
    expected[2 * (7 * 8 + 7)] = 0;
    expected[2 * (6 * 8 + 7)] = 1;
    expected[2 * (7 * 8 + 6)] = 1;
    assertThat(close(textbook(GateKind.CCX, new double[0]), expected)).isTrue();
  }

  @ParameterizedTest(name = "theta = {0}")
  @MethodSource("angles")
  void u_withQiskitSpecialAngles_equalsRxRyP(double theta) {
    // Qiskit's UGate docs: U(θ, -π/2, π/2) = RX(θ), U(θ, 0, 0) = RY(θ), U(0, 0, λ) = P(λ)
    assertThat(close(GateKind.U.matrix(theta, -Math.PI / 2, Math.PI / 2), rotation(X, theta)))
        .isTrue();
    assertThat(close(GateKind.U.matrix(theta, 0, 0), rotation(Y, theta))).isTrue();
    assertThat(close(GateKind.U.matrix(0, 0, theta), diag(0, theta))).isTrue();
    // and U(π/2, 0, π) = H
    assertThat(close(GateKind.U.matrix(Math.PI / 2, 0, Math.PI), GateKind.H.matrix())).isTrue();
  }

  static Stream<Double> angles() {
    return Stream.of(-3.0, -0.5, 0.0, 0.25, 1.0, Math.PI, 5.5);
  }

  @ParameterizedTest(name = "theta = {0}")
  @MethodSource("angles")
  void rzz_isDiagonalWithParityPhases(double theta) {
    double h = theta / 2;
    assertThat(close(GateKind.RZZ.matrix(theta), diag(-h, h, h, -h))).isTrue();
  }

  @ParameterizedTest(name = "theta = {0}")
  @MethodSource("angles")
  void rotations_upToGlobalPhase_matchPhaseGates(double theta) {
    // RZ(λ) = e^{-iλ/2} P(λ); CP is not CRZ: their difference is a relative phase on the control
    assertThat(closeUpToPhase(GateKind.RZ.matrix(theta), GateKind.P.matrix(theta))).isTrue();
    double[] crz = GateKind.CRZ.matrix(theta);
    double[] cpTimesPhase = mul(kron(diag(0, -theta / 2), I2), GateKind.CP.matrix(theta));
    assertThat(close(crz, cpTimesPhase)).isTrue();
  }

  @Test
  void sx_squared_isX() {
    double[] sx = GateKind.SX.matrix();
    assertThat(close(mul(sx, sx), X)).isTrue();
  }

  @Test
  void matrix_withWrongAngleCount_isIllegalArgument() {
    assertThatThrownBy(() -> GateKind.RX.matrix()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateKind.UNITARY.matrix())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(GateKind.class)
  void isDiagonal_agreesWithMatrix(GateKind kind) {
    if (kind == GateKind.UNITARY) {
      return;
    }
    double[] p = new double[kind.numParams()];
    Arrays.fill(p, 0.7);
    double[] m = kind.matrix(p);
    int d = TestMatrices.dim(m);
    boolean diagonal = true;
    for (int r = 0; r < d; r++) {
      for (int c = 0; c < d; c++) {
        if (r != c && Math.hypot(m[2 * (r * d + c)], m[2 * (r * d + c) + 1]) > 1e-15) {
          diagonal = false;
        }
      }
    }
    assertThat(kind.isDiagonal()).isEqualTo(diagonal);
  }
}
