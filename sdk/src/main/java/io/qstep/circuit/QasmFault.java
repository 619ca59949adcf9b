package io.qstep.circuit;

import io.qstep.error.ErrorReason;

/**
 * A problem found where the source position is not known (affine arithmetic, gate expansion); the
 * caller that knows the position turns it into a {@link QasmException} with {@link #at}.
 */
final class QasmFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorReason reason;

  QasmFault(String message) {
    this(ErrorReason.INVALID_QASM, message);
  }

  QasmFault(ErrorReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  QasmException at(int line, int column) {
    return new QasmException(reason, line, column, getMessage());
  }
}
