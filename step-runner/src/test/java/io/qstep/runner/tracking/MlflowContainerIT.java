package io.qstep.runner.tracking;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link MlflowServerIT}'s suite against MLflow in a container, where a Docker engine exists (a
 * user's CI). Without Docker the whole class is skipped, never failed. The image is {@code
 * QSTEP_TEST_MLFLOW_IMAGE} or the official one at the version the test script installs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MlflowContainerIT extends MlflowServerIT {
  static final int PORT = 5000;

  @Container
  static final GenericContainer<?> MLFLOW =
      new GenericContainer<>(
              DockerImageName.parse(
                  System.getenv()
                      .getOrDefault("QSTEP_TEST_MLFLOW_IMAGE", "ghcr.io/mlflow/mlflow:v3.17.2")))
          .withExposedPorts(PORT)
          .withCommand(
              "mlflow",
              "server",
              "--backend-store-uri",
              "sqlite:////tmp/mlflow.db",
              "--artifacts-destination",
              "/tmp/artifacts",
              "--host",
              "0.0.0.0",
              "--port",
              Integer.toString(PORT),
              // The test reaches it through a mapped port on another host name (MLflow >= 3.5).
              "--allowed-hosts",
              "*")
          .waitingFor(Wait.forHttp("/health").forStatusCode(200))
          .withStartupTimeout(Duration.ofMinutes(3));

  @Override
  String serverUri() {
    return "http://" + MLFLOW.getHost() + ":" + MLFLOW.getMappedPort(PORT);
  }
}
