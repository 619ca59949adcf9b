package io.qstep.runner.stateprep;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;

/** Input checks shared by the encodings: finite, non-zero, length a power of two. */
public final class Vectors {
  private Vectors() {}

  /**
   * {@code x / ‖x‖}, checked.
   *
   * @param field the request field the vector came from, named in errors
   * @param pad when true a length that is not a power of two is padded with zeros to the next one;
   *     when false it is refused
   * @throws QStepException INVALID_TENSOR naming {@code field} for NaN/Inf, a zero vector, length
   *     below 2, or (without pad) a length that is not a power of two
   */
  public static double[] normalized(double[] x, String field, boolean pad) {
    if (x.length < 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": length " + x.length + " is too short; need at least 2 values (1 qubit)");
    }
    int len = x.length;
    if (Integer.bitCount(len) != 1) {
      if (!pad) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field
                + ": length "
                + len
                + " is not a power of two; pad it to "
                + Integer.highestOneBit(len) * 2
                + " (pad=true pads with zeros) or trim it");
      }
      len = Integer.highestOneBit(len) * 2;
    }
    double n2 = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field + ": element " + i + " is " + x[i] + "; values must be finite");
      }
      n2 += x[i] * x[i];
    }
    if (!(n2 > 0) || !Double.isFinite(n2)) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": a zero vector cannot be normalised into a quantum state");
    }
    double inv = 1 / Math.sqrt(n2);
    double[] out = new double[len];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * inv;
    }
    return out;
  }

  /** ⟨a/‖a‖, b/‖b‖⟩ for real vectors (0 when either is zero). */
  public static double normalizedDot(double[] a, double[] b) {
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return na > 0 && nb > 0 ? dot(a, b) / (na * nb) : 0;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
