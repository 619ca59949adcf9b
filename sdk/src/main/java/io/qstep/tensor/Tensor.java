package io.qstep.tensor;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable n-dimensional array: a {@link DType}, a shape and raw bytes in the KServe Open
 * Inference Protocol layout (little-endian, row-major; {@link DType#BOOL} one byte 0 or 1 per
 * element; {@link DType#BYTES} each element a 4-byte little-endian length prefix followed by its
 * bytes, exactly as KServe's {@code raw_contents}).
 *
 * <p>Every factory copies what it is given and every accessor that returns an array returns a copy,
 * so a {@code Tensor} never changes after construction and is safe to share between threads. For
 * hot paths {@link #asReadOnlyBuffer()} reads the data without copying.
 *
 * <p>Sizes: {@link #numElements()} counts elements, {@link #byteSize()} counts bytes. Shapes are
 * {@code long[]} as in KServe; a shape of length 0 is a scalar (one element).
 *
 * <p>Untrusted input goes through {@link #of(String, DType, long[], byte[], TensorLimits)} (or
 * {@link #validate}), which checks the claimed shape against {@link TensorLimits} before anything
 * proportional to it is allocated, and reports every failure as a {@link QStepException} with
 * {@link ErrorReason#INVALID_TENSOR} or {@link ErrorReason#TOO_LARGE} naming the field. Arguments
 * are never null unless a parameter says otherwise ({@link NullPointerException} otherwise).
 */
public final class Tensor {
  /** The field named in failures of the convenience factories and conversions. */
  static final String DEFAULT_FIELD = "tensor";

  private final DType dtype;
  private final long[] shape;
  private final byte[] data;
  private final long numElements;
  private int hash;

  /** Takes ownership of {@code shape} and {@code data}; both must already be valid. */
  private Tensor(DType dtype, long[] shape, byte[] data, long numElements) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
    this.numElements = numElements;
  }

  /** Wraps arrays this package has validated and no one else holds. */
  static Tensor wrapValidated(DType dtype, long[] shape, byte[] data, long numElements) {
    return new Tensor(dtype, shape, data, numElements);
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks a claimed shape without looking at any data: rank, non-negative dimensions, element
   * count (no overflow) and, for fixed-size dtypes, byte size, all within {@code limits}. Cheap:
   * allocates nothing proportional to the claimed size.
   *
   * @param field the request field to name in failures, e.g. {@code inputs[features]}
   * @return the number of elements
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for a negative dimension, {@link
   *     ErrorReason#TOO_LARGE} for a rank, element count or byte size over the limits
   */
  public static long validateShape(String field, DType dtype, long[] shape, TensorLimits limits) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(limits, "limits");
    if (shape.length > limits.maxRank()) {
      throw tooLarge(
          field,
          "rank "
              + shape.length
              + " of shape "
              + fmt(shape)
              + " exceeds the limit "
              + limits.maxRank());
    }
    boolean empty = false;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        throw invalid(field, "dimension " + i + " of shape " + fmt(shape) + " is negative");
      }
      empty |= shape[i] == 0;
    }
    long n = 1;
    if (empty) {
      n = 0;
    } else {
      try {
        for (long d : shape) {
          n = Math.multiplyExact(n, d);
        }
      } catch (ArithmeticException e) {
        throw tooLarge(field, "shape " + fmt(shape) + " has more than 2^63-1 elements");
      }
    }
    if (n > limits.maxElements()) {
      throw tooLarge(
          field,
          "shape " + fmt(shape) + " has " + n + " elements; the limit is " + limits.maxElements());
    }
    if (dtype.elementSize() > 0) {
      long bytes;
      try {
        bytes = Math.multiplyExact(n, dtype.elementSize());
      } catch (ArithmeticException e) {
        bytes = Long.MAX_VALUE;
      }
      if (bytes > limits.maxBytes()) {
        throw tooLarge(
            field,
            "shape "
                + fmt(shape)
                + " x "
                + dtype
                + " needs "
                + bytes
                + " bytes; the limit is "
                + limits.maxBytes());
      }
    }
    return n;
  }

  /**
   * Checks that {@code data} is a well-formed tensor of {@code dtype} and {@code shape} within
   * {@code limits}: everything {@link #validateShape} checks, then byte length equal to elements x
   * element size ({@link DType#BYTES}: length prefixes that are in bounds and use up the data
   * exactly, one per element), and {@link DType#BOOL} bytes of 0 or 1. Neither copies nor keeps
   * {@code data}.
   *
   * @param field the request field to name in failures, e.g. {@code inputs[features]}
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for malformed input, {@link
   *     ErrorReason#TOO_LARGE} for input over the limits
   */
  public static void validate(
      String field, DType dtype, long[] shape, byte[] data, TensorLimits limits) {
    Objects.requireNonNull(data, "data");
    long n = validateShape(field, dtype, shape, limits);
    checkLength(field, dtype, shape, n, data.length, limits);
    checkContents(field, dtype, shape, n, data);
  }

  /** Byte length against shape (fixed-size dtypes) or limits (BYTES); looks at no content. */
  static void checkLength(
      String field, DType dtype, long[] shape, long n, long length, TensorLimits limits) {
    if (dtype == DType.BYTES) {
      if (length > limits.maxBytes()) {
        throw tooLarge(field, "byte length " + length + " exceeds the limit " + limits.maxBytes());
      }
      return;
    }
    long expected = n * dtype.elementSize(); // validateShape bounded this by maxBytes
    if (length != expected) {
      throw invalid(
          field,
          "byte length "
              + length
              + " does not match shape "
              + fmt(shape)
              + " x "
              + dtype
              + " ("
              + expected
              + " bytes)");
    }
  }

  /** BOOL values and BYTES framing; the length has passed {@link #checkLength}. */
  static void checkContents(String field, DType dtype, long[] shape, long n, byte[] data) {
    switch (dtype) {
      case BOOL -> {
        for (int i = 0; i < data.length; i++) {
          if ((data[i] & 0xFF) > 1) {
            throw invalid(
                field,
                "element "
                    + index(shape, i)
                    + " of a BOOL tensor is "
                    + (data[i] & 0xFF)
                    + "; expected 0 or 1");
          }
        }
      }
      case BYTES -> checkBytesFraming(field, shape, n, data);
      case FP32, FP64, INT32, INT64 -> {
        // any bit pattern is a value; NaN/Inf are the caller's call (requireFinite)
      }
    }
  }

  private static void checkBytesFraming(String field, long[] shape, long n, byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long pos = 0;
    // Each element takes at least 4 bytes, so a lying shape fails after data.length / 4 steps.
    for (long i = 0; i < n; i++) {
      if (data.length - pos < 4) {
        throw invalid(
            field,
            "BYTES element "
                + index(shape, i)
                + ": length prefix at byte offset "
                + pos
                + " runs past the end of the data (byte length "
                + data.length
                + ", shape "
                + fmt(shape)
                + ")");
      }
      long len = Integer.toUnsignedLong(b.getInt((int) pos));
      pos += 4;
      if (len > data.length - pos) {
        throw invalid(
            field,
            "BYTES element "
                + index(shape, i)
                + ": length "
                + len
                + " at byte offset "
                + (pos - 4)
                + " runs past the end of the data (byte length "
                + data.length
                + ")");
      }
      pos += len;
    }
    if (pos != data.length) {
      throw invalid(
          field,
          "byte length "
              + data.length
              + " has "
              + (data.length - pos)
              + " byte(s) after the last of "
              + n
              + " BYTES element(s) of shape "
              + fmt(shape));
    }
  }

  // ---------------------------------------------------------------- raw factories

  /**
   * A tensor over a copy of {@code data}, validated against {@link TensorLimits#UNLIMITED} with
   * failures naming the field {@code tensor}. For untrusted input use {@link #of(String, DType,
   * long[], byte[], TensorLimits)}.
   *
   * @throws QStepException as {@link #validate}
   */
  public static Tensor of(DType dtype, long[] shape, byte[] data) {
    return of(DEFAULT_FIELD, dtype, shape, data, TensorLimits.UNLIMITED);
  }

  /**
   * A validated tensor over copies of {@code shape} and {@code data}. The claimed shape and the
   * byte length are checked against {@code limits} before the copy is made.
   *
   * @param field the request field to name in failures, e.g. {@code inputs[features]}
   * @throws QStepException as {@link #validate}
   */
  public static Tensor of(
      String field, DType dtype, long[] shape, byte[] data, TensorLimits limits) {
    Objects.requireNonNull(data, "data");
    return of(field, dtype, shape, ByteBuffer.wrap(data), limits);
  }

  /**
   * As {@link #of(String, DType, long[], byte[], TensorLimits)} over the remaining bytes of {@code
   * data} (e.g. a protobuf {@code ByteString.asReadOnlyByteBuffer()}), copied once. Does not move
   * {@code data}'s position.
   */
  public static Tensor of(
      String field, DType dtype, long[] shape, ByteBuffer data, TensorLimits limits) {
    Objects.requireNonNull(data, "data");
    // Copy the shape first and check the copy, so a caller mutating it concurrently cannot slip
    // an unchecked shape past validation; likewise for the data below.
    long[] s = Objects.requireNonNull(shape, "shape").clone();
    long n = validateShape(field, dtype, s, limits);
    checkLength(field, dtype, s, n, data.remaining(), limits);
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    checkContents(field, dtype, s, n, copy);
    return new Tensor(dtype, s, copy, n);
  }

  // ---------------------------------------------------------------- typed factories

  /** A rank-0 {@link DType#FP64} tensor holding {@code value}. */
  public static Tensor scalar(double value) {
    // not ofDoubles(data), which reads "no shape" as 1-D
    ByteBuffer b = allocate(1, DType.FP64);
    b.putDouble(value);
    return new Tensor(DType.FP64, new long[0], b.array(), 1);
  }

  /**
   * An {@link DType#FP64} tensor.
   *
   * @param data the elements in row-major order
   * @param shape the dimensions; none given means 1-D of length {@code data.length} (for a rank-0
   *     scalar use {@link #scalar(double)} or {@link #reshape(long...)})
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} when the shape does not hold exactly
   *     {@code data.length} elements
   */
  public static Tensor ofDoubles(double[] data, long... shape) {
    long[] s = factoryShape(DType.FP64, data.length, shape);
    ByteBuffer b = allocate(data.length, DType.FP64);
    b.asDoubleBuffer().put(data);
    return new Tensor(DType.FP64, s, b.array(), data.length);
  }

  /**
   * A rank-2 {@link DType#FP64} tensor of shape {@code [rows.length, rows[0].length]} ({@code [0,
   * 0]} when there are no rows).
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} when the rows differ in length
   */
  public static Tensor ofDoubles(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    long[] s = factoryShape(DType.FP64, (long) rows.length * cols, new long[] {rows.length, cols});
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw invalid(
            DEFAULT_FIELD,
            "row " + r + " has " + rows[r].length + " element(s), row 0 has " + cols);
      }
    }
    ByteBuffer b = allocate((long) rows.length * cols, DType.FP64);
    for (double[] row : rows) {
      for (double v : row) {
        b.putDouble(v);
      }
    }
    return new Tensor(DType.FP64, s, b.array(), (long) rows.length * cols);
  }

  /** An {@link DType#FP32} tensor; {@code shape} as in {@link #ofDoubles(double[], long...)}. */
  public static Tensor ofFloats(float[] data, long... shape) {
    long[] s = factoryShape(DType.FP32, data.length, shape);
    ByteBuffer b = allocate(data.length, DType.FP32);
    b.asFloatBuffer().put(data);
    return new Tensor(DType.FP32, s, b.array(), data.length);
  }

  /** An {@link DType#INT32} tensor; {@code shape} as in {@link #ofDoubles(double[], long...)}. */
  public static Tensor ofInts(int[] data, long... shape) {
    long[] s = factoryShape(DType.INT32, data.length, shape);
    ByteBuffer b = allocate(data.length, DType.INT32);
    b.asIntBuffer().put(data);
    return new Tensor(DType.INT32, s, b.array(), data.length);
  }

  /** An {@link DType#INT64} tensor; {@code shape} as in {@link #ofDoubles(double[], long...)}. */
  public static Tensor ofLongs(long[] data, long... shape) {
    long[] s = factoryShape(DType.INT64, data.length, shape);
    ByteBuffer b = allocate(data.length, DType.INT64);
    b.asLongBuffer().put(data);
    return new Tensor(DType.INT64, s, b.array(), data.length);
  }

  /** A {@link DType#BOOL} tensor; {@code shape} as in {@link #ofDoubles(double[], long...)}. */
  public static Tensor ofBools(boolean[] data, long... shape) {
    long[] s = factoryShape(DType.BOOL, data.length, shape);
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) (data[i] ? 1 : 0);
    }
    return new Tensor(DType.BOOL, s, bytes, data.length);
  }

  /**
   * A {@link DType#BYTES} tensor of the UTF-8 encodings of {@code strings} (no null elements);
   * {@code shape} as in {@link #ofDoubles(double[], long...)}.
   */
  public static Tensor ofStrings(List<String> strings, long... shape) {
    List<byte[]> encoded = new ArrayList<>(strings.size());
    for (String s : strings) {
      encoded.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return ofBytesOwned(encoded, shape);
  }

  /**
   * A {@link DType#BYTES} tensor of copies of {@code elements} (no null elements); {@code shape} as
   * in {@link #ofDoubles(double[], long...)}.
   */
  public static Tensor ofBytes(List<byte[]> elements, long... shape) {
    return ofBytesOwned(List.copyOf(elements), shape);
  }

  private static Tensor ofBytesOwned(List<byte[]> elements, long[] shape) {
    long[] s = factoryShape(DType.BYTES, elements.size(), shape);
    long total = 0;
    for (byte[] e : elements) {
      total += 4L + e.length;
      if (total > TensorLimits.MAX_ARRAY_BYTES) {
        throw tooLarge(
            DEFAULT_FIELD,
            "BYTES elements need more than " + TensorLimits.MAX_ARRAY_BYTES + " bytes");
      }
    }
    ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] e : elements) {
      b.putInt(e.length).put(e);
    }
    return new Tensor(DType.BYTES, s, b.array(), elements.size());
  }

  private static long[] factoryShape(DType dtype, long count, long[] shape) {
    long[] s = shape.length == 0 ? new long[] {count} : shape.clone();
    long n = validateShape(DEFAULT_FIELD, dtype, s, TensorLimits.UNLIMITED);
    if (n != count) {
      throw invalid(
          DEFAULT_FIELD, "shape " + fmt(s) + " has " + n + " element(s) but the data has " + count);
    }
    return s;
  }

  /** A little-endian buffer for {@code n} elements; {@code n} has passed {@link #factoryShape}. */
  private static ByteBuffer allocate(long n, DType dtype) {
    return ByteBuffer.allocate((int) (n * dtype.elementSize())).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---------------------------------------------------------------- accessors

  /** The element type; never null. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape; length 0 for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** The number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /**
   * Dimension {@code axis}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= axis < rank()}
   */
  public long dim(int axis) {
    Objects.checkIndex(axis, shape.length);
    return shape[axis];
  }

  /** The number of elements: the product of the dimensions (1 for a scalar). */
  public long numElements() {
    return numElements;
  }

  /** The length of the raw data in bytes. */
  public long byteSize() {
    return data.length;
  }

  /**
   * A read-only, little-endian view of the raw data, positioned at 0, without copying. Each call
   * returns a new buffer, so callers on different threads do not share a position.
   */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A copy of the raw data in the KServe layout described on this class. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** The raw data itself, for this package's writers; never hand it out. */
  byte[] rawData() {
    return data;
  }

  /**
   * The same data under another shape with the same number of elements; shares the (immutable)
   * data. No dimensions means rank 0, which needs exactly one element.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} when the element counts differ
   */
  public Tensor reshape(long... newShape) {
    long[] s = newShape.clone();
    long n = validateShape(DEFAULT_FIELD, dtype, s, TensorLimits.UNLIMITED);
    if (n != numElements) {
      throw invalid(
          DEFAULT_FIELD,
          "cannot reshape " + fmt(shape) + " (" + numElements + " elements) to " + fmt(s));
    }
    return new Tensor(dtype, s, data, n);
  }

  // ---------------------------------------------------------------- conversions

  /**
   * All elements in row-major order as doubles: FP32, INT32 exactly, INT64 rounded to the nearest
   * double beyond 2^53, BOOL as 0 or 1.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for {@link DType#BYTES}
   */
  public double[] toDoubleArray() {
    int n = (int) numElements; // every element takes at least one byte, so n fits in an int
    ByteBuffer b = asReadOnlyBuffer();
    double[] out = new double[n];
    switch (dtype) {
      case FP64 -> b.asDoubleBuffer().get(out);
      case FP32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getFloat(i * 4);
        }
      }
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(i * 4);
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(i * 8);
        }
      }
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = data[i];
        }
      }
      case BYTES -> throw wrongDtype("toDoubleArray", "a numeric dtype");
    }
    return out;
  }

  /**
   * A rank-2 tensor as {@code double[rows][cols]}, converted as {@link #toDoubleArray()}.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} unless rank is 2 and the dtype
   *     numeric
   */
  public double[][] toDoubleMatrix() {
    if (shape.length != 2) {
      throw invalid(DEFAULT_FIELD, "toDoubleMatrix needs rank 2, got shape " + fmt(shape));
    }
    double[] flat = toDoubleArray();
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * cols, r * cols + cols);
    }
    return out;
  }

  /**
   * The elements of an {@link DType#FP32} tensor.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for any other dtype
   */
  public float[] toFloatArray() {
    if (dtype != DType.FP32) {
      throw wrongDtype("toFloatArray", "FP32");
    }
    float[] out = new float[(int) numElements];
    asReadOnlyBuffer().asFloatBuffer().get(out);
    return out;
  }

  /**
   * The elements as longs: INT64 as is, INT32 widened, BOOL as 0 or 1.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for floating-point and BYTES dtypes
   *     (no silent truncation)
   */
  public long[] toLongArray() {
    int n = (int) numElements;
    long[] out = new long[n];
    ByteBuffer b = asReadOnlyBuffer();
    switch (dtype) {
      case INT64 -> b.asLongBuffer().get(out);
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(i * 4);
        }
      }
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = data[i];
        }
      }
      case FP32, FP64, BYTES -> throw wrongDtype("toLongArray", "INT32, INT64 or BOOL");
    }
    return out;
  }

  /**
   * The elements as ints: INT32 as is, BOOL as 0 or 1, INT64 when every value fits.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for floating-point and BYTES dtypes,
   *     and for an INT64 value outside the int range
   */
  public int[] toIntArray() {
    int n = (int) numElements;
    int[] out = new int[n];
    ByteBuffer b = asReadOnlyBuffer();
    switch (dtype) {
      case INT32 -> b.asIntBuffer().get(out);
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          long v = b.getLong(i * 8);
          if (v != (int) v) {
            throw invalid(
                DEFAULT_FIELD,
                "element " + index(shape, i) + " = " + v + " does not fit in an int (INT32)");
          }
          out[i] = (int) v;
        }
      }
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = data[i];
        }
      }
      case FP32, FP64, BYTES -> throw wrongDtype("toIntArray", "INT32, INT64 or BOOL");
    }
    return out;
  }

  /**
   * The elements of a {@link DType#BOOL} tensor.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for any other dtype
   */
  public boolean[] toBooleanArray() {
    if (dtype != DType.BOOL) {
      throw wrongDtype("toBooleanArray", "BOOL");
    }
    boolean[] out = new boolean[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = data[i] != 0;
    }
    return out;
  }

  /**
   * The elements of a {@link DType#BYTES} tensor decoded as UTF-8, in row-major order;
   * unmodifiable.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for any other dtype or an element
   *     that is not valid UTF-8
   */
  public List<String> toStringList() {
    if (dtype != DType.BYTES) {
      throw wrongDtype("toStringList", "BYTES");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> out = new ArrayList<>((int) numElements);
    ByteBuffer b = asReadOnlyBuffer();
    int pos = 0;
    for (int i = 0; i < numElements; i++) {
      int len = b.getInt(pos);
      ByteBuffer element = b.duplicate().position(pos + 4).limit(pos + 4 + len);
      try {
        CharBuffer chars = decoder.decode(element);
        out.add(chars.toString());
      } catch (CharacterCodingException e) {
        throw invalid(DEFAULT_FIELD, "BYTES element " + index(shape, i) + " is not valid UTF-8");
      }
      pos += 4 + len;
    }
    return List.copyOf(out);
  }

  /**
   * Copies of the elements of a {@link DType#BYTES} tensor, in row-major order; the list is
   * unmodifiable.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for any other dtype
   */
  public List<byte[]> toBytesList() {
    if (dtype != DType.BYTES) {
      throw wrongDtype("toBytesList", "BYTES");
    }
    List<byte[]> out = new ArrayList<>((int) numElements);
    ByteBuffer b = asReadOnlyBuffer();
    int pos = 0;
    for (int i = 0; i < numElements; i++) {
      int len = b.getInt(pos);
      out.add(Arrays.copyOfRange(data, pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
    return List.copyOf(out);
  }

  /**
   * Checks that no element is NaN or infinite ({@link DType#FP32} and {@link DType#FP64}; other
   * dtypes always pass).
   *
   * @param field the request field to name in the failure, e.g. {@code inputs[features]}
   * @return this tensor, for chaining
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} naming {@code field} and the index of
   *     the first non-finite element
   */
  public Tensor requireFinite(String field) {
    Objects.requireNonNull(field, "field");
    ByteBuffer b = asReadOnlyBuffer();
    int n = (int) numElements;
    switch (dtype) {
      case FP64 -> {
        for (int i = 0; i < n; i++) {
          double v = b.getDouble(i * 8);
          if (!Double.isFinite(v)) {
            throw nonFinite(field, i, v);
          }
        }
      }
      case FP32 -> {
        for (int i = 0; i < n; i++) {
          float v = b.getFloat(i * 4);
          if (!Float.isFinite(v)) {
            throw nonFinite(field, i, v);
          }
        }
      }
      case INT32, INT64, BOOL, BYTES -> {
        // no non-finite values exist
      }
    }
    return this;
  }

  private QStepException nonFinite(String field, long i, double v) {
    return invalid(
        field, "element " + index(shape, i) + " is " + v + "; finite values are required");
  }

  // ---------------------------------------------------------------- object

  /** Equal when dtype, shape and raw bytes are equal (so NaN equals the same NaN, 0.0 ≠ -0.0). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      // racy but benign: every thread computes the same value
      h = 31 * (31 * dtype.ordinal() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  /** A short description, e.g. {@code Tensor[FP64 [2, 3], 48 bytes]}; never the data. */
  @Override
  public String toString() {
    return "Tensor[" + dtype + " " + fmt(shape) + ", " + data.length + " bytes]";
  }

  // ---------------------------------------------------------------- helpers

  private QStepException wrongDtype(String method, String expected) {
    return invalid(DEFAULT_FIELD, method + " needs " + expected + ", not " + dtype);
  }

  static String fmt(long[] shape) {
    return Arrays.toString(shape);
  }

  /** The row-major multi-index of flat element {@code flat}, e.g. {@code [1, 2]}. */
  static String index(long[] shape, long flat) {
    long[] idx = new long[shape.length];
    long rest = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest /= shape[d];
    }
    return Arrays.toString(idx);
  }

  static QStepException invalid(String field, String message) {
    return new QStepException(ErrorReason.INVALID_TENSOR, field, field + ": " + message);
  }

  static QStepException tooLarge(String field, String message) {
    return new QStepException(ErrorReason.TOO_LARGE, field, field + ": " + message);
  }
}
