package io.qstep.tensor;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.Optional;

/**
 * The element types a {@link Tensor} can hold, named as in the KServe Open Inference Protocol (v2).
 * Each fixed-size type is stored little-endian; {@link #BOOL} takes one byte per element (0 or 1);
 * {@link #BYTES} elements are variable-length byte strings, each a 4-byte little-endian length
 * followed by that many bytes (KServe's {@code raw_contents} layout).
 *
 * <p>Complex numbers have no dtype of their own: they are a trailing dimension of 2 (re, im).
 *
 * <p>Immutable and thread-safe, like every enum.
 */
public enum DType {
  /** IEEE 754 binary32. */
  FP32("FP32", 4, "<f4"),
  /** IEEE 754 binary64. */
  FP64("FP64", 8, "<f8"),
  /** Two's complement 32-bit integer. */
  INT32("INT32", 4, "<i4"),
  /** Two's complement 64-bit integer. */
  INT64("INT64", 8, "<i8"),
  /** One byte per element, 0 (false) or 1 (true). */
  BOOL("BOOL", 1, "|b1"),
  /** Variable-length byte strings (UTF-8 text by convention); no NumPy {@code .npy} form. */
  BYTES("BYTES", -1, null);

  private final String kserveName;
  private final int elementSize;
  private final String numpyDescr;

  DType(String kserveName, int elementSize, String numpyDescr) {
    this.kserveName = kserveName;
    this.elementSize = elementSize;
    this.numpyDescr = numpyDescr;
  }

  /**
   * The KServe Open Inference Protocol {@code datatype} string, e.g. {@code "FP64"}; never null.
   */
  public String kserveName() {
    return kserveName;
  }

  /** Size of one element in bytes, or -1 for {@link #BYTES}, whose elements vary in size. */
  public int elementSize() {
    return elementSize;
  }

  /**
   * The NumPy array-protocol type string used in {@code .npy} headers (e.g. {@code "<f8"}), or
   * empty for {@link #BYTES}, which has no {@code .npy} form.
   */
  public Optional<String> numpyDescr() {
    return Optional.ofNullable(numpyDescr);
  }

  /** As {@link #fromKserve(String, String)} with the field named {@code datatype}. */
  public static DType fromKserve(String datatype) {
    return fromKserve("datatype", datatype);
  }

  /**
   * The dtype with the given KServe {@code datatype} string (exact, upper case).
   *
   * @param field the request field to blame on failure, e.g. {@code inputs[features]}; not null
   * @param datatype the KServe name; null is treated as unknown
   * @throws QStepException with {@link ErrorReason#INVALID_TENSOR} for an unknown or unsupported
   *     name (KServe's UINT8, FP16, ... are not supported)
   */
  public static DType fromKserve(String field, String datatype) {
    for (DType t : values()) {
      if (t.kserveName.equals(datatype)) {
        return t;
      }
    }
    throw new QStepException(
        ErrorReason.INVALID_TENSOR,
        field,
        field
            + ": datatype "
            + quote(datatype)
            + " is not supported; expected one of FP32, FP64, INT32, INT64, BOOL, BYTES");
  }

  /** As {@link #fromNumpyDescr(String, String)} with the field named {@code descr}. */
  public static DType fromNumpyDescr(String descr) {
    return fromNumpyDescr("descr", descr);
  }

  /**
   * The dtype with the given NumPy type string: {@code <f8}, {@code <f4}, {@code <i4}, {@code <i8}
   * or {@code |b1}. Big-endian, unicode, object and every other type are refused.
   *
   * @param field the field (or file name) to blame on failure; not null
   * @param descr the NumPy {@code descr}; null is treated as unknown
   * @throws QStepException with {@link ErrorReason#INVALID_TENSOR} for anything else
   */
  public static DType fromNumpyDescr(String field, String descr) {
    for (DType t : values()) {
      if (t.numpyDescr != null && t.numpyDescr.equals(descr)) {
        return t;
      }
    }
    throw new QStepException(
        ErrorReason.INVALID_TENSOR, field, field + ": " + describeUnsupported(descr));
  }

  private static String describeUnsupported(String descr) {
    String hint;
    if (descr == null || descr.isEmpty()) {
      hint = "";
    } else if (descr.charAt(0) == '>' && descr.length() > 2) {
      hint = " (big-endian; convert with a.astype(a.dtype.newbyteorder('<')))";
    } else if (descr.endsWith("O")) {
      hint = " (object arrays cannot be read without pickle)";
    } else if (descr.length() > 1 && (descr.charAt(1) == 'U' || descr.charAt(1) == 'S')) {
      hint = " (string arrays have no tensor form here; pass text as a BYTES tensor)";
    } else {
      hint = "";
    }
    return "dtype "
        + quote(descr)
        + " is not supported"
        + hint
        + "; expected one of <f8, <f4, <i4, <i8, |b1";
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
