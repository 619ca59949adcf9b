package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded property tests: a failing seed in the display name replays exactly. */
class TensorPropertyTest {
  private static final DType[] NUMERIC = {
    DType.FP32, DType.FP64, DType.INT32, DType.INT64, DType.BOOL
  };

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  static long[] randomShape(SplittableRandom r) {
    long[] shape = new long[r.nextInt(5)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(4);
    }
    return shape;
  }

  static int count(long[] shape) {
    return (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }

  static String randomString(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int len = r.nextInt(6);
    for (int i = 0; i < len; i++) {
      int cp;
      do {
        cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x80);
      } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** Random raw bytes in the KServe layout: every bit pattern for numbers, 0/1 for BOOL. */
  static Tensor randomTensor(SplittableRandom r, DType dtype) {
    long[] shape = randomShape(r);
    int n = count(shape);
    if (dtype == DType.BYTES) {
      List<String> strings = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        strings.add(randomString(r));
      }
      return Tensor.ofStrings(strings).reshape(shape);
    }
    byte[] data = new byte[n * dtype.elementSize()];
    for (int i = 0; i < data.length; i++) {
      data[i] = dtype == DType.BOOL ? (byte) r.nextInt(2) : (byte) r.nextInt(256);
    }
    return Tensor.of(dtype, shape, data);
  }

  static Tensor randomNumeric(SplittableRandom r) {
    return randomTensor(r, NUMERIC[r.nextInt(NUMERIC.length)]);
  }

  static byte[] npy(Tensor t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(t, out);
    return out.toByteArray();
  }

  static Tensor readNpy(byte[] file) throws IOException {
    return Npy.read(new ByteArrayInputStream(file), "p.npy", TensorLimits.DEFAULT);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void rawBytes_throughOf_isIdentity(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = randomTensor(r, DType.values()[r.nextInt(DType.values().length)]);

    Tensor again = Tensor.of("p", t.dtype(), t.shape(), t.asReadOnlyBuffer(), TensorLimits.DEFAULT);

    assertThat(again).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(again.numElements()).isEqualTo(count(t.shape()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void npy_writeThenRead_isIdentityWithDataAlignedTo64(long seed) throws IOException {
    Tensor t = randomNumeric(new SplittableRandom(seed));

    byte[] file = npy(t);

    assertThat((file.length - t.byteSize()) % 64).isZero();
    assertThat(readNpy(file)).isEqualTo(t);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void typedFactories_andConversions_roundTrip(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] shape = randomShape(r);
    int n = count(shape);
    double[] d = new double[n];
    float[] f = new float[n];
    int[] i32 = new int[n];
    long[] i64 = new long[n];
    boolean[] b = new boolean[n];
    for (int i = 0; i < n; i++) {
      d[i] = Double.longBitsToDouble(r.nextLong());
      d[i] = Double.isNaN(d[i]) ? Double.NaN : d[i]; // payloads are platform-dependent
      f[i] = (float) (r.nextDouble(-1e6, 1e6));
      i32[i] = r.nextInt();
      i64[i] = r.nextLong();
      b[i] = r.nextBoolean();
    }

    assertThat(Tensor.ofDoubles(d).reshape(shape).toDoubleArray()).isEqualTo(d);
    assertThat(Tensor.ofFloats(f).reshape(shape).toFloatArray()).isEqualTo(f);
    assertThat(Tensor.ofInts(i32).reshape(shape).toIntArray()).isEqualTo(i32);
    assertThat(Tensor.ofLongs(i64).reshape(shape).toLongArray()).isEqualTo(i64);
    assertThat(Tensor.ofBools(b).reshape(shape).toBooleanArray()).isEqualTo(b);
    if (shape.length > 0) {
      assertThat(Tensor.ofDoubles(d, shape)).isEqualTo(Tensor.ofDoubles(d).reshape(shape));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void strings_throughBytesTensor_roundTrip(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> strings = new ArrayList<>();
    for (int i = r.nextInt(8); i > 0; i--) {
      strings.add(randomString(r));
    }

    Tensor t = Tensor.ofStrings(strings);
    Tensor.validate("p", DType.BYTES, t.shape(), t.toByteArray(), TensorLimits.DEFAULT);

    assertThat(t.toStringList()).isEqualTo(strings);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void validate_wrongByteLength_isInvalidTensor(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = randomNumeric(r);
    int delta =
        r.nextBoolean() && t.byteSize() > 0
            ? -1 - r.nextInt((int) t.byteSize())
            : 1 + r.nextInt(16);
    byte[] data = new byte[(int) t.byteSize() + delta];

    assertFails(
        () -> Tensor.validate("p", t.dtype(), t.shape(), data, TensorLimits.DEFAULT),
        ErrorReason.INVALID_TENSOR,
        "p");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void npy_truncatedAnywhere_isInvalidTensor(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] file = npy(randomNumeric(r));
    byte[] cut = Arrays.copyOf(file, r.nextInt(file.length));

    assertFails(() -> readNpy(cut), ErrorReason.INVALID_TENSOR, "p.npy");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void npy_corruptedHeaderBytes_failOnlyWithQStepException(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] file = npy(randomNumeric(r));
    int headerEnd = file.length - (int) readNpy(file).byteSize();
    for (int k = 0; k < 3; k++) {
      file[r.nextInt(headerEnd)] = (byte) r.nextInt(256);
    }

    try {
      readNpy(file);
    } catch (QStepException e) {
      assertThat(e.field()).isEqualTo("p.npy");
      assertThat(e.reason()).isIn(ErrorReason.INVALID_TENSOR, ErrorReason.TOO_LARGE);
    }
  }
}
