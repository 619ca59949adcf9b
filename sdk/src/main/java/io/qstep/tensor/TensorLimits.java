package io.qstep.tensor;

/**
 * Upper bounds a tensor must respect before any memory is taken for it. A tensor over a limit is
 * refused with {@link io.qstep.error.ErrorReason#TOO_LARGE}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxElements the most elements (product of the dimensions), at least 0
 * @param maxBytes the most bytes of raw data, at least 0 and at most {@link #MAX_ARRAY_BYTES}
 * @param maxRank the most dimensions, at least 0
 */
public record TensorLimits(long maxElements, long maxBytes, int maxRank) {

  /** The most bytes one tensor can hold at all: its data lives in one Java {@code byte[]}. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8L;

  /**
   * Generous limits for one step: 2^26 elements, 256 MiB, rank 32 (NumPy 1.x's maximum). The
   * step-runner configures its own.
   */
  public static final TensorLimits DEFAULT = new TensorLimits(1L << 26, 1L << 28, 32);

  /**
   * No configured limit: only the hard ceiling of one Java array ({@link #MAX_ARRAY_BYTES}) and
   * rank 64 (NumPy 2.x's maximum). For trusted input only.
   */
  public static final TensorLimits UNLIMITED =
      new TensorLimits(MAX_ARRAY_BYTES, MAX_ARRAY_BYTES, 64);

  /**
   * @throws IllegalArgumentException when a bound is negative or {@code maxBytes} exceeds {@link
   *     #MAX_ARRAY_BYTES}
   */
  public TensorLimits {
    if (maxElements < 0 || maxBytes < 0 || maxRank < 0) {
      throw new IllegalArgumentException(
          "limits must be non-negative: maxElements="
              + maxElements
              + ", maxBytes="
              + maxBytes
              + ", maxRank="
              + maxRank);
    }
    if (maxBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes " + maxBytes + " exceeds the Java array limit " + MAX_ARRAY_BYTES);
    }
  }
}
