package io.qstep.tensor;

import static io.qstep.tensor.QStepAssert.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.error.ErrorReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DTypeTest {

  @Test
  void kserveNames_matchOpenInferenceProtocol() {
    assertThat(DType.values())
        .extracting(DType::kserveName)
        .containsExactly("FP32", "FP64", "INT32", "INT64", "BOOL", "BYTES");
  }

  @Test
  void elementSizes_areBytesPerElement_bytesIsVariable() {
    assertThat(DType.FP32.elementSize()).isEqualTo(4);
    assertThat(DType.FP64.elementSize()).isEqualTo(8);
    assertThat(DType.INT32.elementSize()).isEqualTo(4);
    assertThat(DType.INT64.elementSize()).isEqualTo(8);
    assertThat(DType.BOOL.elementSize()).isEqualTo(1);
    assertThat(DType.BYTES.elementSize()).isEqualTo(-1);
  }

  @Test
  void numpyDescr_isLittleEndianTypeString_bytesHasNone() {
    assertThat(DType.FP64.numpyDescr()).contains("<f8");
    assertThat(DType.FP32.numpyDescr()).contains("<f4");
    assertThat(DType.INT32.numpyDescr()).contains("<i4");
    assertThat(DType.INT64.numpyDescr()).contains("<i8");
    assertThat(DType.BOOL.numpyDescr()).contains("|b1");
    assertThat(DType.BYTES.numpyDescr()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void fromKserve_ofOwnName_isSameDtype(DType dtype) {
    assertThat(DType.fromKserve(dtype.kserveName())).isSameAs(dtype);
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"BYTES"},
      mode = EnumSource.Mode.EXCLUDE)
  void fromNumpyDescr_ofOwnDescr_isSameDtype(DType dtype) {
    assertThat(DType.fromNumpyDescr(dtype.numpyDescr().orElseThrow())).isSameAs(dtype);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UINT8", "FP16", "BF16", "fp64", " FP64", ""})
  void fromKserve_unsupportedName_isInvalidTensorNamingDatatype(String name) {
    var e = assertFails(() -> DType.fromKserve(name), ErrorReason.INVALID_TENSOR, "datatype");
    assertThat(e.getMessage()).contains("'" + name + "'").contains("FP32, FP64");
  }

  @Test
  void fromKserve_withField_namesThatField() {
    assertFails(
        () -> DType.fromKserve("inputs[x].datatype", null),
        ErrorReason.INVALID_TENSOR,
        "inputs[x].datatype");
  }

  @Test
  void fromNumpyDescr_bigEndian_isInvalidTensorWithHint() {
    var e = assertFails(() -> DType.fromNumpyDescr(">f8"), ErrorReason.INVALID_TENSOR, "descr");
    assertThat(e.getMessage()).contains("'>f8'").contains("big-endian");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<U2", "|S3", "|O", "<u1", "<f2", "<c16", "f8", "<b1"})
  void fromNumpyDescr_unsupported_isInvalidTensor(String descr) {
    var e =
        assertFails(
            () -> DType.fromNumpyDescr("a.npy", descr), ErrorReason.INVALID_TENSOR, "a.npy");
    assertThat(e.getMessage()).contains("'" + descr + "'").contains("<f8, <f4, <i4, <i8, |b1");
  }
}
