package io.qstep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.error.ErrorReason;
import io.qstep.error.InvalidArgumentException;
import io.qstep.error.QStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusMapperTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(ErrorReason.class)
  void everyReason_survivesTheRoundTrip(ErrorReason reason) {
    QStepException e = new QStepException(reason, "inputs[x]", "boom");
    StatusRuntimeException s = StatusMapper.toStatusException(e);
    assertThat(s.getStatus().getCode()).isEqualTo(StatusMapper.code(reason.category()));
    QStepException back = StatusMapper.fromThrowable(s);
    assertThat(back.reason()).isEqualTo(reason);
    assertThat(back.field()).isEqualTo("inputs[x]");
    assertThat(back.getMessage()).isEqualTo("boom");
    assertThat(back.category()).isEqualTo(reason.category());
  }

  @Test
  void invalidArgument_isTyped() {
    QStepException back =
        StatusMapper.fromThrowable(
            StatusMapper.toStatusException(QStepException.invalid("backend.shots", "bad")));
    assertThat(back).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void unavailable_carriesRetryInfo() {
    com.google.rpc.Status s =
        StatusMapper.toRpcStatus(
            new QStepException(ErrorReason.BACKEND_UNAVAILABLE, null, "queue down"));
    assertThat(s.getDetailsList()).anyMatch(a -> a.is(RetryInfo.class));
  }

  @Test
  void plainStatus_withoutDetails_isMappedByCode() {
    QStepException e =
        StatusMapper.fromThrowable(
            Status.DEADLINE_EXCEEDED.withDescription("late").asRuntimeException());
    assertThat(e.reason()).isEqualTo(ErrorReason.DEADLINE_EXCEEDED);
    assertThat(e.field()).isNull();
  }
}
