package io.qstep.circuit;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;

/**
 * An OpenQASM program could not be read: bad syntax, a construct qstep does not support, or an
 * unknown gate. The reason is {@link ErrorReason#INVALID_QASM}, or {@link ErrorReason#UNKNOWN_GATE}
 * for a gate name that is neither defined in the program nor in the included standard library; the
 * field is always {@value #FIELD}.
 *
 * <p>The message starts with {@code line L, column C: } and says what was expected. Lines and
 * columns are 1-based; columns count Unicode code points, a tab counts as one. Immutable.
 */
public final class QasmException extends QStepException {
  private static final long serialVersionUID = 1L;

  /** The request field every QASM failure names. */
  public static final String FIELD = "qasm";

  private final int line;
  private final int column;
  private final String detail;

  QasmException(ErrorReason reason, int line, int column, String detail) {
    super(reason, FIELD, "line " + line + ", column " + column + ": " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** 1-based line of the offending text. */
  public int line() {
    return line;
  }

  /** 1-based column (code points) of the offending text. */
  public int column() {
    return column;
  }

  /** The message without its {@code line L, column C: } prefix. */
  public String detail() {
    return detail;
  }
}
