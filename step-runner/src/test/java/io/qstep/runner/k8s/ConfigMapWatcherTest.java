package io.qstep.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.LiveConfig;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.task.StepEngine;
import io.qstep.runner.tracking.Tracker;
import io.qstep.task.CircuitSpec;
import io.qstep.task.StepRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The ConfigMap watch against Fabric8's mock API server (CRUD mode: real list + watch). */
@EnableKubernetesMockClient(crud = true)
class ConfigMapWatcherTest {
  static final String NS = "qstep-test";
  KubernetesClient client;

  static void await(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  static ConfigMap cm(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withData(data)
        .build();
  }

  static String qasm(int qubits) {
    return "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[" + qubits + "] q;\nh q[0];\n";
  }

  @Test
  void edit_reloadsLimitsAndCalibration_andTheEngineEnforcesThemOnTheNextStep() {
    RunnerConfig start = RunnerConfig.defaults().withMaxQubits(16);
    LiveConfig live = new LiveConfig(start);
    client
        .configMaps()
        .resource(cm("qstep-runner-config", Map.of("QSTEP_MAX_QUBITS", "16")))
        .create();
    try (BackendRegistry backends = BackendRegistry.loadDefault(RunnerConfig.ENGINE_MAX_QUBITS);
        ConfigMapWatcher w =
            ConfigMapWatcher.start(
                client, NS, List.of("qstep-runner-config", "qstep-calibration"), live)) {
      StepEngine engine = new StepEngine(live, backends, Tracker.noop());
      StepRequest fourteen = StepRequest.builder(new CircuitSpec(qasm(14), List.of())).build();
      await(w::synced, "the first list");
      assertThat(engine.run(fourteen).outputs()).isNotEmpty();

      client
          .configMaps()
          .inNamespace(NS)
          .withName("qstep-runner-config")
          .edit(c -> new ConfigMapBuilder(c).addToData("QSTEP_MAX_QUBITS", "12").build());
      await(() -> live.get().maxQubits() == 12, "the reload");
      assertThatThrownBy(() -> engine.run(fourteen))
          .isInstanceOf(QStepException.class)
          .satisfies(
              e ->
                  assertThat(((QStepException) e).reason()).isEqualTo(ErrorReason.TOO_MANY_QUBITS));

      // a calibration snapshot appears without a restart
      client
          .configMaps()
          .resource(cm("qstep-calibration", Map.of("calibration-noisy.json", "{\"id\":\"cal-7\"}")))
          .create();
      await(() -> live.calibration("noisy").isPresent(), "the calibration");
      assertThat(live.calibration("noisy")).contains("{\"id\":\"cal-7\"}");

      // a bad edit is refused; the running limits stay
      client
          .configMaps()
          .inNamespace(NS)
          .withName("qstep-runner-config")
          .edit(c -> new ConfigMapBuilder(c).addToData("QSTEP_MAX_QUBITS", "many").build());
      await(() -> !live.lastRejection().isEmpty(), "the rejection");
      assertThat(live.get().maxQubits()).isEqualTo(12);

      // deleted: back to the startup limits, and the 14-qubit step runs again
      client.configMaps().inNamespace(NS).withName("qstep-runner-config").delete();
      await(() -> live.get().maxQubits() == 16, "the revert");
      assertThat(engine.run(fourteen).outputs()).isNotEmpty();
    }
  }

  @Test
  void unreachableApiServer_isNotFatal_theStartupConfigServes() {
    LiveConfig live = new LiveConfig(RunnerConfig.defaults());
    try (KubernetesClient dead = KubeClients.connect("http://127.0.0.1:1", NS);
        ConfigMapWatcher w =
            ConfigMapWatcher.start(dead, NS, List.of("qstep-runner-config"), live)) {
      assertThat(w.synced()).isFalse();
      assertThat(live.get()).isEqualTo(RunnerConfig.defaults());
    }
  }
}
