package io.qstep.internal;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;

/**
 * The one place that turns failures into gRPC statuses and back. A status carries {@code
 * google.rpc.ErrorInfo} (reason = {@link ErrorReason} name, domain {@value #DOMAIN}), {@code
 * BadRequest} naming the field for bad input, and {@code RetryInfo} for UNAVAILABLE. Internal.
 */
public final class StatusMapper {
  /** ErrorInfo domain of qstep errors. */
  public static final String DOMAIN = "qstep.io";

  /** Suggested client back-off for UNAVAILABLE, seconds. */
  static final long RETRY_DELAY_SECONDS = 5;

  private StatusMapper() {}

  /** The gRPC code for a category. */
  public static Status.Code code(ErrorReason.Category c) {
    return switch (c) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case UNIMPLEMENTED -> Status.Code.UNIMPLEMENTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case CANCELLED -> Status.Code.CANCELLED;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  /** The rich status for a qstep failure. */
  public static com.google.rpc.Status toRpcStatus(QStepException e) {
    com.google.rpc.Status.Builder b =
        com.google.rpc.Status.newBuilder()
            .setCode(code(e.category()).value())
            .setMessage(e.getMessage() == null ? e.reason().name() : e.getMessage());
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(e.reason().name()).setDomain(DOMAIN);
    if (e.field() != null) {
      info.putMetadata("field", e.field());
      b.addDetails(
          Any.pack(
              BadRequest.newBuilder()
                  .addFieldViolations(
                      BadRequest.FieldViolation.newBuilder()
                          .setField(e.field())
                          .setDescription(e.getMessage() == null ? "" : e.getMessage()))
                  .build()));
    }
    b.addDetails(0, Any.pack(info.build()));
    if (e.category() == ErrorReason.Category.UNAVAILABLE) {
      b.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(Duration.newBuilder().setSeconds(RETRY_DELAY_SECONDS))
                  .build()));
    }
    return b.build();
  }

  /** The exception to hand to a gRPC observer for a qstep failure. */
  public static StatusRuntimeException toStatusException(QStepException e) {
    return StatusProto.toStatusRuntimeException(toRpcStatus(e));
  }

  /**
   * The qstep failure a gRPC error stands for: reason and field from the status details when
   * present, else derived from the status code.
   */
  public static QStepException fromThrowable(Throwable t) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(t);
    Status status = Status.fromThrowable(t);
    if (rich != null) {
      return fromRpcStatus(rich, t);
    }
    return QStepException.of(
        reasonFor(status.getCode()),
        null,
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        t);
  }

  /** The qstep failure for a rich status (e.g. a RunStream error entry). */
  public static QStepException fromRpcStatus(com.google.rpc.Status rich, Throwable cause) {
    ErrorReason reason = reasonFor(Status.fromCodeValue(rich.getCode()).getCode());
    String field = null;
    for (Any any : rich.getDetailsList()) {
      try {
        if (any.is(ErrorInfo.class)) {
          ErrorInfo info = any.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            reason = parseReason(info.getReason(), reason);
          }
          if (info.containsMetadata("field")) {
            field = info.getMetadataOrThrow("field");
          }
        } else if (any.is(BadRequest.class) && field == null) {
          BadRequest br = any.unpack(BadRequest.class);
          if (br.getFieldViolationsCount() > 0) {
            field = br.getFieldViolations(0).getField();
          }
        }
      } catch (InvalidProtocolBufferException ignored) {
        // A malformed detail does not hide the status itself.
      }
    }
    return QStepException.of(reason, field, rich.getMessage(), cause);
  }

  private static ErrorReason parseReason(String s, ErrorReason fallback) {
    try {
      return ErrorReason.valueOf(s);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** The reason used when a status carries no qstep details (e.g. transport errors). */
  static ErrorReason reasonFor(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorReason.INVALID_VALUE;
      case RESOURCE_EXHAUSTED -> ErrorReason.TOO_LARGE;
      case NOT_FOUND -> ErrorReason.BACKEND_NOT_FOUND;
      case FAILED_PRECONDITION -> ErrorReason.CAPABILITY_MISMATCH;
      case UNIMPLEMENTED -> ErrorReason.TASK_NOT_IMPLEMENTED;
      case UNAVAILABLE -> ErrorReason.BACKEND_UNAVAILABLE;
      case DEADLINE_EXCEEDED -> ErrorReason.DEADLINE_EXCEEDED;
      case CANCELLED -> ErrorReason.CANCELLED;
      case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorReason.UNAUTHENTICATED;
      case OK, UNKNOWN, ALREADY_EXISTS, ABORTED, INTERNAL, DATA_LOSS -> ErrorReason.INTERNAL;
    };
  }
}
