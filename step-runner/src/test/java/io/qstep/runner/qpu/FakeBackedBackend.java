package io.qstep.runner.qpu;

import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StepContext;

/**
 * A QPU backend under the contract suite: advertises the fake device's width (wider circuits are
 * the caller's to refuse) and closes the fake server with the backend.
 */
public final class FakeBackedBackend implements Backend {
  private final Backend b;
  private final int width;
  private final AutoCloseable fake;

  public FakeBackedBackend(Backend b, int width, AutoCloseable fake) {
    this.b = b;
    this.width = width;
    this.fake = fake;
  }

  @Override
  public String name() {
    return b.name();
  }

  @Override
  public String version() {
    return b.version();
  }

  @Override
  public BackendCapabilities capabilities() {
    BackendCapabilities c = b.capabilities();
    return new BackendCapabilities(
        width,
        c.nativeGates(),
        c.supportsShots(),
        c.supportsExact(),
        c.noisy(),
        c.maxShots(),
        c.description());
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
    return b.execute(request, ctx);
  }

  @Override
  public void close() {
    b.close();
    try {
      fake.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
