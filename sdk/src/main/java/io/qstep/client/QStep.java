package io.qstep.client;

import io.qstep.client.spi.LocalRunnerFactory;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ServiceLoader;

/**
 * Entry points of the SDK.
 *
 * <pre>{@code
 * try (QStepClient qstep = QStep.connect("localhost:50051")) {
 *   StepResult r = qstep.run(StepRequest.builder(CircuitSpec.of(qasm)).seed(7).build());
 * }
 * }</pre>
 */
public final class QStep {
  private QStep() {}

  /** A plaintext client of the runner at {@code host:port}. */
  public static QStepClient connect(String target) {
    return connect(ClientSettings.builder(target).build());
  }

  /** A client as the settings say (TLS, token, deadline). */
  public static QStepClient connect(ClientSettings settings) {
    return QStepClient.open(settings);
  }

  /**
   * A client of a step-runner started in this JVM, over an in-process channel: the same API and
   * code path as remote. Needs the step-runner jar on the class path. Closing the client stops the
   * runner.
   *
   * @throws QStepException BACKEND_UNAVAILABLE when no step-runner is on the class path
   */
  public static QStepClient local() {
    LocalRunnerFactory factory =
        ServiceLoader.load(LocalRunnerFactory.class, QStep.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new QStepException(
                        ErrorReason.BACKEND_UNAVAILABLE,
                        null,
                        "QStep.local() needs io.qstep:qstep-step-runner on the class path"));
    LocalRunnerFactory.LocalRunner runner = factory.start();
    return new QStepClient(runner.channel(), runner, ClientSettings.builder("in-process").build());
  }
}
