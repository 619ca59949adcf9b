package io.qstep.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * Small dense-matrix tools for the OpenQASM layer: the unitary of a short gate list, comparison up
 * to global phase, and an exact (up to global phase) decomposition of a custom unitary into IR
 * gates. Matrices are row-major, interleaved (re, im), as in {@link GateKind}.
 *
 * <p>The decomposition feeds the canonical OpenQASM text and so the circuit version: it uses only
 * IEEE arithmetic and {@link StrictMath}, which give the same bits on every platform.
 */
final class Unitaries {
  private Unitaries() {}

  /** Below this magnitude an entry counts as zero during elimination. */
  static final double EPS_ZERO = 1e-14;

  /** Angles smaller than this are printed as 0. */
  static final double EPS_ANGLE = 1e-13;

  /** Largest custom unitary the exporter decomposes; the gate count grows ~ 8^k. */
  static final int MAX_DECOMPOSED_QUBITS = 5;

  /**
   * The unitary of {@code gates} (bound) on {@code n} qubits, in the gate-matrix convention: qubit
   * 0 is the <em>most</em> significant bit, as for a gate whose arguments are qubits 0..n-1 in
   * order.
   */
  static double[] gateMatrix(int n, List<Gate> gates) {
    int dim = 1 << n;
    double[] u = new double[2 * dim * dim];
    for (int i = 0; i < dim; i++) {
      u[2 * (i * dim + i)] = 1;
    }
    double[] col = new double[2 * dim];
    for (Gate g : gates) {
      double[] m = g.matrix();
      int[] bits = new int[g.arity()];
      for (int t = 0; t < bits.length; t++) {
        bits[t] = n - 1 - g.qubit(t);
      }
      for (int c = 0; c < dim; c++) {
        for (int r = 0; r < dim; r++) {
          col[2 * r] = u[2 * (r * dim + c)];
          col[2 * r + 1] = u[2 * (r * dim + c) + 1];
        }
        applyToVector(col, m, bits);
        for (int r = 0; r < dim; r++) {
          u[2 * (r * dim + c)] = col[2 * r];
          u[2 * (r * dim + c) + 1] = col[2 * r + 1];
        }
      }
    }
    return u;
  }

  /**
   * Applies gate matrix {@code m} to the vector; {@code bits[t]} is the index bit of argument t.
   */
  private static void applyToVector(double[] v, double[] m, int[] bits) {
    int a = bits.length;
    int gdim = 1 << a;
    int mask = 0;
    for (int b : bits) {
      mask |= 1 << b;
    }
    int[] offs = new int[gdim];
    for (int j = 0; j < gdim; j++) {
      int o = 0;
      for (int t = 0; t < a; t++) {
        if (((j >> (a - 1 - t)) & 1) != 0) {
          o |= 1 << bits[t];
        }
      }
      offs[j] = o;
    }
    double[] re = new double[gdim];
    double[] im = new double[gdim];
    int dim = v.length / 2;
    for (int base = 0; base < dim; base++) {
      if ((base & mask) != 0) {
        continue;
      }
      for (int j = 0; j < gdim; j++) {
        re[j] = v[2 * (base | offs[j])];
        im[j] = v[2 * (base | offs[j]) + 1];
      }
      for (int r = 0; r < gdim; r++) {
        double sr = 0;
        double si = 0;
        for (int c = 0; c < gdim; c++) {
          double mr = m[2 * (r * gdim + c)];
          double mi = m[2 * (r * gdim + c) + 1];
          sr += mr * re[c] - mi * im[c];
          si += mr * im[c] + mi * re[c];
        }
        v[2 * (base | offs[r])] = sr;
        v[2 * (base | offs[r]) + 1] = si;
      }
    }
  }

  /** Whether {@code a = e^{iφ} b} for some φ, entry-wise within {@code tol}. */
  static boolean equalUpToPhase(double[] a, double[] b, double tol) {
    if (a.length != b.length) {
      return false;
    }
    int k = 0;
    double best = -1;
    for (int i = 0; i < b.length; i += 2) {
      double mag = Math.hypot(b[i], b[i + 1]);
      if (mag > best) {
        best = mag;
        k = i;
      }
    }
    if (best < tol) {
      return false;
    }
    // phase = a_k / b_k, normalised
    double d = b[k] * b[k] + b[k + 1] * b[k + 1];
    double pr = (a[k] * b[k] + a[k + 1] * b[k + 1]) / d;
    double pi = (a[k + 1] * b[k] - a[k] * b[k + 1]) / d;
    double pm = Math.hypot(pr, pi);
    if (Math.abs(pm - 1) > tol) {
      return false;
    }
    pr /= pm;
    pi /= pm;
    for (int i = 0; i < a.length; i += 2) {
      double er = pr * b[i] - pi * b[i + 1] - a[i];
      double ei = pr * b[i + 1] + pi * b[i] - a[i + 1];
      if (Math.hypot(er, ei) > tol) {
        return false;
      }
    }
    return true;
  }

  /**
   * IR gates on qubits {@code 0..k-1} (argument order of the unitary: qubit 0 is the most
   * significant bit of {@code u}) whose product equals {@code u} up to global phase. One {@code U}
   * for k = 1; for k &ge; 2 a Gray-code sequence of two-level unitaries, each a multi-controlled
   * one-qubit gate built from {@code U}, {@code P}, {@code CX}, {@code CCX} and {@code X}.
   */
  static List<Gate> decompose(double[] u, int k) {
    List<Gate> out = new ArrayList<>();
    if (k == 1) {
      double[] e = zyz(u);
      out.add(uGate(0, e[2], e[1], e[3]));
      return out;
    }
    int dim = 1 << k;
    double[] m = u.clone();
    List<int[]> pairs = new ArrayList<>();
    List<double[]> ops = new ArrayList<>();
    for (int p = 0; p < dim - 1; p++) {
      int col = gray(p);
      for (int r = dim - 1; r > p; r--) {
        int i0 = gray(r - 1);
        int i1 = gray(r);
        double ar = m[2 * (i0 * dim + col)];
        double ai = m[2 * (i0 * dim + col) + 1];
        double br = m[2 * (i1 * dim + col)];
        double bi = m[2 * (i1 * dim + col) + 1];
        double nb = StrictMath.hypot(br, bi);
        if (r > p + 1 && nb <= EPS_ZERO) {
          continue;
        }
        double n = StrictMath.hypot(StrictMath.hypot(ar, ai), nb);
        // G = [[conj(a), conj(b)], [-b, a]] / n zeroes row i1 and leaves n in row i0.
        double[] g = {ar / n, -ai / n, br / n, -bi / n, -br / n, -bi / n, ar / n, ai / n};
        if (isIdentity(g)) {
          continue;
        }
        applyToRows(m, dim, i0, i1, g);
        pairs.add(new int[] {i0, i1});
        ops.add(g);
      }
    }
    int last = gray(dim - 1);
    double phr = m[2 * (last * dim + last)];
    double phi = m[2 * (last * dim + last) + 1];
    double[] fix = {1, 0, 0, 0, 0, 0, phr, -phi};
    if (!isIdentity(fix)) {
      pairs.add(new int[] {gray(dim - 2), last});
      ops.add(fix);
    }
    // G_m ... G_1 u = I, so u = G_1^† ... G_m^†: G_m^† acts first.
    for (int i = ops.size() - 1; i >= 0; i--) {
      twoLevel(pairs.get(i)[0], pairs.get(i)[1], dagger(ops.get(i)), k, out);
    }
    return out;
  }

  private static int gray(int i) {
    return i ^ (i >> 1);
  }

  private static void applyToRows(double[] m, int dim, int i0, int i1, double[] g) {
    for (int c = 0; c < dim; c++) {
      double xr = m[2 * (i0 * dim + c)];
      double xi = m[2 * (i0 * dim + c) + 1];
      double yr = m[2 * (i1 * dim + c)];
      double yi = m[2 * (i1 * dim + c) + 1];
      m[2 * (i0 * dim + c)] = g[0] * xr - g[1] * xi + g[2] * yr - g[3] * yi;
      m[2 * (i0 * dim + c) + 1] = g[0] * xi + g[1] * xr + g[2] * yi + g[3] * yr;
      m[2 * (i1 * dim + c)] = g[4] * xr - g[5] * xi + g[6] * yr - g[7] * yi;
      m[2 * (i1 * dim + c) + 1] = g[4] * xi + g[5] * xr + g[6] * yi + g[7] * yr;
    }
  }

  /** Emits {@code v} acting on the span of basis states i0, i1 (which differ in one bit). */
  private static void twoLevel(int i0, int i1, double[] v, int k, List<Gate> out) {
    int t = Integer.numberOfTrailingZeros(i0 ^ i1);
    double[] w = v;
    if (((i0 >> t) & 1) == 1) {
      // rows/columns are ordered (|1>, |0>) on the target: swap them
      w = new double[] {v[6], v[7], v[4], v[5], v[2], v[3], v[0], v[1]};
    }
    List<Integer> controls = new ArrayList<>();
    List<Integer> flipped = new ArrayList<>();
    for (int q = 0; q < k; q++) {
      int bit = k - 1 - q;
      if (bit == t) {
        continue;
      }
      controls.add(q);
      if (((i0 >> bit) & 1) == 0) {
        flipped.add(q);
      }
    }
    for (int q : flipped) {
      out.add(Gate.of(GateKind.X, new int[] {q}));
    }
    controlled(controls, k - 1 - t, w, out);
    for (int q : flipped) {
      out.add(Gate.of(GateKind.X, new int[] {q}));
    }
  }

  /** The one-qubit unitary {@code v} on {@code target}, applied when every control is |1>. */
  private static void controlled(List<Integer> controls, int target, double[] v, List<Gate> out) {
    int m = controls.size();
    if (m == 1) {
      singlyControlled(controls.get(0), target, v, out);
      return;
    }
    if (m == 2 && isPauliX(v)) {
      out.add(Gate.of(GateKind.CCX, new int[] {controls.get(0), controls.get(1), target}));
      return;
    }
    // Barenco et al. 1995, lemma 7.5: C^m(W^2) from C(W), C(W^†), C^(m-1)(X) and C^(m-1)(W).
    double[] w = sqrt(v);
    int last = controls.get(m - 1);
    List<Integer> rest = controls.subList(0, m - 1);
    singlyControlled(last, target, w, out);
    multiControlledX(rest, last, out);
    singlyControlled(last, target, dagger(w), out);
    multiControlledX(rest, last, out);
    controlled(rest, target, w, out);
  }

  private static void multiControlledX(List<Integer> controls, int target, List<Gate> out) {
    if (controls.size() == 1) {
      out.add(Gate.of(GateKind.CX, new int[] {controls.get(0), target}));
    } else {
      controlled(controls, target, new double[] {0, 0, 1, 0, 1, 0, 0, 0}, out);
    }
  }

  /**
   * C(V) for V = e^{iα} RZ(β) RY(γ) RZ(δ) (Nielsen &amp; Chuang, corollary 4.2): C; CX; B; CX; A on
   * the target with ABC = I and AXBXC = e^{-iα} V, then P(α) on the control.
   */
  private static void singlyControlled(int c, int t, double[] v, List<Gate> out) {
    double[] e = zyz(v);
    double alpha = e[0];
    double beta = e[1];
    double gamma = e[2];
    double delta = e[3];
    double lamC = snap((delta - beta) / 2);
    if (lamC != 0.0) { // snapped: exactly zero means "no gate"
      out.add(uGate(t, 0, 0, lamC));
    }
    out.add(Gate.of(GateKind.CX, new int[] {c, t}));
    out.add(uGate(t, -gamma / 2, 0, -(delta + beta) / 2));
    out.add(Gate.of(GateKind.CX, new int[] {c, t}));
    out.add(uGate(t, gamma / 2, beta, 0));
    double a = snap(alpha);
    if (a != 0.0) {
      out.add(Gate.of(GateKind.P, new int[] {c}, a));
    }
  }

  private static Gate uGate(int q, double theta, double phi, double lambda) {
    return Gate.of(GateKind.U, new int[] {q}, snap(theta), snap(phi), snap(lambda));
  }

  private static double snap(double x) {
    return Math.abs(x) < EPS_ANGLE ? 0.0 : x + 0.0;
  }

  /** {α, β, γ, δ} with v = e^{iα} RZ(β) RY(γ) RZ(δ). */
  static double[] zyz(double[] v) {
    double detr = v[0] * v[6] - v[1] * v[7] - (v[2] * v[4] - v[3] * v[5]);
    double deti = v[0] * v[7] + v[1] * v[6] - (v[2] * v[5] + v[3] * v[4]);
    double alpha = StrictMath.atan2(deti, detr) / 2;
    double cr = StrictMath.cos(alpha);
    double ci = -StrictMath.sin(alpha);
    // w = e^{-iα} v is in SU(2): w10 = e^{i(β-δ)/2} sin(γ/2), w11 = e^{i(β+δ)/2} cos(γ/2)
    double w10r = cr * v[4] - ci * v[5];
    double w10i = cr * v[5] + ci * v[4];
    double w11r = cr * v[6] - ci * v[7];
    double w11i = cr * v[7] + ci * v[6];
    double s = StrictMath.hypot(w10r, w10i);
    double c = StrictMath.hypot(w11r, w11i);
    double gamma = 2 * StrictMath.atan2(s, c);
    double sum = c > EPS_ZERO ? 2 * StrictMath.atan2(w11i, w11r) : 0;
    double diff = s > EPS_ZERO ? 2 * StrictMath.atan2(w10i, w10r) : 0;
    return new double[] {alpha, (sum + diff) / 2, gamma, (sum - diff) / 2};
  }

  /** A square root of a 2x2 unitary: (v + s I) / t with s^2 = det v, t^2 = tr v + 2s. */
  static double[] sqrt(double[] v) {
    double detr = v[0] * v[6] - v[1] * v[7] - (v[2] * v[4] - v[3] * v[5]);
    double deti = v[0] * v[7] + v[1] * v[6] - (v[2] * v[5] + v[3] * v[4]);
    double[] s = csqrt(detr, deti);
    double trr = v[0] + v[6];
    double tri = v[1] + v[7];
    double t2r = trr + 2 * s[0];
    double t2i = tri + 2 * s[1];
    double altr = trr - 2 * s[0];
    double alti = tri - 2 * s[1];
    if (StrictMath.hypot(altr, alti) > StrictMath.hypot(t2r, t2i)) {
      s[0] = -s[0];
      s[1] = -s[1];
      t2r = altr;
      t2i = alti;
    }
    double[] t = csqrt(t2r, t2i);
    double d = t[0] * t[0] + t[1] * t[1];
    double[] w = v.clone();
    w[0] += s[0];
    w[1] += s[1];
    w[6] += s[0];
    w[7] += s[1];
    for (int i = 0; i < 8; i += 2) {
      double r = (w[i] * t[0] + w[i + 1] * t[1]) / d;
      double im = (w[i + 1] * t[0] - w[i] * t[1]) / d;
      w[i] = r;
      w[i + 1] = im;
    }
    return w;
  }

  private static double[] csqrt(double re, double im) {
    double r = StrictMath.hypot(re, im);
    double a = StrictMath.sqrt(Math.max(0, (r + re) / 2));
    double b = StrictMath.sqrt(Math.max(0, (r - re) / 2));
    return new double[] {a, im < 0 ? -b : b};
  }

  static double[] dagger(double[] v) {
    return new double[] {v[0], -v[1], v[4], -v[5], v[2], -v[3], v[6], -v[7]};
  }

  private static boolean isIdentity(double[] g) {
    return Math.abs(g[0] - 1) <= EPS_ZERO
        && Math.abs(g[1]) <= EPS_ZERO
        && Math.abs(g[2]) <= EPS_ZERO
        && Math.abs(g[3]) <= EPS_ZERO
        && Math.abs(g[4]) <= EPS_ZERO
        && Math.abs(g[5]) <= EPS_ZERO
        && Math.abs(g[6] - 1) <= EPS_ZERO
        && Math.abs(g[7]) <= EPS_ZERO;
  }

  private static boolean isPauliX(double[] v) {
    return Math.abs(v[0]) <= EPS_ZERO
        && Math.abs(v[1]) <= EPS_ZERO
        && Math.abs(v[2] - 1) <= EPS_ZERO
        && Math.abs(v[3]) <= EPS_ZERO
        && Math.abs(v[4] - 1) <= EPS_ZERO
        && Math.abs(v[5]) <= EPS_ZERO
        && Math.abs(v[6]) <= EPS_ZERO
        && Math.abs(v[7]) <= EPS_ZERO;
  }
}
