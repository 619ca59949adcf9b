package io.qstep.runner.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.qstep.proto.v1.QuantumStepGrpc;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The step-runner server: the QuantumStep service, gRPC health and reflection, limits, a bounded
 * executor, and graceful-then-forced shutdown. Takes any {@link ServerBuilder} so tests can pass an
 * in-process builder.
 */
public final class StepServer implements AutoCloseable {
  /** How long a graceful shutdown waits before forcing. */
  static final long GRACE_SECONDS = 10;

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final QuantumStepService service;
  private final BackendRegistry backends;
  private final ExecutorService executor;
  private final Tracker tracker;

  /**
   * @param builder the transport (Netty on a port, or in-process)
   * @param config limits
   * @param backends the backends; the server owns and closes them
   */
  public StepServer(ServerBuilder<?> builder, RunnerConfig config, BackendRegistry backends) {
    this(builder, config, backends, Tracker.noop());
  }

  /**
   * @param builder the transport (Netty on a port, or in-process)
   * @param config limits
   * @param backends the backends; the server owns and closes them
   * @param tracker the Track stage; the server owns it and closes it (draining) after the calls
   */
  public StepServer(
      ServerBuilder<?> builder, RunnerConfig config, BackendRegistry backends, Tracker tracker) {
    this(builder, () -> config, backends, tracker);
  }

  /**
   * A server whose step limits follow {@code live} (a ConfigMap reload); the transport's sizing
   * (message size, threads, queue, auth token) is read once, here.
   */
  public StepServer(
      ServerBuilder<?> builder,
      Supplier<RunnerConfig> live,
      BackendRegistry backends,
      Tracker tracker) {
    RunnerConfig config = live.get();
    this.backends = backends;
    this.tracker = tracker;
    this.service = new QuantumStepService(new StepEngine(live, backends, tracker));
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            config.workerThreads(),
            config.workerThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "qstep-grpc-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    builder
        .executor(executor)
        .maxInboundMessageSize(config.maxMessageBytes())
        .addService(
            config.authToken().isEmpty()
                ? service.bindService()
                : ServerInterceptors.intercept(service, new AuthInterceptor(config.authToken())))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    this.server = builder.build();
  }

  /** A server on {@code port} of every interface (0 = a free port), plaintext. */
  public static StepServer onPort(int port, RunnerConfig config, BackendRegistry backends) {
    return new StepServer(
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()), config, backends);
  }

  /** A server on {@code port} of every interface (0 = a free port), plaintext, tracking steps. */
  public static StepServer onPort(
      int port, RunnerConfig config, BackendRegistry backends, Tracker tracker) {
    return new StepServer(
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()),
        config,
        backends,
        tracker);
  }

  /**
   * A server on {@code port} (0 = a free port), plaintext, whose step limits follow {@code live}.
   */
  public static StepServer onPort(
      int port, Supplier<RunnerConfig> live, BackendRegistry backends, Tracker tracker) {
    return new StepServer(
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()),
        live,
        backends,
        tracker);
  }

  /** A server on {@code port} with TLS from PEM files. */
  public static StepServer onPortTls(
      int port, File certChain, File privateKey, RunnerConfig config, BackendRegistry backends) {
    return onPortTls(port, certChain, privateKey, config, backends, Tracker.noop());
  }

  /** A server on {@code port} with TLS from PEM files, tracking steps. */
  public static StepServer onPortTls(
      int port,
      File certChain,
      File privateKey,
      RunnerConfig config,
      BackendRegistry backends,
      Tracker tracker) {
    return onPortTls(port, certChain, privateKey, () -> config, backends, tracker);
  }

  /** A server on {@code port} with TLS from PEM files whose step limits follow {@code live}. */
  public static StepServer onPortTls(
      int port,
      File certChain,
      File privateKey,
      Supplier<RunnerConfig> live,
      BackendRegistry backends,
      Tracker tracker) {
    ServerCredentials creds;
    try {
      creds = TlsServerCredentials.create(certChain, privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS certificate or key", e);
    }
    return new StepServer(Grpc.newServerBuilderForPort(port, creds), live, backends, tracker);
  }

  public StepServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(QuantumStepGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return this;
  }

  /** The bound port (after {@link #start()}); -1 for in-process servers. */
  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops accepting calls, lets running ones finish for a grace period, then forces. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      service.close();
      executor.shutdownNow();
      tracker.close();
      backends.close();
    }
  }
}
