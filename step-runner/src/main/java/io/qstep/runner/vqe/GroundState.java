package io.qstep.runner.vqe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The lowest eigenvalue of a {@link PauliSum} by exact diagonalisation: a dense symmetric
 * eigensolver (EJML) up to {@link #MAX_DENSE_QUBITS}, matrix-free Lanczos (products from the Pauli
 * action, full reorthogonalisation) up to {@link #MAX_QUBITS}. Stateless and thread-safe.
 *
 * <p>A complex Hermitian H = A + iB (terms with an odd number of Y) goes to the dense solver as the
 * real symmetric {@code [[A, −B], [B, A]]}, whose spectrum is H's with every eigenvalue twice.
 */
public final class GroundState {
  /** Widest H diagonalised densely: {@code 2^10} rows (a complex one embeds into 2048). */
  public static final int MAX_DENSE_QUBITS = 10;

  /** Widest H diagonalised at all (the Validate stage's reach). */
  public static final int MAX_QUBITS = 14;

  /** Lanczos stops when the Ritz residual {@code ‖Hv − θv‖} is below this (Hartree). */
  static final double EPS_RESIDUAL = 1e-10;

  /** Most Lanczos steps. */
  static final int MAX_LANCZOS_STEPS = 400;

  /** Residual check interval, in Lanczos steps. */
  private static final int CHECK_EVERY = 5;

  /** How the energy was found. */
  public enum Method {
    DENSE,
    LANCZOS;

    /** The name used in metrics and warnings. */
    public String id() {
      return switch (this) {
        case DENSE -> "dense-eigensolver";
        case LANCZOS -> "lanczos";
      };
    }
  }

  /**
   * @param energy the lowest eigenvalue
   * @param iterations Krylov dimension for Lanczos, the matrix order for the dense solver
   * @param residual Ritz residual norm (Lanczos), 0 for the dense solver
   * @param wallMs wall time, milliseconds
   */
  public record Result(
      double energy, Method method, int iterations, double residual, double wallMs) {}

  private GroundState() {}

  /**
   * Dense up to {@link #MAX_DENSE_QUBITS} qubits, Lanczos beyond.
   *
   * @throws IllegalArgumentException for more than {@link #MAX_QUBITS} qubits
   */
  public static Result solve(PauliSum h, long seed) {
    if (h.numQubits() > MAX_QUBITS) {
      throw new IllegalArgumentException(
          "exact diagonalisation covers at most " + MAX_QUBITS + " qubits");
    }
    return h.numQubits() <= MAX_DENSE_QUBITS ? dense(h) : lanczos(h, seed);
  }

  /** The dense symmetric eigensolver on H (or its real embedding). */
  public static Result dense(PauliSum h) {
    if (h.numQubits() > MAX_DENSE_QUBITS) {
      throw new IllegalArgumentException("dense eigensolver: at most " + MAX_DENSE_QUBITS);
    }
    long t0 = System.nanoTime();
    int dim = 1 << h.numQubits();
    double[][] m = h.dense();
    double[] re = m[0];
    double[] im = m[1];
    DMatrixRMaj a;
    if (h.isReal()) {
      a = new DMatrixRMaj(dim, dim, true, re);
    } else {
      int d2 = 2 * dim;
      a = new DMatrixRMaj(d2, d2);
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          double r = re[i * dim + j];
          double s = im[i * dim + j];
          a.set(i, j, r);
          a.set(i + dim, j + dim, r);
          a.set(i, j + dim, -s);
          a.set(i + dim, j, s);
        }
      }
    }
    int order = a.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(order, false, true);
    if (!eig.decompose(a)) {
      throw new IllegalStateException("dense eigensolver did not converge");
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      min = Math.min(min, eig.getEigenvalue(i).real);
    }
    return new Result(min, Method.DENSE, order, 0, (System.nanoTime() - t0) / 1e6);
  }

  /**
   * Lanczos from a seeded random vector, with full reorthogonalisation (the Krylov basis stays
   * orthonormal, so no ghost eigenvalues). A random start overlaps every eigenvector almost surely,
   * so an invariant Krylov space (a zero off-diagonal) holds the ground state and ends the run.
   */
  public static Result lanczos(PauliSum h, long seed) {
    long t0 = System.nanoTime();
    int dim = 1 << h.numQubits();
    int maxSteps = Math.min(dim, MAX_LANCZOS_STEPS);
    double[] diag = h.diagonal();
    SplittableRandom rng = new SplittableRandom(seed);
    List<double[]> basisRe = new ArrayList<>();
    List<double[]> basisIm = new ArrayList<>();
    double[] alpha = new double[maxSteps];
    double[] beta = new double[maxSteps];
    double[][] v = randomUnit(dim, rng);
    double[] wRe = new double[dim];
    double[] wIm = new double[dim];
    double energy = Double.NaN;
    double residual = Double.POSITIVE_INFINITY;
    int k = 0;
    while (k < maxSteps) {
      basisRe.add(v[0]);
      basisIm.add(v[1]);
      h.apply(diag, v[0], v[1], wRe, wIm);
      // alpha_k = <v_k|H|v_k> is real for Hermitian H
      alpha[k] = dotRe(v[0], v[1], wRe, wIm);
      // full reorthogonalisation (twice is enough: Kahan's "twice is enough")
      for (int pass = 0; pass < 2; pass++) {
        orthogonalise(wRe, wIm, basisRe, basisIm);
      }
      double b = Math.sqrt(dotRe(wRe, wIm, wRe, wIm));
      k++;
      boolean last = k == maxSteps;
      if (k % CHECK_EVERY == 0 || last || b < EPS_RESIDUAL) {
        double[] ritz = lowestRitz(alpha, beta, k);
        energy = ritz[0];
        residual = b * Math.abs(ritz[1]);
        if (residual < EPS_RESIDUAL || last) {
          break;
        }
      }
      double[] nRe = new double[dim];
      double[] nIm = new double[dim];
      for (int i = 0; i < dim; i++) {
        nRe[i] = wRe[i] / b;
        nIm[i] = wIm[i] / b;
      }
      v = new double[][] {nRe, nIm};
      beta[k - 1] = b;
    }
    return new Result(energy, Method.LANCZOS, k, residual, (System.nanoTime() - t0) / 1e6);
  }

  /** The lowest eigenvalue of the k×k tridiagonal and the last component of its eigenvector. */
  private static double[] lowestRitz(double[] alpha, double[] beta, int k) {
    if (k == 1) {
      return new double[] {alpha[0], 1};
    }
    double[] main = Arrays.copyOf(alpha, k);
    double[] off = Arrays.copyOf(beta, k - 1);
    EigenDecomposition e = new EigenDecomposition(main, off);
    double[] values = e.getRealEigenvalues();
    int arg = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[arg]) {
        arg = i;
      }
    }
    return new double[] {values[arg], e.getEigenvector(arg).getEntry(k - 1)};
  }

  private static double[][] randomUnit(int dim, SplittableRandom rng) {
    double[] re = new double[dim];
    double[] im = new double[dim];
    for (int i = 0; i < dim; i++) {
      re[i] = rng.nextDouble(-1, 1);
      im[i] = rng.nextDouble(-1, 1);
    }
    double norm = Math.sqrt(dotRe(re, im, re, im));
    for (int i = 0; i < dim; i++) {
      re[i] /= norm;
      im[i] /= norm;
    }
    return new double[][] {re, im};
  }

  /** {@code w −= Σ_j <q_j|w> q_j}. */
  private static void orthogonalise(
      double[] wRe, double[] wIm, List<double[]> basisRe, List<double[]> basisIm) {
    for (int j = 0; j < basisRe.size(); j++) {
      double[] qr = basisRe.get(j);
      double[] qi = basisIm.get(j);
      double cr = 0;
      double ci = 0;
      for (int i = 0; i < wRe.length; i++) {
        // conj(q) · w
        cr += qr[i] * wRe[i] + qi[i] * wIm[i];
        ci += qr[i] * wIm[i] - qi[i] * wRe[i];
      }
      for (int i = 0; i < wRe.length; i++) {
        wRe[i] -= cr * qr[i] - ci * qi[i];
        wIm[i] -= cr * qi[i] + ci * qr[i];
      }
    }
  }

  /** {@code Re <a|b>}. */
  private static double dotRe(double[] aRe, double[] aIm, double[] bRe, double[] bIm) {
    double s = 0;
    for (int i = 0; i < aRe.length; i++) {
      s += aRe[i] * bRe[i] + aIm[i] * bIm[i];
    }
    return s;
  }
}
