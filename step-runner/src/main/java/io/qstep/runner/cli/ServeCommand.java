package io.qstep.runner.cli;

import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.LiveConfig;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.grpc.StepServer;
import io.qstep.runner.k8s.ConfigMapWatcher;
import io.qstep.runner.k8s.KubeClients;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qstep serve}: the gRPC step-runner. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the qstep.v1.QuantumStep gRPC API (plus health and reflection).")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "${env:QSTEP_PORT:-50051}",
      description = "Port (0 = any free port).")
  int port;

  @Option(
      names = "--max-qubits",
      description = "Widest circuit (default 26, env QSTEP_MAX_QUBITS).")
  Integer maxQubits;

  @Option(names = "--max-shots", description = "Most shots per circuit (default 1000000).")
  Long maxShots;

  @Option(names = "--max-batch-rows", description = "Most rows per batch (default 100000).")
  Long maxBatchRows;

  @Option(names = "--max-message-mib", description = "Largest inbound message, MiB (default 64).")
  Integer maxMessageMib;

  @Option(names = "--default-timeout-ms", description = "Step budget when a request sets none.")
  Long defaultTimeoutMs;

  @Option(names = "--threads", description = "Threads serving calls (default: cores, at least 2).")
  Integer threads;

  @Option(names = "--tls-cert", description = "PEM certificate chain; enables TLS with --tls-key.")
  File tlsCert;

  @Option(names = "--tls-key", description = "PEM private key (PKCS#8).")
  File tlsKey;

  @Option(
      names = "--watch-configmap",
      paramLabel = "NAME",
      description =
          "Watch this Kubernetes ConfigMap (repeatable) and reload limits (QSTEP_MAX_QUBITS,"
              + " QSTEP_MAX_SHOTS, QSTEP_MAX_BATCH_ROWS, QSTEP_DEFAULT_TIMEOUT_MS) and calibration"
              + " snapshots (calibration-<backend>.json) without a restart.")
  List<String> watchConfigMaps = new ArrayList<>();

  @Option(
      names = "--namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "Namespace of the watched ConfigMaps (default: env POD_NAMESPACE, else the"
              + " kubeconfig context's or the pod's).")
  String namespace;

  @Override
  public Integer call() throws Exception {
    RunnerConfig c = RunnerConfig.fromEnv(System.getenv());
    if (maxQubits != null) {
      c = c.withMaxQubits(maxQubits);
    }
    if (maxShots != null) {
      c = c.withMaxShots(maxShots);
    }
    if (maxBatchRows != null) {
      c = c.withMaxBatchRows(maxBatchRows);
    }
    if (maxMessageMib != null) {
      c = c.withMaxMessageBytes(maxMessageMib << 20);
    }
    if (defaultTimeoutMs != null) {
      c = c.withDefaultTimeoutMs(defaultTimeoutMs);
    }
    if (threads != null) {
      c = c.withWorkerThreads(threads);
    }
    LiveConfig live = new LiveConfig(c);
    // with a watch, a reload may raise the qubit limit up to the engine's ceiling: the live limit
    // is checked before the backend's, so the backends are sized for the ceiling
    BackendRegistry backends =
        BackendRegistry.loadDefault(
            watchConfigMaps.isEmpty() ? c.maxQubits() : RunnerConfig.ENGINE_MAX_QUBITS);
    Tracker tracker = Trackers.create(TrackingConfig.fromEnv(System.getenv()));
    StepServer server =
        tlsCert != null
            ? StepServer.onPortTls(port, tlsCert, tlsKey, live, backends, tracker)
            : StepServer.onPort(port, live, backends, tracker);
    server.start();
    AutoCloseable watch = () -> {};
    if (!watchConfigMaps.isEmpty()) {
      io.fabric8.kubernetes.client.KubernetesClient client = KubeClients.connect(null, namespace);
      ConfigMapWatcher w =
          ConfigMapWatcher.start(client, KubeClients.namespace(client), watchConfigMaps, live);
      watch =
          () -> {
            w.close();
            client.close();
          };
    }
    AutoCloseable stopWatch = watch;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stopWatch.close();
                  } catch (Exception e) {
                    // shutting down: nothing to do about a failed close
                  }
                  server.close();
                },
                "qstep-shutdown"));
    System.out.printf(
        "qstep %s serving on port %d (%s; max %d qubits, backends %s)%n",
        Main.version(),
        server.port(),
        tlsCert != null ? "TLS" : "plaintext",
        c.maxQubits(),
        backends.names());
    System.out.flush();
    server.awaitTermination();
    return 0;
  }
}
