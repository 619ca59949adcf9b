package io.qstep.runner.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.qstep.error.ErrorReason;
import io.qstep.internal.ProtoConverter;
import io.qstep.proto.v1.BackendInfo;
import io.qstep.proto.v1.CancelJobRequest;
import io.qstep.proto.v1.GetJobRequest;
import io.qstep.proto.v1.Job;
import io.qstep.proto.v1.ListBackendsRequest;
import io.qstep.proto.v1.ListBackendsResponse;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.proto.v1.RunRequest;
import io.qstep.proto.v1.RunResponse;
import io.qstep.proto.v1.StreamResponse;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.BackendProvider;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.task.StepEngine;
import io.qstep.task.StepRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code qstep.v1.QuantumStep} service: converts messages to domain records, runs them on the
 * {@link StepEngine}, and maps every failure to a status at this boundary.
 */
public final class QuantumStepService extends QuantumStepGrpc.QuantumStepImplBase
    implements AutoCloseable {
  private final StepEngine engine;
  private final JobManager jobs;

  public QuantumStepService(StepEngine engine) {
    this.engine = engine;
    this.jobs =
        new JobManager(
            engine,
            engine.config().workerThreads(),
            engine.config().maxQueuedJobs(),
            JobManager.stateDirFromEnv(System.getenv()));
  }

  @Override
  public void run(RunRequest request, StreamObserver<RunResponse> out) {
    reply(out, () -> runOne(request));
  }

  /** Answers a unary call with {@code body}'s value, or with the status of what it threw. */
  private static <T> void reply(StreamObserver<T> out, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (Throwable t) {
      out.onError(Failures.toStatus(t));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }

  /** Runs one request under the current call's deadline and cancellation. */
  private RunResponse runOne(RunRequest request) {
    StepRequest req = ProtoConverter.fromProto(request);
    StepContext ctx = engine.newContext(req);
    Context grpcCtx = Context.current();
    Context.CancellationListener listener =
        c -> {
          Deadline d = grpcCtx.getDeadline();
          ctx.cancel(
              d != null && d.isExpired() ? ErrorReason.DEADLINE_EXCEEDED : ErrorReason.CANCELLED);
        };
    grpcCtx.addListener(listener, Runnable::run);
    try {
      Deadline d = grpcCtx.getDeadline();
      if (d != null && d.timeRemaining(TimeUnit.NANOSECONDS) <= 0) {
        ctx.cancel(ErrorReason.DEADLINE_EXCEEDED);
      }
      return ProtoConverter.toProto(engine.run(req, ctx));
    } finally {
      grpcCtx.removeListener(listener);
    }
  }

  @Override
  public StreamObserver<RunRequest> runStream(StreamObserver<StreamResponse> out) {
    ServerCallStreamObserver<StreamResponse> server =
        (ServerCallStreamObserver<StreamResponse>) out;
    return new StreamObserver<>() {
      @Override
      public void onNext(RunRequest request) {
        StreamResponse.Builder b = StreamResponse.newBuilder().setRequestId(request.getRequestId());
        try {
          RunResponse r = runOne(request);
          b.setRequestId(r.getRequestId()).setResult(r);
        } catch (Throwable t) {
          b.setError(Failures.toRpcStatus(t));
        }
        if (!server.isCancelled()) {
          out.onNext(b.build());
        }
      }

      @Override
      public void onError(Throwable t) {
        // The client went away; nothing to answer.
      }

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  @Override
  public void submit(RunRequest request, StreamObserver<Job> out) {
    reply(out, () -> jobs.submit(request, ProtoConverter.fromProto(request)));
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<Job> out) {
    reply(out, () -> jobs.get(request.getJobId()));
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<Job> out) {
    reply(out, () -> jobs.cancel(request.getJobId()));
  }

  @Override
  public void listBackends(ListBackendsRequest request, StreamObserver<ListBackendsResponse> out) {
    reply(
        out,
        () -> {
          ListBackendsResponse.Builder b = ListBackendsResponse.newBuilder();
          for (BackendProvider p : engine.backends().providers()) {
            b.addBackends(describe(p));
          }
          return b.build();
        });
  }

  private BackendInfo describe(BackendProvider p) {
    BackendInfo.Builder info = BackendInfo.newBuilder().setName(p.name());
    if (!p.isAvailable()) {
      return info.setAvailable(false).setUnavailableReason(p.unavailableReason()).build();
    }
    Backend backend = engine.backends().get(p.name());
    BackendCapabilities c = backend.capabilities();
    info.setVersion(backend.version())
        .setDescription(c.description())
        .setMaxQubits(Math.min(c.maxQubits(), engine.config().maxQubits()))
        .setSupportsShots(c.supportsShots())
        .setSupportsExact(c.supportsExact())
        .setNoisy(c.noisy())
        .setMaxShots(Math.min(c.maxShots(), engine.config().maxShots()))
        .setAvailable(true);
    c.nativeGates().stream().sorted().forEach(g -> info.addNativeGates(g.qasmName()));
    return info.build();
  }

  @Override
  public void close() {
    jobs.close();
  }
}
