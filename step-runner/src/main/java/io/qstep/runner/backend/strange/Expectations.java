package io.qstep.runner.backend.strange;

import io.qstep.error.QStepException;
import java.util.List;

/** Exact Pauli-string expectations of a state vector, in double precision. */
final class Expectations {
  /** The request field an observable comes from. */
  static final String FIELD = "task.circuit.observables";

  private Expectations() {}

  /**
   * ⟨ψ|P|ψ⟩ for each observable, or ⟨Z_q⟩ for every qubit when {@code observables} is empty.
   *
   * @param amplitudes interleaved (re, im), qubit q at bit q of the index; need not be normalised
   *     exactly (it is divided by its norm)
   * @throws QStepException INVALID_VALUE naming {@link #FIELD} for a malformed Pauli string
   */
  static double[] of(double[] amplitudes, int numQubits, List<String> observables) {
    double norm = 0;
    for (double a : amplitudes) {
      norm += a * a;
    }
    if (observables.isEmpty()) {
      double[] z = new double[numQubits];
      for (int q = 0; q < numQubits; q++) {
        z[q] = pauli(amplitudes, 0, 1 << q, 0) / norm;
      }
      return z;
    }
    double[] e = new double[observables.size()];
    for (int k = 0; k < e.length; k++) {
      String p = observables.get(k);
      if (p == null || p.length() != numQubits) {
        throw QStepException.invalid(
            FIELD + "[" + k + "]",
            "observable "
                + k
                + " must be a Pauli string of length "
                + numQubits
                + " (one of IXYZ per qubit, qubit 0 leftmost), got '"
                + p
                + "'");
      }
      int flip = 0;
      int sign = 0;
      int numY = 0;
      for (int q = 0; q < numQubits; q++) {
        switch (p.charAt(q)) {
          case 'I' -> {}
          case 'X' -> flip |= 1 << q;
          case 'Y' -> {
            flip |= 1 << q;
            sign |= 1 << q;
            numY++;
          }
          case 'Z' -> sign |= 1 << q;
          default ->
              throw QStepException.invalid(
                  FIELD + "[" + k + "]",
                  "observable " + k + " has '" + p.charAt(q) + "' at qubit " + q + "; use IXYZ");
        }
      }
      e[k] = pauli(amplitudes, flip, sign, numY) / norm;
    }
    return e;
  }

  /**
   * ⟨ψ|P|ψ⟩ unnormalised, for P|i⟩ = i^numY (−1)^popcount(i & sign) |i ^ flip⟩ (Y|b⟩ = i (−1)^b
   * |1−b⟩, Z|b⟩ = (−1)^b |b⟩).
   */
  private static double pauli(double[] psi, int flip, int sign, int numY) {
    double re = 0;
    double im = 0;
    int dim = psi.length / 2;
    for (int i = 0; i < dim; i++) {
      int j = i ^ flip;
      double ar = psi[2 * i];
      double ai = psi[2 * i + 1];
      double br = psi[2 * j];
      double bi = psi[2 * j + 1];
      // conj(ψ_j) ψ_i
      double tr = br * ar + bi * ai;
      double ti = br * ai - bi * ar;
      if ((Integer.bitCount(i & sign) & 1) == 0) {
        re += tr;
        im += ti;
      } else {
        re -= tr;
        im -= ti;
      }
    }
    // The real part of i^numY (re + i im); the imaginary part vanishes for a Hermitian P.
    return switch (numY & 3) {
      case 0 -> re;
      case 1 -> -im;
      case 2 -> -re;
      default -> im;
    };
  }
}
