package io.qstep.runner.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.qstep.internal.ProtoConverter;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.proto.v1.RunRequest;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.task.StepRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A real {@link StepServer} on an in-process transport, with real stubs. */
final class InProcessRunner implements AutoCloseable {
  final StepServer server;
  final ManagedChannel channel;
  final QuantumStepGrpc.QuantumStepBlockingStub stub;

  InProcessRunner(RunnerConfig config) {
    String name = InProcessServerBuilder.generateName();
    server =
        new StepServer(
            InProcessServerBuilder.forName(name),
            config,
            BackendRegistry.loadDefault(config.maxQubits()));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).build();
    stub = QuantumStepGrpc.newBlockingStub(channel);
  }

  InProcessRunner() {
    this(RunnerConfig.defaults());
  }

  static RunRequest proto(StepRequest r) {
    return ProtoConverter.toProto(r);
  }

  /** The field named by the status's BadRequest detail, or null. */
  static String field(StatusRuntimeException e) {
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    if (s == null) {
      return null;
    }
    for (Any a : s.getDetailsList()) {
      try {
        if (a.is(BadRequest.class)) {
          return a.unpack(BadRequest.class).getFieldViolations(0).getField();
        }
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }
    return null;
  }

  /** The ErrorInfo reason of the status, or null. */
  static String reason(StatusRuntimeException e) {
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    if (s == null) {
      return null;
    }
    for (Any a : s.getDetailsList()) {
      try {
        if (a.is(ErrorInfo.class)) {
          return a.unpack(ErrorInfo.class).getReason();
        }
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }
    return null;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.close();
  }
}
