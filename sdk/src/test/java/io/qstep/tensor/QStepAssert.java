package io.qstep.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the failures the tensor package reports. */
final class QStepAssert {
  private QStepAssert() {}

  /**
   * Runs {@code call}, asserts it throws a {@link QStepException} with {@code reason} and {@code
   * field} whose message starts by naming the field, and returns it for further checks.
   */
  static QStepException assertFails(ThrowingCallable call, ErrorReason reason, String field) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(QStepException.class);
    QStepException e = (QStepException) t;
    assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
    assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ");
    return e;
  }
}
