package io.qstep.runner.grpc;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.qstep.client.spi.LocalRunnerFactory;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Backs {@code QStep.local()}: a {@link StepServer} on an in-process transport in this JVM. */
public final class InProcessRunnerFactory implements LocalRunnerFactory {

  @Override
  public LocalRunner start() {
    return start(RunnerConfig.fromEnv(System.getenv()));
  }

  /** Starts a runner with {@code config}. */
  public static LocalRunner start(RunnerConfig config) {
    String name = InProcessServerBuilder.generateName();
    StepServer server =
        new StepServer(
            InProcessServerBuilder.forName(name),
            config,
            BackendRegistry.loadDefault(config.maxQubits()));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("in-process runner failed to start", e);
    }
    ManagedChannel channel =
        InProcessChannelBuilder.forName(name)
            .maxInboundMessageSize(config.maxMessageBytes())
            .build();
    return new LocalRunner() {
      @Override
      public ManagedChannel channel() {
        return channel;
      }

      @Override
      public void close() {
        channel.shutdownNow();
        server.close();
      }
    };
  }
}
