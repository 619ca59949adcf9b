package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qstep.error.ErrorReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorValidationTest {
  private static final String FIELD = "inputs[features]";
  private static final TensorLimits LIMITS = new TensorLimits(1000, 4000, 4);

  private static byte[] bytesElements(int... lengthsThenPadding) {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    for (int len : lengthsThenPadding) {
      b.putInt(len);
      b.put(new byte[Math.max(0, Math.min(len, 64))]);
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  @Test
  void validate_byteLengthMismatch_namesFieldShapeDtypeAndExpectedBytes() {
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.FP64, new long[] {2, 3}, new byte[12], LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage())
        .isEqualTo(FIELD + ": byte length 12 does not match shape [2, 3] x FP64 (48 bytes)");
  }

  @Test
  void validate_matchingLengthForEveryFixedSizeDtype_passes() {
    for (DType d : new DType[] {DType.FP32, DType.FP64, DType.INT32, DType.INT64, DType.BOOL}) {
      assertThatCode(
              () ->
                  Tensor.validate(
                      FIELD, d, new long[] {2, 3}, new byte[6 * d.elementSize()], LIMITS))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void validate_scalarAndZeroSize_pass() {
    assertThatCode(() -> Tensor.validate(FIELD, DType.INT64, new long[0], new byte[8], LIMITS))
        .doesNotThrowAnyException();
    assertThatCode(() -> Tensor.validate(FIELD, DType.FP64, new long[] {0, 3}, new byte[0], LIMITS))
        .doesNotThrowAnyException();
    assertThatCode(() -> Tensor.validate(FIELD, DType.BYTES, new long[] {0}, new byte[0], LIMITS))
        .doesNotThrowAnyException();
  }

  @Test
  void validate_negativeDimension_isInvalidTensor() {
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.FP64, new long[] {2, -1}, new byte[0], LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("dimension 1").contains("negative");
  }

  @Test
  void validateShape_elementCountOverflow_isTooLarge() {
    var e =
        assertFails(
            () ->
                Tensor.validateShape(
                    FIELD, DType.FP64, new long[] {1L << 32, 1L << 32}, TensorLimits.UNLIMITED),
            ErrorReason.TOO_LARGE,
            FIELD);
    assertThat(e.getMessage()).contains("2^63-1");
  }

  @Test
  void validateShape_zeroDimensionBesideHugeOnes_hasZeroElements() {
    long n =
        Tensor.validateShape(
            FIELD, DType.FP64, new long[] {Long.MAX_VALUE, 0, Long.MAX_VALUE}, LIMITS);
    assertThat(n).isZero();
  }

  @Test
  void validate_overElementLimit_isTooLarge() {
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.BOOL, new long[] {1001}, new byte[1001], LIMITS),
            ErrorReason.TOO_LARGE,
            FIELD);
    assertThat(e.getMessage()).contains("1001 elements").contains("limit is 1000");
  }

  @Test
  void validate_overByteLimit_isTooLarge() {
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.FP64, new long[] {501}, new byte[8], LIMITS),
            ErrorReason.TOO_LARGE,
            FIELD);
    assertThat(e.getMessage()).contains("4008 bytes").contains("limit is 4000");
  }

  @Test
  void validate_overRankLimit_isTooLarge() {
    assertFails(
        () -> Tensor.validate(FIELD, DType.BOOL, new long[] {1, 1, 1, 1, 1}, new byte[1], LIMITS),
        ErrorReason.TOO_LARGE,
        FIELD);
  }

  @Test
  void of_hugeClaimedShape_failsBeforeAllocating() {
    // 2^40 doubles would be 8 TiB: must be refused from the shape alone
    assertFails(
        () ->
            Tensor.of(
                FIELD, DType.FP64, new long[] {1L << 40}, new byte[8], TensorLimits.UNLIMITED),
        ErrorReason.TOO_LARGE,
        FIELD);
  }

  @Test
  void validate_boolByteOtherThanZeroOrOne_isInvalidTensorNamingElement() {
    var e =
        assertFails(
            () ->
                Tensor.validate(
                    FIELD, DType.BOOL, new long[] {2, 2}, new byte[] {0, 1, 1, 2}, LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("[1, 1]").contains("is 2");
  }

  @Test
  void validate_wellFormedBytes_passes() {
    assertThatCode(
            () ->
                Tensor.validate(FIELD, DType.BYTES, new long[] {3}, bytesElements(2, 0, 5), LIMITS))
        .doesNotThrowAnyException();
  }

  @Test
  void validate_bytesWithTruncatedLengthPrefix_isInvalidTensor() {
    byte[] data = {2, 0, 0, 0, 'a', 'b', 1, 0};
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.BYTES, new long[] {2}, data, LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("element [1]").contains("length prefix at byte offset 6");
  }

  @Test
  void validate_bytesLengthRunningPastEnd_isInvalidTensor() {
    byte[] data = {5, 0, 0, 0, 'a', 'b'};
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.BYTES, new long[] {1}, data, LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("length 5").contains("runs past the end");
  }

  @Test
  void validate_bytesLengthWithHighBitSet_isInvalidNotNegative() {
    byte[] data = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a'};
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.BYTES, new long[] {1}, data, LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("length 4294967295");
  }

  @Test
  void validate_bytesWithTrailingData_isInvalidTensor() {
    var e =
        assertFails(
            () -> Tensor.validate(FIELD, DType.BYTES, new long[] {1}, bytesElements(1, 0), LIMITS),
            ErrorReason.INVALID_TENSOR,
            FIELD);
    assertThat(e.getMessage()).contains("4 byte(s) after the last of 1 BYTES element(s)");
  }

  @Test
  void validate_bytesOverByteLimit_isTooLarge() {
    assertFails(
        () -> Tensor.validate(FIELD, DType.BYTES, new long[] {1}, new byte[4001], LIMITS),
        ErrorReason.TOO_LARGE,
        FIELD);
  }

  @Test
  void validate_bytesClaimingManyMoreElementsThanData_isInvalidWithoutWalkingThem() {
    TensorLimits roomy = new TensorLimits(Long.MAX_VALUE, 4000, 4);
    assertFails(
        () -> Tensor.validate(FIELD, DType.BYTES, new long[] {1L << 62}, bytesElements(0), roomy),
        ErrorReason.INVALID_TENSOR,
        FIELD);
  }

  @Test
  void of_byteBuffer_copiesRemainingBytesAndLeavesPosition() {
    ByteBuffer src = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    src.putInt(99).putInt(1).putInt(2).position(4);

    Tensor t = Tensor.of(FIELD, DType.INT32, new long[] {2}, src, LIMITS);
    src.putInt(4, 7);

    assertThat(src.position()).isEqualTo(4);
    assertThat(t.toIntArray()).containsExactly(1, 2);
  }

  @Test
  void of_invalidRawData_namesTheGivenField() {
    assertFails(
        () -> Tensor.of(FIELD, DType.INT32, new long[] {2}, new byte[7], LIMITS),
        ErrorReason.INVALID_TENSOR,
        FIELD);
  }

  @Test
  void tensorLimits_outOfRange_isIllegalArgument() {
    assertThatThrownBy(() -> new TensorLimits(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TensorLimits(0, TensorLimits.MAX_ARRAY_BYTES + 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
