package io.qstep.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.qstep.error.QStepException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders k8s/base and every overlay with the real kustomize (kubectl's, or the one
 * scripts/setup-kustomize.sh builds) and checks the rendered objects as the API server and the Pod
 * Security "restricted" profile would see them. Skips only when no renderer is installed and
 * QSTEP_KUSTOMIZE is unset (outside scripts/test.sh, which always sets it).
 */
class KustomizeRenderIT {
  static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();
  static final String APP = "app.kubernetes.io/name";
  static Path tool;

  record Tree(String dir, String namespace, String tag, int replicas, int hpaMin) {
    @Override
    public String toString() {
      return dir;
    }
  }

  static Stream<Tree> trees() {
    return Stream.of(
        new Tree("base", "qstep", "0.1.0", 2, 2),
        new Tree("overlays/dev", "qstep-dev", "dev", 1, 1),
        new Tree("overlays/prod", "qstep", "0.1.0", 3, 3));
  }

  @BeforeAll
  static void findTool() {
    Optional<Path> t = Manifests.findTool(System.getenv());
    if (System.getenv("QSTEP_KUSTOMIZE") == null) {
      assumeTrue(t.isPresent(), "no kubectl or kustomize on PATH; scripts/test.sh installs one");
    }
    tool = t.orElseThrow();
  }

  static List<HasMetadata> render(Tree t) {
    List<HasMetadata> objs = Manifests.parse(Manifests.render(tool, K8S.resolve(t.dir)), t.dir);
    Manifests.checkNoSecretValues(objs, t.dir);
    return objs;
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objs, Class<T> type) {
    return objs.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objs, Class<T> type, String name) {
    List<T> found =
        all(objs, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(found).as(type.getSimpleName() + "/" + name).hasSize(1);
    return found.get(0);
  }

  static Container runner(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void render_hasEveryObjectInTheOverlayNamespace(Tree t) {
    List<HasMetadata> objs = render(t);
    Map<String, Long> kinds =
        objs.stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
    assertThat(kinds)
        .containsEntry("Deployment", 1L)
        .containsEntry("Service", 1L)
        .containsEntry("HorizontalPodAutoscaler", 1L)
        .containsEntry("PodDisruptionBudget", 1L)
        .containsEntry("NetworkPolicy", 2L)
        .containsEntry("ConfigMap", 2L)
        .containsEntry("ServiceAccount", 2L)
        .containsEntry("Role", 2L)
        .containsEntry("RoleBinding", 2L)
        .doesNotContainKey("Secret");
    for (HasMetadata o : objs) {
      assertThat(o.getMetadata().getNamespace()).as(Manifests.describe(o)).isEqualTo(t.namespace);
      assertThat(o.getMetadata().getLabels())
          .as(Manifests.describe(o))
          .containsEntry("app.kubernetes.io/part-of", "qstep")
          .containsKey(APP);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void deployment_isRestrictedNonRootWithReadOnlyRoot(Tree t) {
    Deployment d = one(render(t), Deployment.class, "qstep-runner");
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    PodSecurityContext psc = pod.getSecurityContext();
    assertThat(psc.getRunAsNonRoot()).isTrue();
    assertThat(psc.getRunAsUser()).isEqualTo(65532L);
    assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    for (Container c : pod.getContainers()) {
      SecurityContext sc = c.getSecurityContext();
      assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
      assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
      assertThat(sc.getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
      assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
      if (sc.getRunAsUser() != null) {
        assertThat(sc.getRunAsUser()).isEqualTo(65532L);
      }
      // the one writable path is /tmp, backed by an emptyDir
      String tmpVolume =
          c.getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow()
              .getName();
      Volume v =
          pod.getVolumes().stream()
              .filter(x -> x.getName().equals(tmpVolume))
              .findFirst()
              .orElseThrow();
      assertThat(v.getEmptyDir()).isNotNull();
    }
    assertThat(runner(d).getImage()).isEqualTo("qstep/step-runner:" + t.tag);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void deployment_probesAreNativeGrpcOnTheServingPort(Tree t) {
    Container c = runner(one(render(t), Deployment.class, "qstep-runner"));
    int port =
        c.getPorts().stream()
            .filter(p -> "grpc".equals(p.getName()))
            .findFirst()
            .orElseThrow()
            .getContainerPort();
    assertThat(port).isEqualTo(50051);
    assertThat(c.getArgs()).contains("serve", "--port=" + port);
    for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
      assertThat(p.getGrpc()).as("native gRPC probe").isNotNull();
      assertThat(p.getGrpc().getPort()).isEqualTo(port);
      assertThat(p.getHttpGet()).isNull();
      assertThat(p.getExec()).isNull();
    }
    // readiness asks for the service itself, which the server marks NOT_SERVING while draining
    assertThat(c.getReadinessProbe().getGrpc().getService()).isEqualTo("qstep.v1.QuantumStep");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void deployment_resourcesFitTheQubitLimit(Tree t) {
    List<HasMetadata> objs = render(t);
    Container c = runner(one(objs, Deployment.class, "qstep-runner"));
    Map<String, Quantity> req = c.getResources().getRequests();
    Map<String, Quantity> lim = c.getResources().getLimits();
    for (String r : List.of("cpu", "memory")) {
      assertThat(req).containsKey(r);
      assertThat(lim).containsKey(r);
      assertThat(Quantity.getAmountInBytes(req.get(r)))
          .as(r + " request <= limit")
          .isLessThanOrEqualTo(Quantity.getAmountInBytes(lim.get(r)));
    }
    // the JVM takes 75% of the container (Dockerfile: -XX:MaxRAMPercentage=75); the widest
    // state vector allowed (16 bytes per amplitude) must fit in it with room for a copy
    int maxQubits =
        Integer.parseInt(
            one(objs, ConfigMap.class, "qstep-runner-config").getData().get("QSTEP_MAX_QUBITS"));
    BigDecimal heap =
        Quantity.getAmountInBytes(lim.get("memory")).multiply(BigDecimal.valueOf(0.75));
    BigDecimal twoStates = BigDecimal.valueOf(2L * (16L << maxQubits));
    assertThat(heap).as("heap for " + maxQubits + " qubits").isGreaterThan(twoStates);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void selectors_matchThePodTemplate(Tree t) {
    List<HasMetadata> objs = render(t);
    Deployment d = one(objs, Deployment.class, "qstep-runner");
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

    Service s = one(objs, Service.class, "qstep-runner");
    assertThat(s.getSpec().getClusterIP()).as("headless").isEqualTo("None");
    assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
    assertThat(s.getSpec().getPorts()).hasSize(1);
    assertThat(s.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("grpc");
    assertThat(s.getSpec().getPorts().get(0).getAppProtocol()).isEqualTo("grpc");

    PodDisruptionBudget pdb = one(objs, PodDisruptionBudget.class, "qstep-runner");
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

    NetworkPolicy np = one(objs, NetworkPolicy.class, "qstep-runner");
    assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());

    HorizontalPodAutoscaler hpa = one(objs, HorizontalPodAutoscaler.class, "qstep-runner");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("qstep-runner");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(t.hpaMin);
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    assertThat(d.getSpec().getReplicas())
        .isEqualTo(t.replicas)
        .isBetween(hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas());
    // a PDB that never lets a pod go would block node drains
    if (pdb.getSpec().getMinAvailable() != null) {
      assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isLessThan(t.hpaMin);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void networkPolicy_admitsPipelinesAndReachesMlflowAndQpus(Tree t) {
    NetworkPolicy np = one(render(t), NetworkPolicy.class, "qstep-runner");
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(np.getSpec().getIngress()).hasSize(1);
    assertThat(np.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(50051);
    assertThat(np.getSpec().getIngress().get(0).getFrom())
        .anySatisfy(
            f ->
                assertThat(f.getPodSelector().getMatchLabels())
                    .containsEntry("pipelines.kubeflow.org/v2_component", "true"));
    Set<Integer> egressPorts =
        np.getSpec().getEgress().stream()
            .flatMap(e -> e.getPorts().stream())
            .map(NetworkPolicyPort::getPort)
            .map(p -> p.getIntVal())
            .collect(Collectors.toSet());
    assertThat(egressPorts).contains(53, 5000, 443, 6443);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void credentials_areOptionalSecretReferencesOnly(Tree t) {
    List<HasMetadata> objs = render(t);
    Container c = runner(one(objs, Deployment.class, "qstep-runner"));
    Set<String> secretNames = new java.util.TreeSet<>();
    for (EnvVar e : c.getEnv()) {
      boolean sensitive = e.getName().matches(".*(TOKEN|SECRET|PASSWORD|ACCESS_KEY).*");
      if (sensitive) {
        assertThat(e.getValue()).as(e.getName() + " has a literal value").isNull();
        assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
      }
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as(e.getName()).isTrue();
        secretNames.add(e.getValueFrom().getSecretKeyRef().getName());
      }
    }
    assertThat(secretNames).contains("qstep-ibm-quantum", "qstep-aws");
    for (ConfigMap cm : all(objs, ConfigMap.class)) {
      cm.getData()
          .forEach(
              (k, v) ->
                  assertThat(k).as(cm.getMetadata().getName()).doesNotContain("TOKEN", "SECRET"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void rbac_bindsTheServiceAccountsTheWorkloadsUse(Tree t) {
    List<HasMetadata> objs = render(t);
    Deployment d = one(objs, Deployment.class, "qstep-runner");
    String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
    one(objs, ServiceAccount.class, sa);
    one(objs, ServiceAccount.class, "qstep-shard");
    for (RoleBinding rb : all(objs, RoleBinding.class)) {
      one(objs, Role.class, rb.getRoleRef().getName());
      assertThat(rb.getSubjects()).hasSize(1);
      assertThat(rb.getSubjects().get(0).getKind()).isEqualTo("ServiceAccount");
      assertThat(rb.getSubjects().get(0).getNamespace()).isEqualTo(t.namespace);
      one(objs, ServiceAccount.class, rb.getSubjects().get(0).getName());
    }
    Role runner = one(objs, Role.class, sa);
    assertThat(runner.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("batch");
              assertThat(r.getResources()).containsExactly("jobs");
              assertThat(r.getVerbs()).contains("create", "watch", "delete");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("configmaps");
              assertThat(r.getVerbs()).contains("watch");
            })
        .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*"));
    // every ConfigMap the runner watches or reads is in the tree
    Container c = runner(d);
    c.getArgs().stream()
        .filter(a -> a.startsWith("--watch-configmap="))
        .forEach(a -> one(objs, ConfigMap.class, a.substring(a.indexOf('=') + 1)));
    c.getEnvFrom().forEach(e -> one(objs, ConfigMap.class, e.getConfigMapRef().getName()));
  }

  @Test
  void checkNoSecretValues_refusesASecretWithData() {
    List<HasMetadata> objs =
        Manifests.parse(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: leaked}\nstringData: {token: abc}\n",
            "file");
    assertThatThrownBy(() -> Manifests.checkNoSecretValues(objs, "file"))
        .isInstanceOf(QStepException.class)
        .hasMessageContaining("Secret/leaked")
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("file");
  }

  @Test
  void render_ofAMissingDirectory_namesTheField() {
    assertThatThrownBy(() -> Manifests.render(tool, K8S.resolve("overlays/nope")))
        .isInstanceOf(QStepException.class)
        .extracting(e -> ((QStepException) e).field())
        .isEqualTo("kustomize");
  }
}
