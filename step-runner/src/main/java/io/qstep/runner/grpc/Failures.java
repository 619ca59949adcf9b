package io.qstep.runner.grpc;

import io.grpc.StatusRuntimeException;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.internal.StatusMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service boundary: every throwable becomes a status with a useful message. Bugs become
 * INTERNAL with a correlation id; their details go to the server log only.
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  static QStepException toQStep(Throwable t) {
    if (t instanceof QStepException q) {
      return q;
    }
    if (t instanceof OutOfMemoryError) {
      String id = UUID.randomUUID().toString();
      LOG.error("out of memory [correlation id {}]", id, t);
      return new QStepException(
          ErrorReason.TOO_LARGE,
          null,
          "the runner ran out of memory for this step; lower qubits, rows or shots [correlation id "
              + id
              + "]");
    }
    String id = UUID.randomUUID().toString();
    LOG.error("internal error [correlation id {}]", id, t);
    return new QStepException(
        ErrorReason.INTERNAL, null, "internal error [correlation id " + id + "]");
  }

  static StatusRuntimeException toStatus(Throwable t) {
    return StatusMapper.toStatusException(toQStep(t));
  }

  static com.google.rpc.Status toRpcStatus(Throwable t) {
    return StatusMapper.toRpcStatus(toQStep(t));
  }
}
