package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.error.ErrorReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
  private static final String FILE = "x.npy";
  private static final TensorLimits LIMITS = new TensorLimits(1000, 8000, 8);
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  @TempDir Path tmp;

  /** A .npy file with {@code header} padded as NumPy pads it, in format {@code major}.0. */
  static byte[] npyFile(int major, String header, byte[] data) {
    byte[] text =
        header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    int unpadded = MAGIC.length + 2 + lengthBytes + text.length + 1;
    int pad = (64 - unpadded % 64) % 64;
    int hlen = text.length + pad + 1;
    ByteBuffer b = ByteBuffer.allocate(unpadded + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) hlen);
    } else {
      b.putInt(hlen);
    }
    b.put(text);
    for (int i = 0; i < pad; i++) {
      b.put((byte) ' ');
    }
    return b.put((byte) '\n').put(data).array();
  }

  static byte[] npyFile(String header, byte[] data) {
    return npyFile(1, header, data);
  }

  static String dict(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  static Tensor read(byte[] file) {
    try {
      return Npy.read(new ByteArrayInputStream(file), FILE, LIMITS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] write(Tensor t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Npy.write(t, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] le(int capacity, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(b);
    return b.array();
  }

  private Path file(byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(FILE), bytes);
  }

  // ------------------------------------------------------------------ writing

  @Test
  void write_fp64Matrix_producesNumpyVersion1HeaderAlignedTo64() {
    byte[] file = write(Tensor.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));

    assertThat(Arrays.copyOf(file, 8))
        .isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    int hlen = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
    int dataOffset = 10 + hlen;
    String header = new String(file, 10, hlen, StandardCharsets.ISO_8859_1);
    assertThat(dataOffset % 64).isZero();
    assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
    assertThat(header).endsWith(" \n");
    assertThat(file.length - dataOffset).isEqualTo(48);
  }

  @Test
  void write_shapesUsePythonTupleRepr() {
    assertThat(headerOf(write(Tensor.scalar(1)))).contains("'shape': (), }");
    assertThat(headerOf(write(Tensor.ofInts(new int[] {1, 2, 3})))).contains("'shape': (3,), }");
    assertThat(headerOf(write(Tensor.ofDoubles(new double[0], 0, 3))))
        .contains("'shape': (0, 3), }");
  }

  private static String headerOf(byte[] file) {
    int hlen = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
    return new String(file, 10, hlen, StandardCharsets.ISO_8859_1);
  }

  static Stream<Arguments> everyDtypeAndShape() {
    long[][] shapes = {{}, {0, 3}, {4}, {2, 3}, {2, 1, 3}};
    return Stream.of(DType.FP32, DType.FP64, DType.INT32, DType.INT64, DType.BOOL)
        .flatMap(d -> Arrays.stream(shapes).map(s -> Arguments.of(d, s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyDtypeAndShape")
  void writeThenRead_everyDtypeAndShape_isIdentity(DType dtype, long[] shape) throws IOException {
    int n = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    byte[] data = new byte[n * dtype.elementSize()];
    for (int i = 0; i < data.length; i++) {
      data[i] = dtype == DType.BOOL ? (byte) (i % 2) : (byte) (i * 37 + 11);
    }
    Tensor t = Tensor.of(dtype, shape, data);

    Path p = tmp.resolve("t.npy");
    Npy.write(t, p);

    assertThat(Npy.read(p)).isEqualTo(t);
    assertThat(read(write(t))).isEqualTo(t);
  }

  @Test
  void write_bytesTensorToPath_isInvalidTensorAndCreatesNoFile() {
    Path p = tmp.resolve("s.npy");
    var e =
        assertFails(
            () -> Npy.write(Tensor.ofStrings(List.of("a")), p),
            ErrorReason.INVALID_TENSOR,
            "s.npy");
    assertThat(e.getMessage()).contains("BYTES").contains("JSON");
    assertThat(p).doesNotExist();
  }

  @Test
  void write_bytesTensorToStream_isInvalidTensorAndWritesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertFails(
        () -> Npy.write(Tensor.ofStrings(List.of("a")), out), ErrorReason.INVALID_TENSOR, "npy");
    assertThat(out.size()).isZero();
  }

  // ------------------------------------------------------------------ hand-crafted headers

  @Test
  void read_handCraftedVersion1_readsShapeAndLittleEndianData() {
    byte[] file = npyFile(dict("<i4", "(2,)"), le(8, b -> b.putInt(-3).putInt(70000)));

    Tensor t = read(file);

    assertThat(t.dtype()).isEqualTo(DType.INT32);
    assertThat(t.shape()).containsExactly(2);
    assertThat(t.toIntArray()).containsExactly(-3, 70000);
  }

  @Test
  void read_handCraftedVersion2_withDoubleQuotesAndNoTrailingComma() {
    String header = "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (1, 2)}";
    byte[] file = npyFile(2, header, le(16, b -> b.putDouble(0.5).putDouble(-1e300)));

    assertThat(read(file)).isEqualTo(Tensor.ofDoubles(new double[] {0.5, -1e300}, 1, 2));
  }

  @Test
  void read_handCraftedVersion3_isUtf8() {
    byte[] file = npyFile(3, dict("|b1", "(3,)"), new byte[] {1, 0, 1});

    assertThat(read(file).toBooleanArray()).containsExactly(true, false, true);
  }

  @Test
  void read_version3WithInvalidUtf8Header_isInvalidTensor() {
    byte[] file = npyFile(3, dict("|b1", "(1,)") + " \u00e9", new byte[] {1});
    int at = indexOf(file, (byte) 0xC3);
    file[at + 1] = (byte) 0x28; // break the two-byte sequence
    var e = assertFails(() -> read(file), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("UTF-8");
  }

  private static int indexOf(byte[] a, byte v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void read_keysInAnyOrderAndPython2LongDims_areAccepted() {
    String header = "{'shape': (2L, 1L), 'fortran_order': False, 'descr': '<i8'}";
    byte[] file = npyFile(header, le(16, b -> b.putLong(5).putLong(6)));

    assertThat(read(file)).isEqualTo(Tensor.ofLongs(new long[] {5, 6}, 2, 1));
  }

  @Test
  void read_scalarAndZeroSize_areAccepted() {
    assertThat(read(npyFile(dict("<f8", "()"), le(8, b -> b.putDouble(7)))))
        .isEqualTo(Tensor.scalar(7));
    assertThat(read(npyFile(dict("<f4", "(0, 3)"), new byte[0])).shape()).containsExactly(0, 3);
  }

  @Test
  void read_fortranOrder_isInvalidTensor() {
    String header = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }";
    var e =
        assertFails(() -> read(npyFile(header, new byte[32])), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("Fortran");
  }

  @Test
  void read_fortranOrderOfRankOne_isAcceptedAsTheLayoutIsTheSame() {
    String header = "{'descr': '<i4', 'fortran_order': True, 'shape': (2,), }";
    assertThat(read(npyFile(header, le(8, b -> b.putInt(1).putInt(2)))).toIntArray())
        .containsExactly(1, 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {">f8", "<U3", "|O", "<u2", "<c16"})
  void read_unsupportedDescr_isInvalidTensorNamingDescr(String descr) {
    var e =
        assertFails(
            () -> read(npyFile(dict(descr, "(1,)"), new byte[16])),
            ErrorReason.INVALID_TENSOR,
            FILE);
    assertThat(e.getMessage()).contains("'" + descr + "'");
  }

  @Test
  void read_boolByteOtherThanZeroOrOne_isInvalidTensor() {
    assertFails(
        () -> read(npyFile(dict("|b1", "(2,)"), new byte[] {1, 5})),
        ErrorReason.INVALID_TENSOR,
        FILE);
  }

  static Stream<Arguments> malformedHeaders() {
    return Stream.of(
        Arguments.of("not a dictionary", "[1, 2]", "not a dictionary"),
        Arguments.of(
            "missing shape", "{'descr': '<f8', 'fortran_order': False}", "exactly the keys"),
        Arguments.of(
            "extra key",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}",
            "exactly the keys"),
        Arguments.of(
            "shape as list", "{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", "tuple"),
        Arguments.of(
            "shape of strings",
            "{'descr': '<f8', 'fortran_order': False, 'shape': ('a',)}",
            "non-integer"),
        Arguments.of(
            "fortran_order None",
            "{'descr': '<f8', 'fortran_order': None, 'shape': (1,)}",
            "fortran_order"),
        Arguments.of(
            "structured descr",
            "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}",
            "structured"),
        Arguments.of("unterminated string", "{'descr: '<f8'}", "malformed"),
        Arguments.of("trailing text", dict("<f8", "(1,)") + " junk", "malformed"),
        Arguments.of("missing colon", "{'descr' '<f8'}", "malformed"),
        Arguments.of("bare word", "{'descr': f8}", "malformed"),
        Arguments.of(
            "duplicate key",
            "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
            "duplicate"),
        Arguments.of("deep nesting", "{'descr': " + "(".repeat(5000) + "}", "too deep"),
        Arguments.of("empty", "", "malformed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void read_malformedHeader_isInvalidTensor(String scenario, String header, String expected) {
    var e = assertFails(() -> read(npyFile(header, new byte[8])), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains(expected);
  }

  @Test
  void read_negativeDimension_isInvalidTensor() {
    assertFails(
        () -> read(npyFile(dict("<f8", "(-1,)"), new byte[0])), ErrorReason.INVALID_TENSOR, FILE);
  }

  @Test
  void read_dimensionBeyondInt64_isTooLarge() {
    assertFails(
        () -> read(npyFile(dict("<f8", "(99999999999999999999,)"), new byte[0])),
        ErrorReason.TOO_LARGE,
        FILE);
  }

  @Test
  void read_shapeOverLimits_isTooLargeBeforeReadingData() throws IOException {
    // claims 2^40 doubles but holds 8 bytes: refused from the header alone
    byte[] bytes = npyFile(dict("<f8", "(1099511627776,)"), new byte[8]);
    assertFails(() -> read(bytes), ErrorReason.TOO_LARGE, FILE);
    Path p = file(bytes);
    assertFails(() -> Npy.read(p, TensorLimits.UNLIMITED), ErrorReason.TOO_LARGE, FILE);
  }

  // ------------------------------------------------------------------ framing errors

  @Test
  void read_emptyOrWrongMagic_isInvalidTensor() {
    var e = assertFails(() -> read(new byte[0]), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("not a .npy file");
    assertFails(
        () -> read("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1)),
        ErrorReason.INVALID_TENSOR,
        FILE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0400, 0x0101, 0x0000})
  void read_unsupportedVersion_isInvalidTensor(int version) {
    byte[] file = npyFile(dict("<f8", "(1,)"), new byte[8]);
    file[6] = (byte) (version >> 8);
    file[7] = (byte) version;
    var e = assertFails(() -> read(file), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("version " + (version >> 8) + "." + (version & 0xFF));
  }

  @Test
  void read_hugeClaimedHeaderLength_isInvalidTensorWithoutAllocating() {
    byte[] file = new byte[16];
    System.arraycopy(MAGIC, 0, file, 0, MAGIC.length);
    file[6] = 2;
    ByteBuffer.wrap(file, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_FFFF);
    var e = assertFails(() -> read(file), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("2147483647");
  }

  @Test
  void read_truncatedInPreambleOrHeader_isInvalidTensor() throws IOException {
    byte[] full = npyFile(dict("<f8", "(1,)"), new byte[8]);
    for (int cut : new int[] {7, 9, 40}) {
      byte[] part = Arrays.copyOf(full, cut);
      var e = assertFails(() -> read(part), ErrorReason.INVALID_TENSOR, FILE);
      assertThat(e.getMessage()).contains("truncated");
      Path p = file(part);
      assertFails(() -> Npy.read(p), ErrorReason.INVALID_TENSOR, FILE);
    }
  }

  @Test
  void read_truncatedData_isInvalidTensorSayingHowMuchIsMissing() throws IOException {
    byte[] full = npyFile(dict("<f8", "(2, 3)"), new byte[48]);
    byte[] part = Arrays.copyOf(full, full.length - 8);

    var fromStream = assertFails(() -> read(part), ErrorReason.INVALID_TENSOR, FILE);
    Path p = file(part);
    var fromFile = assertFails(() -> Npy.read(p), ErrorReason.INVALID_TENSOR, FILE);

    assertThat(fromStream.getMessage())
        .isEqualTo(
            FILE
                + ": truncated: shape [2, 3] x <f8 needs 48 data bytes, the stream ended after 40");
    assertThat(fromFile.getMessage())
        .isEqualTo(FILE + ": truncated: shape [2, 3] x <f8 needs 48 data bytes, the file has 40");
  }

  @Test
  void read_fileWithBytesAfterTheData_isInvalidTensor() throws IOException {
    Path p = file(npyFile(dict("<f8", "(1,)"), new byte[9]));
    var e = assertFails(() -> Npy.read(p), ErrorReason.INVALID_TENSOR, FILE);
    assertThat(e.getMessage()).contains("trailing data");
  }

  @Test
  void read_stream_stopsAfterTheArraySoConsecutiveArraysCanBeRead() throws IOException {
    Tensor a = Tensor.ofInts(new int[] {1, 2});
    Tensor b = Tensor.scalar(3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(a, out);
    Npy.write(b, out);

    InputStream in = new ByteArrayInputStream(out.toByteArray());

    assertThat(Npy.read(in)).isEqualTo(a);
    assertThat(Npy.read(in)).isEqualTo(b);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void read_path_namesTheFileInFailures() throws IOException {
    Path p = Files.write(tmp.resolve("features.npy"), new byte[] {1, 2, 3});
    assertFails(() -> Npy.read(p), ErrorReason.INVALID_TENSOR, "features.npy");
  }
}
