package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

  private static byte[] le(int capacity, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(b);
    return b.array();
  }

  @Test
  void ofDoubles_withShape_storesLittleEndianRowMajor() {
    Tensor t = Tensor.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    assertThat(t.dtype()).isEqualTo(DType.FP64);
    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.rank()).isEqualTo(2);
    assertThat(t.numElements()).isEqualTo(6);
    assertThat(t.byteSize()).isEqualTo(48);
    assertThat(t.toByteArray())
        .isEqualTo(
            le(
                48,
                b ->
                    b.putDouble(1)
                        .putDouble(2)
                        .putDouble(3)
                        .putDouble(4)
                        .putDouble(5)
                        .putDouble(6)));
  }

  @Test
  void ofDoubles_withoutShape_isOneDimensional() {
    assertThat(Tensor.ofDoubles(new double[] {1, 2, 3}).shape()).containsExactly(3);
  }

  @Test
  void ofDoubles_shapeNotMatchingData_isInvalidTensor() {
    var e =
        assertFails(
            () -> Tensor.ofDoubles(new double[] {1, 2, 3}, 2, 2),
            ErrorReason.INVALID_TENSOR,
            "tensor");
    assertThat(e.getMessage())
        .isEqualTo("tensor: shape [2, 2] has 4 element(s) but the data has 3");
  }

  @Test
  void ofDoubles_matrix_roundTripsThroughToDoubleMatrix() {
    double[][] m = {{1, 2, 3}, {4, 5, 6}};
    Tensor t = Tensor.ofDoubles(m);

    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.toDoubleMatrix()).isDeepEqualTo(m);
    assertThat(t.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void ofDoubles_raggedMatrix_isInvalidTensor() {
    var e =
        assertFails(
            () -> Tensor.ofDoubles(new double[][] {{1, 2}, {3}}),
            ErrorReason.INVALID_TENSOR,
            "tensor");
    assertThat(e.getMessage()).contains("row 1");
  }

  @Test
  void ofDoubles_emptyMatrix_isZeroByZero() {
    assertThat(Tensor.ofDoubles(new double[0][]).shape()).containsExactly(0, 0);
  }

  @Test
  void scalar_hasRankZeroAndOneElement() {
    Tensor t = Tensor.scalar(2.5);

    assertThat(t.rank()).isZero();
    assertThat(t.shape()).isEmpty();
    assertThat(t.numElements()).isEqualTo(1);
    assertThat(t.toDoubleArray()).containsExactly(2.5);
  }

  @Test
  void zeroSizeTensor_hasNoElementsAndNoBytes() {
    Tensor t = Tensor.ofDoubles(new double[0], 0, 3);

    assertThat(t.numElements()).isZero();
    assertThat(t.byteSize()).isZero();
    assertThat(t.shape()).containsExactly(0, 3);
    assertThat(t.toDoubleMatrix()).isEmpty();
  }

  @Test
  void factoriesAndAccessors_makeDefensiveCopies() {
    double[] data = {1, 2};
    long[] shape = {2};
    Tensor t = Tensor.ofDoubles(data, shape);
    data[0] = 99;
    shape[0] = 7;
    t.shape()[0] = 5;
    t.toByteArray()[0] = 42;
    t.toDoubleArray()[0] = 42;

    assertThat(t.shape()).containsExactly(2);
    assertThat(t.toDoubleArray()).containsExactly(1, 2);
  }

  @Test
  void of_copiesRawData() {
    byte[] raw = le(4, b -> b.putInt(7));
    Tensor t = Tensor.of(DType.INT32, new long[] {1}, raw);
    raw[0] = 0;

    assertThat(t.toIntArray()).containsExactly(7);
  }

  @Test
  void asReadOnlyBuffer_isLittleEndianReadOnlyAndIndependentPerCall() {
    Tensor t = Tensor.ofLongs(new long[] {1, 2});
    ByteBuffer a = t.asReadOnlyBuffer();
    ByteBuffer b = t.asReadOnlyBuffer();
    a.getLong();

    assertThat(a.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(a.isReadOnly()).isTrue();
    assertThat(b.position()).isZero();
    assertThat(b.getLong(8)).isEqualTo(2);
    assertThatThrownBy(() -> a.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void toDoubleArray_widensEveryNumericDtype() {
    assertThat(Tensor.ofFloats(new float[] {1.5f, -2f}).toDoubleArray()).containsExactly(1.5, -2);
    assertThat(Tensor.ofInts(new int[] {Integer.MIN_VALUE, 3}).toDoubleArray())
        .containsExactly(Integer.MIN_VALUE, 3);
    assertThat(Tensor.ofLongs(new long[] {1L << 40, -5}).toDoubleArray())
        .containsExactly(0x1p40, -5);
    assertThat(Tensor.ofBools(new boolean[] {true, false}).toDoubleArray()).containsExactly(1, 0);
  }

  @Test
  void toDoubleArray_ofBytes_isInvalidTensor() {
    Tensor t = Tensor.ofStrings(List.of("a"));
    assertFails(t::toDoubleArray, ErrorReason.INVALID_TENSOR, "tensor");
  }

  @Test
  void toDoubleMatrix_ofRankOne_isInvalidTensor() {
    var e =
        assertFails(
            () -> Tensor.ofDoubles(new double[] {1}).toDoubleMatrix(),
            ErrorReason.INVALID_TENSOR,
            "tensor");
    assertThat(e.getMessage()).contains("rank 2").contains("[1]");
  }

  @Test
  void toLongArray_widensIntsAndBools() {
    assertThat(Tensor.ofInts(new int[] {-1, 2}).toLongArray()).containsExactly(-1, 2);
    assertThat(Tensor.ofLongs(new long[] {Long.MAX_VALUE}).toLongArray())
        .containsExactly(Long.MAX_VALUE);
    assertThat(Tensor.ofBools(new boolean[] {true}).toLongArray()).containsExactly(1);
  }

  @Test
  void toLongArray_ofFloatingPoint_isInvalidTensor() {
    var e =
        assertFails(() -> Tensor.scalar(1.0).toLongArray(), ErrorReason.INVALID_TENSOR, "tensor");
    assertThat(e.getMessage()).contains("FP64");
  }

  @Test
  void toIntArray_ofInt64InRange_narrows() {
    assertThat(Tensor.ofLongs(new long[] {0, 1, -7}).toIntArray()).containsExactly(0, 1, -7);
  }

  @Test
  void toIntArray_ofInt64OutOfRange_isInvalidTensorNamingElement() {
    var e =
        assertFails(
            () -> Tensor.ofLongs(new long[] {0, 0, 0, 1L << 31}, 2, 2).toIntArray(),
            ErrorReason.INVALID_TENSOR,
            "tensor");
    assertThat(e.getMessage()).contains("[1, 1]").contains("2147483648");
  }

  @Test
  void toFloatArrayAndToBooleanArray_needTheirOwnDtype() {
    assertThat(Tensor.ofFloats(new float[] {0.25f}).toFloatArray()).containsExactly(0.25f);
    assertThat(Tensor.ofBools(new boolean[] {true, false}).toBooleanArray())
        .containsExactly(true, false);
    assertFails(() -> Tensor.scalar(1).toFloatArray(), ErrorReason.INVALID_TENSOR, "tensor");
    assertFails(
        () -> Tensor.ofInts(new int[] {1}).toBooleanArray(), ErrorReason.INVALID_TENSOR, "tensor");
  }

  @Test
  void ofStrings_encodesKServeRawLayout() {
    Tensor t = Tensor.ofStrings(List.of("ab", "", "é"));

    assertThat(t.dtype()).isEqualTo(DType.BYTES);
    assertThat(t.shape()).containsExactly(3);
    assertThat(t.toByteArray())
        .isEqualTo(
            le(
                4 + 2 + 4 + 4 + 2,
                b ->
                    b.putInt(2)
                        .put((byte) 'a')
                        .put((byte) 'b')
                        .putInt(0)
                        .putInt(2)
                        .put("é".getBytes(StandardCharsets.UTF_8))));
    assertThat(t.toStringList()).containsExactly("ab", "", "é");
  }

  @Test
  void ofBytes_copiesElements_andToBytesListReturnsCopies() {
    byte[] e0 = {1, 2, 3};
    List<byte[]> elements = new ArrayList<>(List.of(e0, new byte[0]));
    Tensor t = Tensor.ofBytes(elements, 1, 2);
    e0[0] = 9;
    elements.clear();
    t.toBytesList().get(0)[1] = 9;

    assertThat(t.shape()).containsExactly(1, 2);
    assertThat(t.toBytesList()).containsExactly(new byte[] {1, 2, 3}, new byte[0]);
  }

  @Test
  void toStringList_ofInvalidUtf8_isInvalidTensorNamingElement() {
    Tensor t = Tensor.ofBytes(List.of(new byte[] {'o', 'k'}, new byte[] {(byte) 0xC3}));
    var e = assertFails(t::toStringList, ErrorReason.INVALID_TENSOR, "tensor");
    assertThat(e.getMessage()).contains("[1]").contains("UTF-8");
  }

  @Test
  void toStringList_ofNumericTensor_isInvalidTensor() {
    assertFails(() -> Tensor.scalar(1).toStringList(), ErrorReason.INVALID_TENSOR, "tensor");
  }

  @Test
  void requireFinite_withNaN_namesFieldAndIndex() {
    Tensor t = Tensor.ofDoubles(new double[] {0, 1, Double.NaN, 3}, 2, 2);
    var e =
        assertFails(
            () -> t.requireFinite("inputs[features]"),
            ErrorReason.INVALID_TENSOR,
            "inputs[features]");
    assertThat(e.getMessage())
        .isEqualTo("inputs[features]: element [1, 0] is NaN; finite values are required");
  }

  @Test
  void requireFinite_withFloatInfinity_isInvalidTensor() {
    Tensor t = Tensor.ofFloats(new float[] {Float.NEGATIVE_INFINITY});
    var e = assertFails(() -> t.requireFinite("x"), ErrorReason.INVALID_TENSOR, "x");
    assertThat(e.getMessage()).contains("-Infinity");
  }

  @Test
  void requireFinite_ofFiniteOrIntegerTensor_returnsSameTensor() {
    Tensor d = Tensor.ofDoubles(new double[] {Double.MAX_VALUE, -0.0});
    Tensor i = Tensor.ofInts(new int[] {1});
    assertThat(d.requireFinite("x")).isSameAs(d);
    assertThat(i.requireFinite("x")).isSameAs(i);
  }

  @Test
  void equals_comparesDtypeShapeAndBytes() {
    Tensor a = Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 2, 2);

    assertThat(a).isEqualTo(Tensor.ofDoubles(new double[][] {{1, 2}, {3, 4}}));
    assertThat(a).hasSameHashCodeAs(Tensor.ofDoubles(new double[][] {{1, 2}, {3, 4}}));
    assertThat(a).isNotEqualTo(Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 4));
    assertThat(a).isNotEqualTo(Tensor.ofDoubles(new double[] {1, 2, 3, 5}, 2, 2));
    assertThat(Tensor.ofInts(new int[] {0})).isNotEqualTo(Tensor.ofFloats(new float[] {0}));
    assertThat(Tensor.scalar(0.0)).isNotEqualTo(Tensor.scalar(-0.0));
    assertThat(Tensor.scalar(Double.NaN)).isEqualTo(Tensor.scalar(Double.NaN));
  }

  @Test
  void reshape_keepsDataAndChecksCount() {
    Tensor t = Tensor.ofInts(new int[] {1, 2, 3, 4, 5, 6});

    assertThat(t.reshape(3, 2).shape()).containsExactly(3, 2);
    assertThat(t.reshape(3, 2).toIntArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(Tensor.ofInts(new int[] {7}).reshape().rank()).isZero();
    var e = assertFails(() -> t.reshape(4, 2), ErrorReason.INVALID_TENSOR, "tensor");
    assertThat(e.getMessage()).contains("[6]").contains("[4, 2]");
  }

  @Test
  void dim_outOfRange_throwsIndexOutOfBounds() {
    Tensor t = Tensor.ofInts(new int[] {1, 2}, 1, 2);
    assertThat(t.dim(1)).isEqualTo(2);
    assertThatThrownBy(() -> t.dim(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void toString_describesWithoutData() {
    assertThat(Tensor.ofDoubles(new double[6], 2, 3).toString())
        .isEqualTo("Tensor[FP64 [2, 3], 48 bytes]");
  }
}
