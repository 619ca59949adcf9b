package io.qstep.runner.stateprep;

import io.qstep.circuit.Circuit;
import io.qstep.runner.transpile.Kak;

/**
 * Compiles real two-qubit gates to CX and U gates. Matrices are real 4×4 row-major with the first
 * qubit {@code qa} as the most significant bit of the index (the convention of {@link
 * io.qstep.circuit.GateKind}).
 *
 * <p>An SO(4) matrix O equals M† (A ⊗ B) M for the magic basis M (Vatan and Williams 2004), and M
 * is S⊗S, H on the second qubit and one CX with the second qubit as control: two CX in all. A
 * matrix with det −1 is O·CZ·CZ with O·CZ in SO(4): three CX. A gate that acts on |00⟩ only needs
 * one CX (Schmidt decomposition of the two-qubit state).
 */
public final class TwoQubitGates {
  private TwoQubitGates() {}

  private static final double R = Math.sqrt(0.5);

  /** Determinants within this of ±1 count as ±1. */
  static final double EPS_DET = 1e-8;

  /** Appends the gates of {@code o} (real orthogonal 4×4) on qubits (qa, qb). */
  public static void orthogonal(Circuit.Builder b, double[] o, int qa, int qb) {
    double det = det4(o);
    if (Math.abs(Math.abs(det) - 1) > EPS_DET) {
      throw new IllegalArgumentException("not orthogonal: det = " + det);
    }
    if (det < 0) {
      // O = (O·CZ)·CZ: CZ first in time, as H·CX·H
      double[] ocz = o.clone();
      for (int r = 0; r < 4; r++) {
        ocz[4 * r + 3] = -ocz[4 * r + 3];
      }
      b.u(qb, Math.PI / 2, 0, Math.PI);
      b.cx(qa, qb);
      b.u(qb, Math.PI / 2, 0, Math.PI);
      special(b, ocz, qa, qb);
      return;
    }
    special(b, o, qa, qb);
  }

  /** O ∈ SO(4) = M† (A⊗B) M; time order: M, A⊗B, M†. */
  private static void special(Circuit.Builder b, double[] o, int qa, int qb) {
    double[] w = magicConjugate(o);
    double[][] ab = Kak.product(w); // A, B with w = A ⊗ B up to a global phase
    if (ab == null) {
      throw new IllegalStateException("magic-basis conjugate of an SO(4) is not a product");
    }
    // M = CX(qb → qa) · (S ⊗ H S): before the CX, S on qa and H·S on qb.
    // M† = (S† ⊗ S† H) · CX(qb → qa).
    double[] s = {1, 0, 0, 0, 0, 0, 0, 1};
    double[] sdg = {1, 0, 0, 0, 0, 0, 0, -1};
    double[] h = {R, 0, R, 0, R, 0, -R, 0};
    one(b, qa, s);
    one(b, qb, mul2(h, s));
    b.cx(qb, qa);
    one(b, qa, ab[0]);
    one(b, qb, ab[1]);
    b.cx(qb, qa);
    one(b, qa, sdg);
    one(b, qb, mul2(sdg, h));
  }

  /**
   * Appends one CX and U gates that map |00⟩ on (qa, qb) to the real unit vector {@code v} (index
   * 2·bit(qa) + bit(qb)), up to global phase.
   */
  public static void stateOnZero(Circuit.Builder b, double[] v, int qa, int qb) {
    // v as 2×2 matrix V[a][b]; SVD V = U diag(s0, s1) Wᵀ gives v = Σ s_k u_k ⊗ w_k
    double a = v[0];
    double bb = v[1];
    double c = v[2];
    double d = v[3];
    double[] svd = svd2(a, bb, c, d);
    double theta = 2 * Math.atan2(svd[1], svd[0]);
    b.ry(qa, theta);
    b.cx(qa, qb);
    // U columns u0, u1; W columns w0, w1 (real 2×2, possibly det −1: still one U gate each)
    one(b, qa, real2(svd[2], svd[3], svd[4], svd[5]));
    one(b, qb, real2(svd[6], svd[7], svd[8], svd[9]));
  }

  /**
   * SVD of the real 2×2 [[a, b], [c, d]] = U diag(s0, s1) Wᵀ with s0 ≥ s1 ≥ 0. Returns {s0, s1,
   * U00, U01, U10, U11, W00, W01, W10, W11}.
   */
  static double[] svd2(double a, double b, double c, double d) {
    org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(2, 2, true, a, b, c, d);
    var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(2, 2, true, true, false);
    if (!svd.decompose(m)) {
      throw new ArithmeticException("2x2 SVD failed");
    }
    var u = svd.getU(null, false);
    var v = svd.getV(null, false);
    var wm = svd.getW(null);
    org.ejml.dense.row.SingularOps_DDRM.descendingOrder(u, false, wm, v, false);
    return new double[] {
      wm.get(0, 0),
      wm.get(1, 1),
      u.get(0, 0),
      u.get(0, 1),
      u.get(1, 0),
      u.get(1, 1),
      v.get(0, 0),
      v.get(0, 1),
      v.get(1, 0),
      v.get(1, 1)
    };
  }

  private static double[] real2(double m00, double m01, double m10, double m11) {
    return new double[] {m00, 0, m01, 0, m10, 0, m11, 0};
  }

  /** Appends the 2×2 unitary {@code u} (interleaved complex) on {@code q} as one U gate. */
  static void one(Circuit.Builder b, int q, double[] u) {
    double[] e = zyz(u);
    b.u(q, e[2], e[1], e[3]);
  }

  /** {α, β, γ, δ} with u = e^{iα} RZ(β) RY(γ) RZ(δ), so u ≅ U(γ, β, δ). */
  static double[] zyz(double[] v) {
    double detr = v[0] * v[6] - v[1] * v[7] - (v[2] * v[4] - v[3] * v[5]);
    double deti = v[0] * v[7] + v[1] * v[6] - (v[2] * v[5] + v[3] * v[4]);
    double alpha = Math.atan2(deti, detr) / 2;
    double cr = Math.cos(alpha);
    double ci = -Math.sin(alpha);
    double w10r = cr * v[4] - ci * v[5];
    double w10i = cr * v[5] + ci * v[4];
    double w11r = cr * v[6] - ci * v[7];
    double w11i = cr * v[7] + ci * v[6];
    double s = Math.hypot(w10r, w10i);
    double c = Math.hypot(w11r, w11i);
    double gamma = 2 * Math.atan2(s, c);
    double sum = c > 1e-14 ? 2 * Math.atan2(w11i, w11r) : 0;
    double diff = s > 1e-14 ? 2 * Math.atan2(w10i, w10r) : 0;
    return new double[] {alpha, (sum + diff) / 2, gamma, (sum - diff) / 2};
  }

  /** M O M† for the magic basis M, as an interleaved complex 4×4. */
  static double[] magicConjugate(double[] o) {
    double[] m = magic();
    double[] oc = new double[32];
    for (int i = 0; i < 16; i++) {
      oc[2 * i] = o[i];
    }
    return mul4(mul4(m, oc), dagger4(m));
  }

  /** M = (1/√2) [[1, i, 0, 0], [0, 0, i, 1], [0, 0, i, −1], [1, −i, 0, 0]]. */
  private static double[] magic() {
    double[] m = new double[32];
    set(m, 0, 0, R, 0);
    set(m, 0, 1, 0, R);
    set(m, 1, 2, 0, R);
    set(m, 1, 3, R, 0);
    set(m, 2, 2, 0, R);
    set(m, 2, 3, -R, 0);
    set(m, 3, 0, R, 0);
    set(m, 3, 1, 0, -R);
    return m;
  }

  private static void set(double[] m, int r, int c, double re, double im) {
    m[2 * (4 * r + c)] = re;
    m[2 * (4 * r + c) + 1] = im;
  }

  static double[] mul2(double[] a, double[] b) {
    double[] c = new double[8];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double re = 0;
        double im = 0;
        for (int k = 0; k < 2; k++) {
          double ar = a[2 * (2 * i + k)];
          double ai = a[2 * (2 * i + k) + 1];
          double br = b[2 * (2 * k + j)];
          double bi = b[2 * (2 * k + j) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        c[2 * (2 * i + j)] = re;
        c[2 * (2 * i + j) + 1] = im;
      }
    }
    return c;
  }

  private static double[] mul4(double[] a, double[] b) {
    double[] c = new double[32];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double re = 0;
        double im = 0;
        for (int k = 0; k < 4; k++) {
          double ar = a[2 * (4 * i + k)];
          double ai = a[2 * (4 * i + k) + 1];
          double br = b[2 * (4 * k + j)];
          double bi = b[2 * (4 * k + j) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        c[2 * (4 * i + j)] = re;
        c[2 * (4 * i + j) + 1] = im;
      }
    }
    return c;
  }

  private static double[] dagger4(double[] a) {
    double[] c = new double[32];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        c[2 * (4 * i + j)] = a[2 * (4 * j + i)];
        c[2 * (4 * i + j) + 1] = -a[2 * (4 * j + i) + 1];
      }
    }
    return c;
  }

  /** Determinant of a real row-major 4×4. */
  static double det4(double[] o) {
    return org.ejml.dense.row.CommonOps_DDRM.det(org.ejml.data.DMatrixRMaj.wrap(4, 4, o.clone()));
  }
}
