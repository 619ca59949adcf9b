package io.qstep.tensor;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), the form in which
 * Python pipeline stages hand tensors to qstep.
 *
 * <p>Supported: little-endian, C-order arrays of {@code <f8}, {@code <f4}, {@code <i4}, {@code <i8}
 * and {@code |b1} (FP64, FP32, INT32, INT64, BOOL), any rank including scalars and zero-size
 * arrays. Refused with {@link ErrorReason#INVALID_TENSOR} naming the file: Fortran order (rank 2
 * and up; for rank 0 and 1 the layouts coincide), big-endian, object, string and structured dtypes,
 * malformed headers, truncated data and bytes after the data. The header's shape is checked against
 * {@link TensorLimits} ({@link ErrorReason#TOO_LARGE}) and, for files, against the file's size
 * before the data array is allocated. Never unpickles anything.
 *
 * <p>{@link #write} produces the bytes {@code numpy.save} produces for the same array: version 1.0
 * unless the header needs 2.0, data aligned to 64 bytes. {@link DType#BYTES} tensors have no {@code
 * .npy} form.
 *
 * <p>Stateless and thread-safe. I/O failures surface as {@link IOException}; malformed content as
 * {@link QStepException}. Arguments are never null.
 */
public final class Npy {
  /** The field named in failures when reading from or writing to a stream. */
  static final String STREAM_FIELD = "npy";

  /** Larger than any header NumPy writes for a supported dtype (at most a few hundred bytes). */
  static final int MAX_HEADER_BYTES = 1 << 16;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAGIC_LEN = MAGIC.length + 2; // with the version bytes
  private static final int ARRAY_ALIGN = 64;

  /** NumPy leaves room for the first axis to grow to this many digits in place. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private static final int COPY_CHUNK = 1 << 16;

  private Npy() {}

  /** As {@link #read(Path, TensorLimits)} with {@link TensorLimits#DEFAULT}. */
  public static Tensor read(Path path) throws IOException {
    return read(path, TensorLimits.DEFAULT);
  }

  /**
   * Reads one array from a {@code .npy} file; the file must hold nothing after the array's data.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} or {@link ErrorReason#TOO_LARGE} with
   *     the file name as field
   * @throws IOException when the file cannot be read
   */
  public static Tensor read(Path path, TensorLimits limits) throws IOException {
    Objects.requireNonNull(limits, "limits");
    String field = fileName(path);
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, field, limits, Files.size(path));
    }
  }

  /** As {@link #read(InputStream, String, TensorLimits)} with field {@code npy} and defaults. */
  public static Tensor read(InputStream in) throws IOException {
    return read(in, STREAM_FIELD, TensorLimits.DEFAULT);
  }

  /**
   * Reads one array from {@code in}, leaving the stream just after the array's data (so several
   * arrays saved one after another can be read in turn). Does not close {@code in}. Data is read as
   * it arrives, so a stream shorter than its header claims fails without a large allocation.
   *
   * @param field the name to blame in failures, e.g. the file or input name
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} or {@link ErrorReason#TOO_LARGE}
   * @throws IOException when {@code in} fails
   */
  public static Tensor read(InputStream in, String field, TensorLimits limits) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(limits, "limits");
    return read(in, field, limits, -1);
  }

  /**
   * @param size the total size of the source in bytes, or -1 when unknown
   */
  private static Tensor read(InputStream in, String field, TensorLimits limits, long size)
      throws IOException {
    byte[] prefix = in.readNBytes(MAGIC_LEN);
    if (prefix.length < MAGIC.length || !startsWithMagic(prefix)) {
      throw Tensor.invalid(field, "not a .npy file (it does not start with \\x93NUMPY)");
    }
    if (prefix.length < MAGIC_LEN) {
      throw truncated(field, "the format version");
    }
    int major = prefix[6] & 0xFF;
    int minor = prefix[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw Tensor.invalid(
          field,
          "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lb = in.readNBytes(lengthBytes);
    if (lb.length < lengthBytes) {
      throw truncated(field, "the header length");
    }
    ByteBuffer lbb = ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength =
        major == 1 ? Short.toUnsignedInt(lbb.getShort()) : Integer.toUnsignedLong(lbb.getInt());
    if (headerLength > MAX_HEADER_BYTES) {
      throw Tensor.invalid(
          field,
          "the .npy header claims "
              + headerLength
              + " bytes; at most "
              + MAX_HEADER_BYTES
              + " are accepted");
    }
    long dataOffset = MAGIC_LEN + lengthBytes + headerLength;
    if (size >= 0 && dataOffset > size) {
      throw truncated(field, "the header (" + headerLength + " bytes claimed)");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw truncated(field, "the header (" + headerLength + " bytes claimed)");
    }
    NpyHeader header = NpyHeader.parse(field, decodeHeader(field, major, headerBytes));
    DType dtype = DType.fromNumpyDescr(field, header.descr());
    long[] shape = header.shape();
    if (header.fortranOrder() && shape.length > 1) {
      throw Tensor.invalid(
          field,
          "Fortran-order (column-major) arrays are not supported; save np.ascontiguousarray(a)");
    }
    long n = Tensor.validateShape(field, dtype, shape, limits);
    long expected = n * dtype.elementSize(); // bounded by limits.maxBytes()
    byte[] data;
    if (size >= 0) {
      long available = size - dataOffset;
      if (available != expected) {
        throw Tensor.invalid(
            field,
            (available < expected ? "truncated: " : "trailing data: ")
                + "shape "
                + Tensor.fmt(shape)
                + " x "
                + header.descr()
                + " needs "
                + expected
                + " data bytes, the file has "
                + available);
      }
      data = new byte[(int) expected];
      if (in.readNBytes(data, 0, data.length) < data.length) {
        throw truncated(field, "the data (the file shrank while being read)");
      }
    } else {
      data = in.readNBytes((int) expected); // grows with what actually arrives
      if (data.length < expected) {
        throw Tensor.invalid(
            field,
            "truncated: shape "
                + Tensor.fmt(shape)
                + " x "
                + header.descr()
                + " needs "
                + expected
                + " data bytes, the stream ended after "
                + data.length);
      }
    }
    Tensor.checkContents(field, dtype, shape, n, data);
    return Tensor.wrapValidated(dtype, shape, data, n);
  }

  /**
   * Writes {@code tensor} to {@code path} (created or truncated) as {@code numpy.save} would.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for a {@link DType#BYTES} tensor,
   *     before the file is touched
   * @throws IOException when the file cannot be written
   */
  public static void write(Tensor tensor, Path path) throws IOException {
    byte[] header = header(fileName(path), tensor);
    try (OutputStream out = Files.newOutputStream(path)) {
      writeData(header, tensor, out);
    }
  }

  /**
   * Writes {@code tensor} to {@code out} as {@code numpy.save} would; neither flushes nor closes
   * {@code out}.
   *
   * @throws QStepException {@link ErrorReason#INVALID_TENSOR} for a {@link DType#BYTES} tensor,
   *     before anything is written
   * @throws IOException when {@code out} fails
   */
  public static void write(Tensor tensor, OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    writeData(header(STREAM_FIELD, tensor), tensor, out);
  }

  private static void writeData(byte[] header, Tensor tensor, OutputStream out) throws IOException {
    out.write(header);
    // Through a private buffer: an OutputStream could keep or modify an array it is handed, and
    // the tensor's data must stay immutable.
    byte[] data = tensor.rawData();
    byte[] chunk = new byte[Math.min(COPY_CHUNK, data.length)];
    for (int off = 0; off < data.length; off += chunk.length) {
      int len = Math.min(chunk.length, data.length - off);
      System.arraycopy(data, off, chunk, 0, len);
      out.write(chunk, 0, len);
    }
  }

  /** The magic, version, header length and padded header, exactly as NumPy writes them. */
  static byte[] header(String field, Tensor tensor) {
    String descr =
        tensor
            .dtype()
            .numpyDescr()
            .orElseThrow(
                () ->
                    Tensor.invalid(
                        field,
                        "BYTES tensors have no .npy form; write them as JSON (a list of strings)"));
    long[] shape = tensor.shape();
    StringBuilder dict = new StringBuilder();
    dict.append("{'descr': '")
        .append(descr)
        .append("', 'fortran_order': False, 'shape': ")
        .append(shapeRepr(shape))
        .append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    int hlen = text.length + 1; // with the final newline
    // Version 1.0 stores the header length in 2 bytes, 2.0 in 4; a header that fits stays at 1.0.
    int major = 1;
    int padlen = pad(2, hlen);
    if (hlen + padlen > 0xFFFF) {
      major = 2;
      padlen = pad(4, hlen);
    }
    ByteBuffer b =
        ByteBuffer.allocate(MAGIC_LEN + (major == 1 ? 2 : 4) + hlen + padlen)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) (hlen + padlen));
    } else {
      b.putInt(hlen + padlen);
    }
    b.put(text);
    for (int i = 0; i < padlen; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** NumPy's padding: 1 to 64 spaces so that the data starts on a 64-byte boundary. */
  private static int pad(int lengthBytes, int hlen) {
    return ARRAY_ALIGN - ((MAGIC_LEN + lengthBytes + hlen) % ARRAY_ALIGN);
  }

  /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  private static String shapeRepr(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    return sb.append(')').toString();
  }

  private static String decodeHeader(String field, int major, byte[] bytes) {
    if (major < 3) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw Tensor.invalid(field, "the version 3.0 .npy header is not valid UTF-8");
    }
  }

  private static boolean startsWithMagic(byte[] prefix) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static QStepException truncated(String field, String what) {
    return Tensor.invalid(field, "truncated: the file ends inside " + what);
  }

  private static String fileName(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }
}
