package io.qstep.client.spi;

import io.grpc.ManagedChannel;

/**
 * Found through {@link java.util.ServiceLoader} by {@code QStep.local()}: starts a step-runner in
 * this JVM and hands back a channel to it (in-process transport). Implemented by the step-runner
 * jar; not for application code.
 */
public interface LocalRunnerFactory {

  /** A running in-process runner. Closing it stops the runner. */
  interface LocalRunner extends AutoCloseable {
    /** A channel to the runner; owned by the runner. */
    ManagedChannel channel();

    @Override
    void close();
  }

  /** Starts a runner with its default configuration (environment overrides apply). */
  LocalRunner start();
}
