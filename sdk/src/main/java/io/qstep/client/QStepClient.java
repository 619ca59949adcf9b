package io.qstep.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.internal.ProtoConverter;
import io.qstep.internal.StatusMapper;
import io.qstep.proto.v1.BackendInfo;
import io.qstep.proto.v1.CancelJobRequest;
import io.qstep.proto.v1.GetJobRequest;
import io.qstep.proto.v1.Job;
import io.qstep.proto.v1.ListBackendsRequest;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.proto.v1.RunResponse;
import io.qstep.proto.v1.StreamResponse;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A client of a qstep step-runner, remote ({@link QStep#connect}) or in-process ({@link
 * QStep#local}); both take the same code path. Thread-safe; share one per target. Failures are
 * thrown as {@link QStepException} subclasses (e.g. {@link io.qstep.error.InvalidArgumentException}
 * with {@link QStepException#field()} naming what to fix). Close it to release the connection.
 */
public final class QStepClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final AutoCloseable owner;
  private final QuantumStepGrpc.QuantumStepBlockingStub blocking;
  private final QuantumStepGrpc.QuantumStepFutureStub future;
  private final QuantumStepGrpc.QuantumStepStub async;
  private final Duration defaultDeadline;

  QStepClient(ManagedChannel channel, AutoCloseable owner, ClientSettings settings) {
    this.channel = channel;
    this.owner = owner;
    this.defaultDeadline = settings.defaultDeadline();
    QuantumStepGrpc.QuantumStepBlockingStub b = QuantumStepGrpc.newBlockingStub(channel);
    QuantumStepGrpc.QuantumStepFutureStub f = QuantumStepGrpc.newFutureStub(channel);
    QuantumStepGrpc.QuantumStepStub a = QuantumStepGrpc.newStub(channel);
    if (!settings.bearerToken().isEmpty()) {
      CallCredentials creds = new BearerToken(settings.bearerToken());
      b = b.withCallCredentials(creds);
      f = f.withCallCredentials(creds);
      a = a.withCallCredentials(creds);
    }
    b = b.withMaxInboundMessageSize(settings.maxMessageBytes());
    f = f.withMaxInboundMessageSize(settings.maxMessageBytes());
    a = a.withMaxInboundMessageSize(settings.maxMessageBytes());
    this.blocking = b;
    this.future = f;
    this.async = a;
  }

  /** Opens a channel as the settings say. */
  static QStepClient open(ClientSettings s) {
    ChannelCredentials creds;
    if (!s.tls()) {
      creds = InsecureChannelCredentials.create();
    } else if (s.trustedCertificates().isPresent()) {
      try {
        creds =
            TlsChannelCredentials.newBuilder()
                .trustManager(s.trustedCertificates().get().toFile())
                .build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + s.trustedCertificates().get(), e);
      }
    } else {
      creds = TlsChannelCredentials.create();
    }
    ManagedChannel ch =
        Grpc.newChannelBuilder(s.target(), creds)
            .maxInboundMessageSize(s.maxMessageBytes())
            .build();
    return new QStepClient(ch, null, s);
  }

  /**
   * Runs one step and waits for it, under the default deadline.
   *
   * @throws QStepException typed by category, with the field at fault for bad input
   */
  public StepResult run(StepRequest request) {
    return run(request, defaultDeadline);
  }

  /** Runs one step under {@code deadline}. */
  public StepResult run(StepRequest request, Duration deadline) {
    try {
      RunResponse r =
          blocking
              .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
              .run(ProtoConverter.toProto(request));
      return ProtoConverter.fromProto(r);
    } catch (RuntimeException e) {
      throw mapped(e);
    }
  }

  /**
   * Runs one step without blocking. Cancelling the returned future cancels the call on the runner.
   */
  public CompletableFuture<StepResult> runAsync(StepRequest request) {
    return runAsync(request, defaultDeadline);
  }

  /** {@link #runAsync(StepRequest)} under {@code deadline}. */
  public CompletableFuture<StepResult> runAsync(StepRequest request, Duration deadline) {
    ListenableFuture<RunResponse> lf =
        future
            .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
            .run(ProtoConverter.toProto(request));
    CompletableFuture<StepResult> cf =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            lf.cancel(true);
            return super.cancel(mayInterruptIfRunning);
          }
        };
    Futures.addCallback(
        lf,
        new FutureCallback<>() {
          @Override
          public void onSuccess(RunResponse r) {
            try {
              cf.complete(ProtoConverter.fromProto(r));
            } catch (RuntimeException e) {
              cf.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Throwable t) {
            cf.completeExceptionally(mapped(t));
          }
        },
        MoreExecutors.directExecutor());
    return cf;
  }

  /**
   * Runs many steps over one stream, in order. Each entry of the result is either a result or the
   * failure of that request; one bad request does not stop the others.
   */
  public List<StepOutcome> runAll(List<StepRequest> requests) {
    CompletableFuture<List<StepOutcome>> done = new CompletableFuture<>();
    List<StepOutcome> outcomes = new ArrayList<>();
    StreamObserver<io.qstep.proto.v1.RunRequest> in =
        async
            .withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS)
            .runStream(
                new StreamObserver<>() {
                  @Override
                  public void onNext(StreamResponse r) {
                    outcomes.add(
                        r.hasResult()
                            ? new StepOutcome(
                                Optional.of(ProtoConverter.fromProto(r.getResult())),
                                Optional.empty())
                            : new StepOutcome(
                                Optional.empty(),
                                Optional.of(StatusMapper.fromRpcStatus(r.getError(), null))));
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(mapped(t));
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(outcomes);
                  }
                });
    for (StepRequest r : requests) {
      in.onNext(ProtoConverter.toProto(r));
    }
    in.onCompleted();
    try {
      return done.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw mapped(e.getCause());
    }
  }

  /** One entry of {@link #runAll}: exactly one of result and error is present. */
  public record StepOutcome(Optional<StepResult> result, Optional<QStepException> error) {}

  /** Queues a step as an asynchronous job; returns its id. */
  public String submit(StepRequest request) {
    try {
      return blocking
          .withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS)
          .submit(ProtoConverter.toProto(request))
          .getJobId();
    } catch (RuntimeException e) {
      throw mapped(e);
    }
  }

  /** The state of job {@code jobId}. */
  public JobStatus getJob(String jobId) {
    try {
      return status(
          blocking
              .withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS)
              .getJob(GetJobRequest.newBuilder().setJobId(jobId).build()));
    } catch (RuntimeException e) {
      throw mapped(e);
    }
  }

  /** Cancels job {@code jobId}; returns its state afterwards. */
  public JobStatus cancelJob(String jobId) {
    try {
      return status(
          blocking
              .withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS)
              .cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build()));
    } catch (RuntimeException e) {
      throw mapped(e);
    }
  }

  /** The backends the runner knows. */
  public List<BackendDescription> listBackends() {
    try {
      List<BackendDescription> out = new ArrayList<>();
      for (BackendInfo b :
          blocking
              .withDeadlineAfter(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS)
              .listBackends(ListBackendsRequest.getDefaultInstance())
              .getBackendsList()) {
        out.add(
            new BackendDescription(
                b.getName(),
                b.getVersion(),
                b.getDescription(),
                b.getMaxQubits(),
                b.getNativeGatesList(),
                b.getSupportsShots(),
                b.getSupportsExact(),
                b.getNoisy(),
                b.getMaxShots(),
                b.getAvailable(),
                b.getUnavailableReason()));
      }
      return out;
    } catch (RuntimeException e) {
      throw mapped(e);
    }
  }

  private static JobStatus status(Job j) {
    JobStatus.State state =
        switch (j.getState()) {
          case QUEUED, STATE_UNSPECIFIED, UNRECOGNIZED -> JobStatus.State.QUEUED;
          case RUNNING -> JobStatus.State.RUNNING;
          case SUCCEEDED -> JobStatus.State.SUCCEEDED;
          case FAILED -> JobStatus.State.FAILED;
          case CANCELLED -> JobStatus.State.CANCELLED;
        };
    return new JobStatus(
        j.getJobId(),
        state,
        j.hasResult() ? Optional.of(ProtoConverter.fromProto(j.getResult())) : Optional.empty(),
        j.hasError()
            ? Optional.of(StatusMapper.fromRpcStatus(j.getError(), null))
            : Optional.empty());
  }

  private static QStepException mapped(Throwable t) {
    if (t instanceof QStepException q) {
      return q;
    }
    if (t instanceof java.util.concurrent.CancellationException) {
      return QStepException.of(ErrorReason.CANCELLED, null, "call cancelled", t);
    }
    return StatusMapper.fromThrowable(t);
  }

  /** Shuts the channel down (and the in-process runner, for {@link QStep#local()}). */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (owner != null) {
      try {
        owner.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the local runner failed", e);
      }
    }
  }

  /** Sends {@code authorization: Bearer <token>}. */
  private static final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      Metadata m = new Metadata();
      m.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(m);
    }
  }
}
