package io.qstep.runner.transpile;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * One-qubit algebra: 2×2 products (row-major, interleaved re/im), ZYZ Euler angles, and synthesis
 * of a unitary in a target's {@link Target.EulerForm}. Stateless.
 */
final class OneQubit {
  /** Angles within this of a special value (0, π/2, π) take the shorter form. */
  static final double EPS_ANGLE = 1e-10;

  private OneQubit() {}

  static double[] identity() {
    return new double[] {1, 0, 0, 0, 0, 0, 1, 0};
  }

  /** a · b. */
  static double[] mul(double[] a, double[] b) {
    double[] c = new double[8];
    for (int r = 0; r < 2; r++) {
      for (int k = 0; k < 2; k++) {
        double re = 0;
        double im = 0;
        for (int j = 0; j < 2; j++) {
          double ar = a[2 * (r * 2 + j)];
          double ai = a[2 * (r * 2 + j) + 1];
          double br = b[2 * (j * 2 + k)];
          double bi = b[2 * (j * 2 + k) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        c[2 * (r * 2 + k)] = re;
        c[2 * (r * 2 + k) + 1] = im;
      }
    }
    return c;
  }

  /** {θ, φ, λ} with u = e^{iα} RZ(φ) RY(θ) RZ(λ), θ in [0, π]. */
  static double[] zyz(double[] v) {
    double detr = v[0] * v[6] - v[1] * v[7] - (v[2] * v[4] - v[3] * v[5]);
    double deti = v[0] * v[7] + v[1] * v[6] - (v[2] * v[5] + v[3] * v[4]);
    double alpha = Math.atan2(deti, detr) / 2;
    double cr = Math.cos(alpha);
    double ci = -Math.sin(alpha);
    // w = e^{-iα} v in SU(2): w10 = e^{i(φ-λ)/2} sin(θ/2), w11 = e^{i(φ+λ)/2} cos(θ/2)
    double w10r = cr * v[4] - ci * v[5];
    double w10i = cr * v[5] + ci * v[4];
    double w11r = cr * v[6] - ci * v[7];
    double w11i = cr * v[7] + ci * v[6];
    double s = Math.hypot(w10r, w10i);
    double c = Math.hypot(w11r, w11i);
    double theta = 2 * Math.atan2(s, c);
    double sum = c > 1e-14 ? 2 * Math.atan2(w11i, w11r) : 0;
    double diff = s > 1e-14 ? 2 * Math.atan2(w10i, w10r) : 0;
    return new double[] {theta, (sum + diff) / 2, (sum - diff) / 2};
  }

  /** The angle in (-π, π]. */
  static double wrap(double a) {
    double w = Math.IEEEremainder(a, 2 * Math.PI);
    return w <= -Math.PI ? w + 2 * Math.PI : w;
  }

  static boolean near(double a, double b) {
    return Math.abs(wrap(a - b)) < EPS_ANGLE;
  }

  /** Whether {@code u} is the identity up to a global phase. */
  static boolean isIdentity(double[] u) {
    double[] e = zyz(u);
    return Math.abs(e[0]) < EPS_ANGLE && near(e[1] + e[2], 0);
  }

  /** Gates on {@code q} in {@code target}'s form whose product is {@code u} up to phase. */
  static List<Gate> synthesize(double[] u, int q, Target target) {
    double[] e = zyz(u);
    double theta = e[0];
    double phi = e[1];
    double lambda = e[2];
    List<Gate> out = new ArrayList<>(5);
    Target.EulerForm form = target.eulerForm();
    if (form == Target.EulerForm.U) {
      if (!(Math.abs(theta) < EPS_ANGLE && near(phi + lambda, 0))) {
        out.add(g(GateKind.U, q, wrap(theta), wrap(phi), wrap(lambda)));
      }
      return out;
    }
    if (Math.abs(theta) < EPS_ANGLE) {
      rz(out, q, phi + lambda);
      return out;
    }
    switch (form) {
      case ZYZ -> {
        rz(out, q, lambda);
        out.add(g(GateKind.RY, q, theta));
        rz(out, q, phi);
      }
      case ZXZ -> {
        rz(out, q, lambda - Math.PI / 2);
        out.add(g(GateKind.RX, q, theta));
        rz(out, q, phi + Math.PI / 2);
      }
      case ZSX, ZXZ_HALF -> {
        boolean sx = form == Target.EulerForm.ZSX;
        boolean nativePi = sx ? target.basis().contains(GateKind.X) : true;
        if (Math.abs(theta - Math.PI / 2) < EPS_ANGLE) {
          rz(out, q, lambda - Math.PI / 2);
          half(out, q, sx);
          rz(out, q, phi + Math.PI / 2);
        } else if (Math.abs(theta - Math.PI) < EPS_ANGLE && nativePi) {
          out.add(sx ? g(GateKind.X, q) : g(GateKind.RX, q, Math.PI));
          rz(out, q, phi - lambda + Math.PI);
        } else {
          rz(out, q, lambda);
          half(out, q, sx);
          rz(out, q, theta + Math.PI);
          half(out, q, sx);
          rz(out, q, phi + Math.PI);
        }
      }
      case U -> throw new AssertionError("handled above");
    }
    return out;
  }

  private static void half(List<Gate> out, int q, boolean sx) {
    out.add(sx ? g(GateKind.SX, q) : g(GateKind.RX, q, Math.PI / 2));
  }

  private static void rz(List<Gate> out, int q, double angle) {
    double a = wrap(angle);
    if (Math.abs(a) >= EPS_ANGLE) {
      out.add(g(GateKind.RZ, q, a));
    }
  }

  static Gate g(GateKind k, int q, double... angles) {
    return Gate.of(k, new int[] {q}, angles);
  }

  /** The symbolic Z rotation {@code p} on {@code q} in the target's form (RZ, or U(0, 0, p)). */
  static Gate symbolicRz(Param p, int q, Target target) {
    if (target.basis().contains(GateKind.RZ)) {
      return Gate.of(GateKind.RZ, new int[] {q}, List.of(p));
    }
    return Gate.of(GateKind.U, new int[] {q}, List.of(Param.of(0), Param.of(0), p));
  }

  /** Whether a bound one-qubit gate may be emitted as is on {@code target}. */
  static boolean isNative(Gate g, Target target) {
    if (!target.basis().contains(g.kind())) {
      return false;
    }
    if (g.kind() == GateKind.RX && target.restrictedRx()) {
      double a = g.angles(java.util.Map.of())[0];
      return near(a, Math.PI / 2) || near(a, -Math.PI / 2) || near(a, Math.PI);
    }
    return true;
  }
}
