package io.qstep.runner.transpile;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * KAK (Cartan) decomposition of a two-qubit unitary and its synthesis with the fewest CX.
 *
 * <p>Matrices are 4×4, row-major, interleaved (re, im), with the first qubit of the pair as the
 * most significant bit of the index (the convention of {@link GateKind#matrix}). Every U in U(4)
 * is, up to a global phase, {@code (A1 ⊗ B1) · N(a, b, c) · (A2 ⊗ B2)} with N(a, b, c) = exp(i(a XX
 * + b YY + c ZZ)). In the magic basis M the local factors are real orthogonal and N is diagonal, so
 * the diagonaliser of the symmetric unitary (M†UM)ᵀ(M†UM) by a real orthogonal matrix gives the
 * three factors. Its real and imaginary parts are commuting real symmetric matrices; a random real
 * combination of them has (almost surely) the common eigenvectors, which also holds when the
 * spectrum is degenerate (identity, CZ, SWAP); the result is checked and other combinations are
 * tried when the check fails.
 *
 * <p>Synthesis (Shende, Bullock, Markov 2004; Vatan, Williams 2004): with each coefficient reduced
 * to [−π/4, π/4] (shifts by π/2 are the local factor iσ⊗σ), none non-zero is a product of local
 * gates (0 CX); a single one at ±π/4 is CX up to locals (1 CX); at most two non-zero take 2 CX;
 * else 3 CX. Stateless.
 */
public final class Kak {
  /** Interaction coefficients below this (radians) count as zero. */
  static final double EPS_COEFF = 1e-9;

  /** Off-diagonal residue allowed after diagonalising the symmetric unitary. */
  private static final double EPS_DIAG = 1e-9;

  private static final double R = Math.sqrt(0.5);
  private static final double[] MAGIC = magic();
  private static final double[] MAGIC_DAG = dagger(MAGIC, 4);

  private static final double[] PX = {0, 0, 1, 0, 1, 0, 0, 0};
  private static final double[] PY = {0, 0, 0, -1, 0, 1, 0, 0};
  private static final double[] PZ = {1, 0, 0, 0, 0, 0, -1, 0};
  private static final double[] H = {R, 0, R, 0, R, 0, -R, 0};
  private static final double[] S = {1, 0, 0, 0, 0, 0, 0, 1};
  private static final double[] SDG = {1, 0, 0, 0, 0, 0, 0, -1};

  private Kak() {}

  /**
   * U ≅ (a1 ⊗ b1) · N(c[0], c[1], c[2]) · (a2 ⊗ b2), the one-qubit factors in SU(2) (2×2
   * interleaved), with each coefficient in [−π/4, π/4].
   */
  record Decomposition(double[] a1, double[] b1, double[] coeffs, double[] a2, double[] b2) {
    /** The fewest CX that implement the unitary: 0, 1, 2 or 3. */
    int cxCount() {
      int nz = 0;
      int quarter = 0;
      for (double c : coeffs) {
        if (Math.abs(c) >= EPS_COEFF) {
          nz++;
          if (Math.abs(Math.abs(c) - Math.PI / 4) < EPS_COEFF) {
            quarter++;
          }
        }
      }
      if (nz == 0) {
        return 0;
      }
      if (nz == 1 && quarter == 1) {
        return 1;
      }
      return nz == 3 ? 3 : 2;
    }
  }

  /**
   * tr((M†UM)ᵀ(M†UM)) for U scaled into SU(4), {re, im}: real iff U takes at most 2 CX, 0 for the
   * CX class and ±4 for local products (Shende, Bullock, Markov 2004). Cheaper than {@link
   * #decompose}; a filter before it.
   */
  static double[] gammaTrace(double[] u) {
    double[] up = mul(mul(MAGIC_DAG, toSpecial(u), 4), MAGIC, 4);
    double re = 0;
    double im = 0;
    for (int i = 0; i < 32; i += 2) {
      re += up[i] * up[i] - up[i + 1] * up[i + 1];
      im += 2 * up[i] * up[i + 1];
    }
    return new double[] {re, im};
  }

  /**
   * The decomposition of a 4×4 unitary; null when the eigenvectors could not be found to {@link
   * #EPS_DIAG} (not seen in practice; callers keep the original gates).
   */
  static Decomposition decompose(double[] u) {
    double[] su = toSpecial(u);
    double[] up = mul(mul(MAGIC_DAG, su, 4), MAGIC, 4);
    double[] m2 = mul(transpose(up, 4), up, 4);
    double[] p = realEigenvectors(m2);
    if (p == null) {
      return null;
    }
    // D = Pᵀ M2 P is diagonal with phases θ_k; half-angles with product 1 so that K1' is in SO(4)
    double[] pc = real2complex(p);
    double[] d = mul(mul(transpose(pc, 4), m2, 4), pc, 4);
    double[] half = new double[4];
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      half[k] = Math.atan2(d[2 * (5 * k) + 1], d[2 * (5 * k)]) / 2;
      sum += half[k];
    }
    if (Math.cos(sum) < 0) {
      half[0] += Math.PI;
      sum += Math.PI;
    }
    double[] dhInv = new double[32];
    for (int k = 0; k < 4; k++) {
      dhInv[2 * (5 * k)] = Math.cos(half[k]);
      dhInv[2 * (5 * k) + 1] = -Math.sin(half[k]);
    }
    double[] k1p = mul(mul(up, pc, 4), dhInv, 4);
    // U = (M K1' M†)(M Dh M†)(M Pᵀ M†); M Dh M† = e^{ig} N(a, b, c) with eigenphases on the magic
    // states Φ+, iΦ−, iΨ+, Ψ−: a−b+c, −a+b+c, a+b−c, −a−b−c
    double g = sum / 4;
    double[] coeffs = {
      (half[0] + half[2]) / 2 - g, (half[1] + half[2]) / 2 - g, (half[0] + half[1]) / 2 - g
    };
    double[][] l1 = product(mul(mul(MAGIC, k1p, 4), MAGIC_DAG, 4));
    double[][] l2 = product(mul(mul(MAGIC, transpose(pc, 4), 4), MAGIC_DAG, 4));
    if (l1 == null || l2 == null) {
      return null;
    }
    double[][] paulis = {PX, PY, PZ};
    for (int k = 0; k < 3; k++) {
      long n = Math.round(coeffs[k] / (Math.PI / 2));
      coeffs[k] -= n * (Math.PI / 2);
      if ((n & 1) != 0) {
        // exp(i π/2 σσ) = i σ⊗σ commutes with N: fold it into the left factors
        l1[0] = OneQubit.mul(l1[0], paulis[k]);
        l1[1] = OneQubit.mul(l1[1], paulis[k]);
      }
    }
    return new Decomposition(l1[0], l1[1], coeffs, l2[0], l2[1]);
  }

  /**
   * Gates on (q0, q1) whose product equals {@code u} up to a global phase: one-qubit U gates and
   * {@link Decomposition#cxCount()} CX, oriented as {@code allowed} permits (a CX against it is
   * turned around with Hadamards folded into the neighbouring one-qubit gates). Null when the
   * decomposition failed.
   */
  static List<Gate> synthesize(double[] u, int q0, int q1, Orientation allowed) {
    Decomposition dec = decompose(u);
    return dec == null ? null : synthesize(dec, q0, q1, allowed);
  }

  /** Whether CX may run with the first argument as control; both directions for undirected maps. */
  interface Orientation {
    boolean allows(int control, int target);
  }

  static List<Gate> synthesize(Decomposition dec, int q0, int q1, Orientation allowed) {
    Emitter e = new Emitter(q0, q1, allowed);
    e.one(0, dec.a2());
    e.one(1, dec.b2());
    double[] c = dec.coeffs().clone();
    int n = dec.cxCount();
    switch (n) {
      case 0 -> {}
      case 1 -> {
        int k = Math.abs(c[0]) >= EPS_COEFF ? 0 : Math.abs(c[1]) >= EPS_COEFF ? 1 : 2;
        double[] sigma = k == 0 ? PX : k == 1 ? PY : PZ;
        boolean negative = c[k] < 0;
        // conjugation C (on both qubits) taking Z to the k-th Pauli: N_k(π/4) = C N_z(π/4) C†
        double[] conj = k == 0 ? H : k == 1 ? GateKind.RX.matrix(-Math.PI / 2) : null;
        if (conj != null) {
          e.both(dagger(conj, 2));
        }
        // exp(iπ/4 ZZ) ≅ (RZ(−π/2) ⊗ RZ(−π/2)) · (I ⊗ H) CX (I ⊗ H)
        e.one(1, H);
        e.cx(0, 1);
        e.one(1, H);
        e.both(GateKind.RZ.matrix(-Math.PI / 2));
        if (conj != null) {
          e.both(conj);
        }
        if (negative) {
          // exp(−iπ/4 σσ) = exp(iπ/4 σσ) · (−i σ⊗σ)
          e.both(sigma);
        }
      }
      case 2 -> {
        // N(α, 0, γ) = CX · (RX(−2α) ⊗ RZ(−2γ)) · CX; a zero elsewhere is rotated there
        int zero = Math.abs(c[1]) < EPS_COEFF ? 1 : Math.abs(c[0]) < EPS_COEFF ? 0 : 2;
        double alpha;
        double gamma;
        double[] conj;
        if (zero == 1) {
          alpha = c[0];
          gamma = c[2];
          conj = null;
        } else if (zero == 0) {
          // S X S† = Y: (S⊗S) N(b, 0, c) (S⊗S)† = N(0, b, c)
          alpha = c[1];
          gamma = c[2];
          conj = S;
        } else {
          // RX(π/2) Z RX(π/2)† = −Y: (R⊗R) N(a, 0, b) (R⊗R)† = N(a, b, 0)
          alpha = c[0];
          gamma = c[1];
          conj = GateKind.RX.matrix(Math.PI / 2);
        }
        if (conj != null) {
          e.both(dagger(conj, 2));
        }
        e.cx(0, 1);
        e.one(0, GateKind.RX.matrix(-2 * alpha));
        e.one(1, GateKind.RZ.matrix(-2 * gamma));
        e.cx(0, 1);
        if (conj != null) {
          e.both(conj);
        }
      }
      case 3 -> threeCx(e, c[0], c[1], c[2]);
      default -> throw new AssertionError(n);
    }
    e.one(0, dec.a1());
    e.one(1, dec.b1());
    return e.finish();
  }

  /**
   * N(a, b, c) with three CX: Vatan and Williams 2004, figure 6, with the signs and offsets for
   * this file's RZ/RY convention (checked against the matrix exponential by {@code KakTest}).
   */
  static void threeCx(Emitter e, double a, double b, double c) {
    e.one(1, GateKind.RZ.matrix(Math.PI / 2));
    e.cx(1, 0);
    e.one(0, GateKind.RZ.matrix(Math.PI / 2 - 2 * c));
    e.one(1, GateKind.RY.matrix(Math.PI / 2 - 2 * a));
    e.cx(0, 1);
    e.one(1, GateKind.RY.matrix(2 * b - Math.PI / 2));
    e.cx(1, 0);
    e.one(0, GateKind.RZ.matrix(-Math.PI / 2));
  }

  /**
   * Collects one-qubit matrices per qubit and CX in time order; emits each merged run as one U gate
   * (none when it is the identity).
   */
  static final class Emitter {
    private final int[] qubits;
    private final Orientation allowed;
    private final double[][] pending = {OneQubit.identity(), OneQubit.identity()};
    private final List<Gate> out = new ArrayList<>();

    Emitter(int q0, int q1, Orientation allowed) {
      this.qubits = new int[] {q0, q1};
      this.allowed = allowed;
    }

    void one(int k, double[] m) {
      pending[k] = OneQubit.mul(m, pending[k]);
    }

    void both(double[] m) {
      one(0, m);
      one(1, m);
    }

    void cx(int c, int t) {
      boolean flip = !allowed.allows(qubits[c], qubits[t]);
      if (flip) {
        // CX(c, t) = (H ⊗ H) CX(t, c) (H ⊗ H)
        both(H);
      }
      flush(0);
      flush(1);
      int cc = flip ? t : c;
      int tt = flip ? c : t;
      out.add(Gate.of(GateKind.CX, new int[] {qubits[cc], qubits[tt]}));
      if (flip) {
        both(H);
      }
    }

    private void flush(int k) {
      double[] m = pending[k];
      pending[k] = OneQubit.identity();
      if (OneQubit.isIdentity(m)) {
        return;
      }
      double[] e = OneQubit.zyz(m);
      out.add(OneQubit.g(GateKind.U, qubits[k], e[0], e[1], e[2]));
    }

    List<Gate> finish() {
      flush(0);
      flush(1);
      return out;
    }
  }

  // ---- 4×4 complex algebra -------------------------------------------------------------------

  /** u / det(u)^{1/4}. */
  static double[] toSpecial(double[] u) {
    double[] det = det4(u);
    double mod = Math.pow(Math.hypot(det[0], det[1]), 0.25);
    double arg = Math.atan2(det[1], det[0]) / 4;
    double cr = Math.cos(-arg) / mod;
    double ci = Math.sin(-arg) / mod;
    double[] out = new double[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = u[2 * i] * cr - u[2 * i + 1] * ci;
      out[2 * i + 1] = u[2 * i] * ci + u[2 * i + 1] * cr;
    }
    return out;
  }

  /**
   * A real orthogonal P with det +1 and Pᵀ m P diagonal for a symmetric unitary m; null when no
   * random combination of its real and imaginary parts yields one.
   */
  private static double[] realEigenvectors(double[] m) {
    SplittableRandom rng = new SplittableRandom(0x4B414BL);
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(4, true, true);
    for (int attempt = 0; attempt < 16; attempt++) {
      double x = attempt == 0 ? 1 : rng.nextDouble(-1, 1);
      double y = attempt == 0 ? Math.PI / 7 : rng.nextDouble(-1, 1);
      DMatrixRMaj r = new DMatrixRMaj(4, 4);
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          // symmetrise away rounding
          double re = (m[2 * (4 * i + j)] + m[2 * (4 * j + i)]) / 2;
          double im = (m[2 * (4 * i + j) + 1] + m[2 * (4 * j + i) + 1]) / 2;
          r.set(i, j, x * re + y * im);
        }
      }
      if (!eig.decompose(r)) {
        continue;
      }
      double[] p = new double[16];
      for (int k = 0; k < 4; k++) {
        DMatrixRMaj v = eig.getEigenVector(k);
        if (v == null) {
          p = null;
          break;
        }
        double norm = 0;
        for (int i = 0; i < 4; i++) {
          norm += v.get(i) * v.get(i);
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < 4; i++) {
          p[4 * i + k] = v.get(i) / norm;
        }
      }
      if (p == null) {
        continue;
      }
      if (det4(real2complex(p))[0] < 0) {
        for (int i = 0; i < 4; i++) {
          p[4 * i + 3] = -p[4 * i + 3];
        }
      }
      double[] pc = real2complex(p);
      double[] d = mul(mul(transpose(pc, 4), m, 4), pc, 4);
      double[] ptp = mul(transpose(pc, 4), pc, 4);
      double off = 0;
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          double expected = i == j ? 1 : 0;
          off = Math.max(off, Math.abs(ptp[2 * (4 * i + j)] - expected));
          if (i != j) {
            off = Math.max(off, Math.hypot(d[2 * (4 * i + j)], d[2 * (4 * i + j) + 1]));
          }
        }
      }
      if (off < EPS_DIAG) {
        return p;
      }
    }
    return null;
  }

  /**
   * {a, b} in SU(2) with k ≅ a ⊗ b up to a global phase (first qubit a, on the most significant
   * index bit; 4×4 and 2×2 matrices row-major, interleaved re/im), or null when k is not a product
   * to 1e-7.
   */
  public static double[][] product(double[] k) {
    // k[2i+j][2l+m] = a[i][l] b[j][m]; the heaviest 2×2 block is a multiple of b
    int bi = 0;
    int bl = 0;
    double best = -1;
    for (int i = 0; i < 2; i++) {
      for (int l = 0; l < 2; l++) {
        double w = 0;
        for (int j = 0; j < 2; j++) {
          for (int m = 0; m < 2; m++) {
            int idx = 2 * (4 * (2 * i + j) + 2 * l + m);
            w += k[idx] * k[idx] + k[idx + 1] * k[idx + 1];
          }
        }
        if (w > best) {
          best = w;
          bi = i;
          bl = l;
        }
      }
    }
    double[] b = special(block(k, bi, bl));
    double[] bd = dagger(b, 2);
    double[] a = new double[8];
    for (int i = 0; i < 2; i++) {
      for (int l = 0; l < 2; l++) {
        double[] t = OneQubit.mul(bd, block(k, i, l));
        a[2 * (2 * i + l)] = (t[0] + t[6]) / 2;
        a[2 * (2 * i + l) + 1] = (t[1] + t[7]) / 2;
      }
    }
    a = special(a);
    // check: a ⊗ b equals k up to a phase
    double[] ab = kron(a, b);
    double re = 0;
    double im = 0;
    for (int i = 0; i < 32; i += 2) {
      re += ab[i] * k[i] + ab[i + 1] * k[i + 1];
      im += ab[i] * k[i + 1] - ab[i + 1] * k[i];
    }
    if (Math.abs(Math.hypot(re, im) - 4) > 1e-7) {
      return null;
    }
    return new double[][] {a, b};
  }

  private static double[] block(double[] k, int i, int l) {
    double[] out = new double[8];
    for (int j = 0; j < 2; j++) {
      for (int m = 0; m < 2; m++) {
        int src = 2 * (4 * (2 * i + j) + 2 * l + m);
        out[2 * (2 * j + m)] = k[src];
        out[2 * (2 * j + m) + 1] = k[src + 1];
      }
    }
    return out;
  }

  /** m / sqrt(det m): in SU(2) when m is a non-zero multiple of a unitary. */
  private static double[] special(double[] m) {
    double dr = m[0] * m[6] - m[1] * m[7] - (m[2] * m[4] - m[3] * m[5]);
    double di = m[0] * m[7] + m[1] * m[6] - (m[2] * m[5] + m[3] * m[4]);
    double mod = Math.sqrt(Math.hypot(dr, di));
    double arg = Math.atan2(di, dr) / 2;
    double cr = Math.cos(-arg) / mod;
    double ci = Math.sin(-arg) / mod;
    double[] out = new double[8];
    for (int i = 0; i < 4; i++) {
      out[2 * i] = m[2 * i] * cr - m[2 * i + 1] * ci;
      out[2 * i + 1] = m[2 * i] * ci + m[2 * i + 1] * cr;
    }
    return out;
  }

  /** a ⊗ b for 2×2 a (first qubit, high bit) and b. */
  static double[] kron(double[] a, double[] b) {
    double[] out = new double[32];
    for (int i = 0; i < 2; i++) {
      for (int l = 0; l < 2; l++) {
        double ar = a[2 * (2 * i + l)];
        double ai = a[2 * (2 * i + l) + 1];
        for (int j = 0; j < 2; j++) {
          for (int m = 0; m < 2; m++) {
            double br = b[2 * (2 * j + m)];
            double bim = b[2 * (2 * j + m) + 1];
            int dst = 2 * (4 * (2 * i + j) + 2 * l + m);
            out[dst] = ar * br - ai * bim;
            out[dst + 1] = ar * bim + ai * br;
          }
        }
      }
    }
    return out;
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

  static double[] real2complex(double[] p) {
    double[] out = new double[2 * p.length];
    for (int i = 0; i < p.length; i++) {
      out[2 * i] = p[i];
    }
    return out;
  }

  /** a · b for n×n complex matrices. */
  static double[] mul(double[] a, double[] b, int n) {
    double[] c = new double[2 * n * n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < n; j++) {
        double ar = a[2 * (r * n + j)];
        double ai = a[2 * (r * n + j) + 1];
        if (ar == 0 && ai == 0) {
          continue;
        }
        for (int k = 0; k < n; k++) {
          double br = b[2 * (j * n + k)];
          double bi = b[2 * (j * n + k) + 1];
          c[2 * (r * n + k)] += ar * br - ai * bi;
          c[2 * (r * n + k) + 1] += ar * bi + ai * br;
        }
      }
    }
    return c;
  }

  static double[] dagger(double[] a, int n) {
    double[] c = new double[2 * n * n];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < n; k++) {
        c[2 * (k * n + r)] = a[2 * (r * n + k)];
        c[2 * (k * n + r) + 1] = -a[2 * (r * n + k) + 1];
      }
    }
    return c;
  }

  static double[] transpose(double[] a, int n) {
    double[] c = new double[2 * n * n];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < n; k++) {
        c[2 * (k * n + r)] = a[2 * (r * n + k)];
        c[2 * (k * n + r) + 1] = a[2 * (r * n + k) + 1];
      }
    }
    return c;
  }

  /** Determinant of a 4×4 complex matrix by Gaussian elimination with partial pivoting. */
  static double[] det4(double[] u) {
    double[] a = u.clone();
    double dr = 1;
    double di = 0;
    for (int col = 0; col < 4; col++) {
      int piv = col;
      double best = -1;
      for (int r = col; r < 4; r++) {
        double w = Math.hypot(a[2 * (4 * r + col)], a[2 * (4 * r + col) + 1]);
        if (w > best) {
          best = w;
          piv = r;
        }
      }
      if (best == 0) {
        return new double[] {0, 0};
      }
      if (piv != col) {
        for (int k = 0; k < 4; k++) {
          for (int t = 0; t < 2; t++) {
            double tmp = a[2 * (4 * col + k) + t];
            a[2 * (4 * col + k) + t] = a[2 * (4 * piv + k) + t];
            a[2 * (4 * piv + k) + t] = tmp;
          }
        }
        dr = -dr;
        di = -di;
      }
      double pr = a[2 * (4 * col + col)];
      double pi = a[2 * (4 * col + col) + 1];
      double nr = dr * pr - di * pi;
      di = dr * pi + di * pr;
      dr = nr;
      double den = pr * pr + pi * pi;
      for (int r = col + 1; r < 4; r++) {
        double xr = a[2 * (4 * r + col)];
        double xi = a[2 * (4 * r + col) + 1];
        // f = x / p
        double fr = (xr * pr + xi * pi) / den;
        double fi = (xi * pr - xr * pi) / den;
        for (int k = col; k < 4; k++) {
          double yr = a[2 * (4 * col + k)];
          double yi = a[2 * (4 * col + k) + 1];
          a[2 * (4 * r + k)] -= fr * yr - fi * yi;
          a[2 * (4 * r + k) + 1] -= fr * yi + fi * yr;
        }
      }
    }
    return new double[] {dr, di};
  }
}
