package io.qstep.runner.stateprep;

import io.qstep.circuit.Circuit;
import io.qstep.error.QStepException;
import io.qstep.runner.compress.TensorTrain;
import io.qstep.runner.compress.TtSvd;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Approximate state preparation from a matrix product state (Ran, PRA 101, 032310, 2020).
 *
 * <p>The target is the normalised input, or its TT/MPS truncation to bond χ when {@code maxBond >
 * 0}. One layer is the staircase of n − 1 two-qubit gates that prepares the bond-2 MPS of a state
 * exactly (each gate is the left-canonical core completed to an SO(4) matrix). Further layers
 * prepare the bond-2 MPS of what the circuit so far leaves undone (C† target), prepended in time.
 * After each layer, {@code sweeps} sweeps replace each gate by the SO(4) matrix that maximises
 * ⟨target|C|0⟩ with the others fixed (Kabsch/polar step on its 4×4 environment), which never lowers
 * the fidelity. The work is dense in the 2^n amplitudes: O(sweeps · gates · 2^n).
 *
 * <p>CX count: 1 + 2(n − 2) for one layer, 2(n − 1) for each further layer.
 */
public final class MpsEncoding {
  private MpsEncoding() {}

  /** Most layers a request may ask for. */
  public static final int MAX_LAYERS = 64;

  /** Widest register whose chain orders are all tried by {@code autoOrder}. */
  public static final int MAX_SEARCH_QUBITS = 7;

  /** Sweeps stop early when the fidelity gains less than this. */
  static final double EPS_SWEEP = 1e-12;

  /**
   * @param maxBond bond χ of the MPS truncation of the target; 0 = prepare the input itself
   * @param layers number of staircase layers (the most when {@code targetFidelity > 0})
   * @param sweeps optimisation sweeps after each layer (0 = Ran's layering only)
   * @param targetFidelity stop adding layers once the fidelity to the input reaches this; 0 =
   *     always {@code layers}
   * @param autoOrder choose the chain order of the qubits (which qubit is MPS site k) that
   *     minimises the bond-2 truncation error: all orders for n ≤ {@link #MAX_SEARCH_QUBITS}, else
   *     the better of ascending and descending. The prepared state is the same vector in the same
   *     qubit convention; only which qubit pairs the gates act on changes
   * @param prune with a fidelity target: after reaching it, drop gates of the newest layer one by
   *     one (re-optimising) while the fidelity stays at or above the target
   */
  public record Options(
      int maxBond,
      int layers,
      int sweeps,
      double targetFidelity,
      boolean autoOrder,
      boolean prune) {
    /**
     * @throws QStepException INVALID_VALUE naming param.max_bond, param.layers, param.sweeps or
     *     param.fidelity
     */
    public Options {
      if (maxBond < 0) {
        throw QStepException.invalid(
            "param.max_bond", "param.max_bond must be >= 1, got " + maxBond);
      }
      if (layers < 1 || layers > MAX_LAYERS) {
        throw QStepException.invalid(
            "param.layers", "param.layers must be in 1.." + MAX_LAYERS + ", got " + layers);
      }
      if (sweeps < 0 || sweeps > 1000) {
        throw QStepException.invalid(
            "param.sweeps", "param.sweeps must be in 0..1000, got " + sweeps);
      }
      if (!(targetFidelity >= 0 && targetFidelity <= 1)) {
        throw QStepException.invalid(
            "param.fidelity", "param.fidelity must be in (0, 1], got " + targetFidelity);
      }
    }

    /** Natural chain order, no pruning. */
    public Options(int maxBond, int layers, int sweeps, double targetFidelity) {
      this(maxBond, layers, sweeps, targetFidelity, false, false);
    }

    /** Bond-2 truncation prepared exactly by one layer. */
    public static Options bond2() {
      return new Options(2, 1, 0, 0);
    }
  }

  /**
   * The circuit and its fidelity to the normalised input.
   *
   * @param encoding the circuit, its fidelity to x̂, its layer count
   * @param target the state the circuit aims at (x̂ or its χ truncation, normalised)
   * @param truncation the TT truncation of the target (null when maxBond = 0)
   * @param targetFidelity |⟨target|C|0⟩|²
   * @param state C|0⟩ as computed densely (real)
   */
  public record Result(
      Encoding encoding,
      double[] target,
      TtSvd.Result truncation,
      double targetFidelity,
      double[] state) {}

  /**
   * Prepares {@code x}.
   *
   * @param x real amplitudes of length 2^n, n ≥ 2
   * @param field request field for errors
   */
  public static Result encode(double[] x, String field, Options opt) {
    long t0 = System.nanoTime();
    double[] xhat = Vectors.normalized(x, field, false);
    int n = Integer.numberOfTrailingZeros(xhat.length);
    if (n < 2) {
      throw QStepException.invalid(
          field, field + ": MPS encoding needs at least 2 qubits (4 values)");
    }
    double[] target = xhat;
    TtSvd.Result trunc = null;
    if (opt.maxBond() > 0) {
      trunc =
          TtSvd.decompose(xhat, TtSvd.qubitDims(xhat.length), TtSvd.Options.maxBond(opt.maxBond()));
      target = Vectors.normalized(trunc.train().reconstruct(), field, false);
    }
    int[] order = opt.autoOrder() ? bestOrder(target, n) : naturalOrder(n);
    List<RealGate> gates = new ArrayList<>();
    double[] state = null;
    int layers = 0;
    int newest = 0;
    double fid = 0;
    while (layers < opt.layers()) {
      double[] residual = target.clone();
      for (int g = gates.size() - 1; g >= 0; g--) {
        gates.get(g).apply(residual, true);
      }
      List<RealGate> layer = layer(residual, n, order);
      newest = layer.size();
      gates.addAll(0, layer);
      layers++;
      sweep(gates, target, opt.sweeps());
      state = prepare(gates, n);
      fid = square(Vectors.dot(xhat, state));
      if (opt.targetFidelity() > 0 && fid >= opt.targetFidelity()) {
        break;
      }
    }
    if (opt.prune() && opt.targetFidelity() > 0 && fid >= opt.targetFidelity()) {
      // the newest layer acts first in time: gates 0..newest-1
      for (int attempt = newest - 1; attempt >= 0; attempt--) {
        List<RealGate> trial = new ArrayList<>(gates.size() - 1);
        for (int g = 0; g < gates.size(); g++) {
          if (g != attempt) {
            trial.add(gates.get(g).copy());
          }
        }
        sweep(trial, target, opt.sweeps());
        double[] s = prepare(trial, n);
        double f = square(Vectors.dot(xhat, s));
        if (f >= opt.targetFidelity()) {
          gates = trial;
          state = s;
          fid = f;
        }
      }
    }
    Circuit circuit = compile(gates, n);
    double tf = square(Vectors.dot(target, state));
    Encoding enc = new Encoding(circuit, fid, layers, (System.nanoTime() - t0) / 1e6);
    return new Result(enc, target, trunc, tf, state);
  }

  private static double square(double v) {
    return v * v;
  }

  /** C|0⟩, dense. */
  static double[] prepare(List<RealGate> gates, int n) {
    double[] psi = new double[1 << n];
    psi[0] = 1;
    for (RealGate g : gates) {
      g.apply(psi, false);
    }
    return psi;
  }

  /** Site k is qubit n−1−k: the amplitude index read most significant bit first. */
  static int[] naturalOrder(int n) {
    int[] o = new int[n];
    for (int k = 0; k < n; k++) {
      o[k] = n - 1 - k;
    }
    return o;
  }

  /** {@code v} with its index bits rearranged so that site k (C order) reads qubit order[k]. */
  static double[] permute(double[] v, int n, int[] order) {
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      int i = 0;
      for (int k = 0; k < n; k++) {
        if (((j >> (n - 1 - k)) & 1) != 0) {
          i |= 1 << order[k];
        }
      }
      out[j] = v[i];
    }
    return out;
  }

  /** The chain order with the smallest bond-2 TT-SVD error of {@code v} (see Options). */
  static int[] bestOrder(double[] v, int n) {
    int[] best = naturalOrder(n);
    double bestErr = bond2Error(v, n, best);
    int[] asc = new int[n];
    for (int k = 0; k < n; k++) {
      asc[k] = k;
    }
    if (n > MAX_SEARCH_QUBITS) {
      return bond2Error(v, n, asc) < bestErr ? asc : best;
    }
    // Heap's algorithm over all orders; a chain and its reverse are both tried (cheap at n <= 7)
    int[] a = asc.clone();
    int[] c = new int[n];
    int i = 0;
    while (i < n) {
      if (c[i] < i) {
        int j = i % 2 == 0 ? 0 : c[i];
        int t = a[j];
        a[j] = a[i];
        a[i] = t;
        double e = bond2Error(v, n, a);
        if (e < bestErr - 1e-12) {
          bestErr = e;
          best = a.clone();
        }
        c[i]++;
        i = 0;
      } else {
        c[i] = 0;
        i++;
      }
    }
    double e = bond2Error(v, n, asc);
    return e < bestErr - 1e-12 ? asc : best;
  }

  private static double bond2Error(double[] v, int n, int[] order) {
    double[] p = permute(v, n, order);
    return TtSvd.decompose(p, TtSvd.qubitDims(p.length), TtSvd.Options.maxBond(2)).relativeError();
  }

  /**
   * The gates, in time order, of one staircase layer that prepares the bond-2 MPS of {@code v} with
   * MPS site k on qubit {@code order[k]}.
   */
  static List<RealGate> layer(double[] v, int n, int[] order) {
    double[] vp = permute(v, n, order);
    TensorTrain tt =
        TtSvd.decompose(vp, TtSvd.qubitDims(vp.length), TtSvd.Options.maxBond(2)).train();
    int[] r = tt.ranks();
    List<RealGate> out = new ArrayList<>();
    // site k is qubit order[k]; the gate on sites (k-1, k) acts on qubits (order[k-1], order[k])
    double[] last = tt.core(n - 1); // [r_{n-1}, 2, 1]
    double norm = Math.sqrt(Vectors.dot(last, last));
    double[][] col0 = new double[1][4];
    for (int i = 0; i < last.length; i++) {
      col0[0][i] = norm > 0 ? last[i] / norm : (i == 0 ? 1 : 0);
    }
    out.add(new RealGate(order[n - 2], order[n - 1], completeSo4(col0)));
    for (int k = n - 2; k >= 1; k--) {
      double[] a = tt.core(k); // [r_k, 2, r_{k+1}]
      int rl = r[k];
      int rr = r[k + 1];
      double[][] cols = new double[rr][4];
      for (int alpha = 0; alpha < rr; alpha++) {
        for (int beta = 0; beta < rl; beta++) {
          for (int s = 0; s < 2; s++) {
            cols[alpha][2 * beta + s] = a[(beta * 2 + s) * rr + alpha];
          }
        }
      }
      out.add(new RealGate(order[k - 1], order[k], completeSo4(cols)));
    }
    // site 0: g0[s][alpha] = A_0[0, s, alpha], merged into the last gate (on sites (0, 1), whose
    // first qubit is site 0's)
    double[] a0 = tt.core(0);
    int r1 = r[1];
    double[][] c0 = new double[r1][2];
    for (int alpha = 0; alpha < r1; alpha++) {
      for (int s = 0; s < 2; s++) {
        c0[alpha][s] = a0[s * r1 + alpha];
      }
    }
    double[] g0 = complete2(c0);
    RealGate top = out.get(out.size() - 1);
    double[] kron = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        kron[4 * i + j] = (i % 2 == j % 2) ? g0[2 * (i / 2) + j / 2] : 0;
      }
    }
    top.m = mul(kron, top.m, 4);
    return out;
  }

  /** A 4×4 SO(4) matrix whose first columns are {@code cols} (orthonormal). */
  static double[] completeSo4(double[][] cols) {
    double[][] basis = complete(cols, 4);
    double[] m = new double[16];
    for (int c = 0; c < 4; c++) {
      for (int r = 0; r < 4; r++) {
        m[4 * r + c] = basis[c][r];
      }
    }
    if (TwoQubitGates.det4(m) < 0) {
      for (int r = 0; r < 4; r++) {
        m[4 * r + 3] = -m[4 * r + 3];
      }
    }
    return m;
  }

  /** A 2×2 orthogonal matrix (row-major) whose first columns are {@code cols}. */
  static double[] complete2(double[][] cols) {
    double[][] basis = complete(cols, 2);
    return new double[] {basis[0][0], basis[1][0], basis[0][1], basis[1][1]};
  }

  /** Extends orthonormal vectors to an orthonormal basis of R^dim by Gram–Schmidt (twice). */
  private static double[][] complete(double[][] cols, int dim) {
    double[][] basis = new double[dim][];
    int have = 0;
    for (double[] c : cols) {
      double[] v = orthogonalize(c.clone(), basis, have);
      double nv = Math.sqrt(Vectors.dot(v, v));
      if (nv > 1e-8) {
        for (int i = 0; i < dim; i++) {
          v[i] /= nv;
        }
        basis[have++] = v;
      }
    }
    for (int e = 0; e < dim && have < dim; e++) {
      double[] v = new double[dim];
      v[e] = 1;
      v = orthogonalize(v, basis, have);
      double nv = Math.sqrt(Vectors.dot(v, v));
      if (nv > 1e-6) {
        for (int i = 0; i < dim; i++) {
          v[i] /= nv;
        }
        basis[have++] = v;
      }
    }
    return basis;
  }

  private static double[] orthogonalize(double[] v, double[][] basis, int have) {
    for (int pass = 0; pass < 2; pass++) {
      for (int b = 0; b < have; b++) {
        double p = Vectors.dot(v, basis[b]);
        for (int i = 0; i < v.length; i++) {
          v[i] -= p * basis[b][i];
        }
      }
    }
    return v;
  }

  /** Sweeps that maximise ⟨target|C|0⟩ gate by gate over SO(4); backward then forward. */
  static void sweep(List<RealGate> gates, double[] target, int sweeps) {
    int n = Integer.numberOfTrailingZeros(target.length);
    double prev = -2;
    for (int s = 0; s < sweeps; s++) {
      // backward: a = C|0>, b = target; walk gates from last to first
      double[] a = prepare(gates, n);
      double[] b = target.clone();
      for (int j = gates.size() - 1; j >= 0; j--) {
        RealGate g = gates.get(j);
        g.apply(a, true); // a = state before gate j
        g.m = bestSo4(g.environment(a, b));
        g.apply(b, true); // b = (gates j..end)ᵀ target
      }
      // forward: a = |0>, b = Cᵀ target
      a = new double[target.length];
      a[0] = 1;
      for (int j = 0; j < gates.size(); j++) {
        RealGate g = gates.get(j);
        g.apply(b, false); // b = (gates j+1..end)ᵀ target
        g.m = bestSo4(g.environment(a, b));
        g.apply(a, false);
      }
      double f = Vectors.dot(target, a);
      if (f - prev < EPS_SWEEP) {
        break;
      }
      prev = f;
    }
  }

  /** argmax over O ∈ SO(4) of Σ O[o][i] E[o][i]: U diag(1, 1, 1, det(UVᵀ)) Vᵀ for E = U S Vᵀ. */
  static double[] bestSo4(double[] e) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(4, 4, true, true, false);
    if (!svd.decompose(DMatrixRMaj.wrap(4, 4, e.clone()))) {
      throw new ArithmeticException("4x4 SVD failed");
    }
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj vt = svd.getV(null, true);
    DMatrixRMaj w = svd.getW(null);
    org.ejml.dense.row.SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
    DMatrixRMaj o = new DMatrixRMaj(4, 4);
    CommonOps_DDRM.mult(u, vt, o);
    if (CommonOps_DDRM.det(o) < 0) {
      // flip the direction of the smallest singular value
      for (int r = 0; r < 4; r++) {
        u.set(r, 3, -u.get(r, 3));
      }
      CommonOps_DDRM.mult(u, vt, o);
    }
    return o.data;
  }

  private static double[] mul(double[] a, double[] b, int dim) {
    double[] c = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int k = 0; k < dim; k++) {
        double v = a[dim * i + k];
        for (int j = 0; j < dim; j++) {
          c[dim * i + j] += v * b[dim * k + j];
        }
      }
    }
    return c;
  }

  /** CX + U circuit of the gates; a gate whose two qubits are still |00⟩ takes one CX. */
  static Circuit compile(List<RealGate> gates, int n) {
    Circuit.Builder b = Circuit.builder(n);
    boolean[] touched = new boolean[n];
    for (int j = 0; j < gates.size(); j++) {
      RealGate g = gates.get(j);
      boolean fresh = !touched[g.qa] && !touched[g.qb];
      touched[g.qa] = true;
      touched[g.qb] = true;
      if (fresh) {
        double[] col = {g.m[0], g.m[4], g.m[8], g.m[12]};
        TwoQubitGates.stateOnZero(b, col, g.qa, g.qb);
      } else {
        TwoQubitGates.orthogonal(b, g.m, g.qa, g.qb);
      }
    }
    return b.build();
  }
}
