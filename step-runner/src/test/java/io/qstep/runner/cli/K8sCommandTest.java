package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qstep k8s deploy|scale} against Fabric8's mock API server in CRUD mode (it stores what it
 * is sent; it runs no controllers and has no server-side apply), with one expectation layered on it
 * where a test needs the API server to refuse an object.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class K8sCommandTest {
  static final String NS = "qstep-test";
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run qstep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  Run k8s(String sub, String... args) {
    List<String> a =
        new ArrayList<>(
            List.of("k8s", sub, "--server", client.getMasterUrl().toString(), "-n", NS));
    a.addAll(List.of(args));
    return qstep(a.toArray(String[]::new));
  }

  /** The base manifests as one multi-document file (what kubectl kustomize prints). */
  Path baseManifests() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("..", "k8s", "base"))) {
      for (Path f : files.sorted().toList()) {
        if (!f.getFileName().toString().startsWith("kustomization")) {
          sb.append(Files.readString(f)).append("\n---\n");
        }
      }
    }
    Path p = dir.resolve("base.yaml");
    Files.writeString(p, sb.toString());
    return p;
  }

  Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName("qstep-runner").get();
  }

  HorizontalPodAutoscaler hpa() {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NS)
        .withName("qstep-runner")
        .get();
  }

  @Test
  void deploy_createsEveryObject_thenUpdatesKeepingLiveReplicas() throws IOException {
    Path yaml = baseManifests();
    Run r = k8s("deploy", "-f", yaml.toString());
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out)
        .contains("created Deployment/qstep-runner (" + NS + ")")
        .contains("applied 14 objects");
    // dependencies first: the service account and RBAC before the Deployment
    assertThat(r.out.indexOf("ServiceAccount/qstep-runner"))
        .isLessThan(r.out.indexOf("Deployment/"));
    assertThat(r.out.indexOf("RoleBinding/")).isLessThan(r.out.indexOf("Deployment/"));
    assertThat(deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(65532L);
    assertThat(client.configMaps().inNamespace(NS).withName("qstep-runner-config").get().getData())
        .containsEntry("QSTEP_MAX_QUBITS", "26");

    Run s = k8s("scale", "--replicas", "5");
    assertThat(s.code).as(s.err).isZero();
    assertThat(s.out).contains("replicas 2 -> 5");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(5);

    Run again = k8s("deploy", "-f", yaml.toString());
    assertThat(again.code).as(again.err).isZero();
    assertThat(again.out).contains("updated Deployment/qstep-runner").doesNotContain("created");
    assertThat(deployment().getSpec().getReplicas())
        .as("the live count survives a deploy")
        .isEqualTo(5);
  }

  @Test
  void scale_pastTheHpaBounds_warns_andMinMaxMoveThem() throws IOException {
    assertThat(k8s("deploy", "-f", baseManifests().toString()).code).isZero();
    Run r = k8s("scale", "--replicas", "12");
    assertThat(r.code).isZero();
    assertThat(r.err).contains("warning").contains("[2, 10]");
    Run m = k8s("scale", "--min", "3", "--max", "12");
    assertThat(m.code).as(m.err).isZero();
    assertThat(hpa().getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(m.err).doesNotContain("warning");
  }

  @Test
  void scale_badInput_isExitTwoNamingTheField() {
    Run r = k8s("scale", "--replicas", "-1");
    assertThat(r.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err).contains("replicas").hasLineCount(1);
    Run mm = k8s("scale", "--min", "5", "--max", "2");
    assertThat(mm.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(mm.err).contains("max");
    Run none = k8s("scale");
    assertThat(none.code).isEqualTo(Main.EXIT_BAD_INPUT);
  }

  @Test
  void scale_missingDeployment_isExitOne() {
    Run r = k8s("scale", "--replicas", "3", "--deployment", "nope");
    assertThat(r.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err).contains("Deployment/nope not found in " + NS);
  }

  @Test
  void deploy_refusedObject_stopsThere_andSaysWhatWasApplied() throws IOException {
    server
        .expect()
        .post()
        .withPath("/apis/apps/v1/namespaces/" + NS + "/deployments")
        .andReturn(
            422,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(422)
                .withReason("Invalid")
                .withMessage("Deployment.apps \"qstep-runner\" is invalid: spec.template: bad")
                .build())
        .once();
    Run r = k8s("deploy", "-f", baseManifests().toString());
    assertThat(r.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err)
        .contains("REJECTED")
        .contains("Deployment/qstep-runner")
        .contains("422")
        .contains("is invalid")
        .contains("applied 9 of 14");
    // everything ordered after the Deployment was not sent
    assertThat(hpa()).isNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(NS).withName("qstep-runner-config").get())
        .isNotNull();
  }

  @Test
  void deploy_secretWithValues_isRefusedBeforeAnythingIsSent() throws IOException {
    Path f = dir.resolve("leak.yaml");
    Files.writeString(
        f,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n"
            + "apiVersion: v1\nkind: Secret\nmetadata: {name: qstep-aws}\n"
            + "stringData: {secret-access-key: oops}\n");
    Run r = k8s("deploy", "-f", f.toString());
    assertThat(r.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err).contains("file").contains("Secret/qstep-aws");
    assertThat(client.configMaps().inNamespace(NS).withName("a").get()).isNull();
  }

  @Test
  void deploy_notYaml_isExitTwo() throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "kind: [unclosed\n");
    Run r = k8s("deploy", "-f", f.toString());
    assertThat(r.code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(r.err).contains("file").hasLineCount(1);
    Run missing = k8s("deploy", "-f", dir.resolve("absent.yaml").toString());
    assertThat(missing.code).isEqualTo(Main.EXIT_BAD_INPUT);
  }

  @Test
  void unreachableApiServer_isExitOneWithAClearMessage() throws IOException {
    Path yaml = baseManifests();
    Run r =
        qstep("k8s", "deploy", "--server", "http://127.0.0.1:1", "-n", NS, "-f", yaml.toString());
    assertThat(r.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err)
        .contains("UNREACHABLE")
        .contains("cannot reach the Kubernetes API server at http://127.0.0.1:1");
    Run s = qstep("k8s", "scale", "--server", "http://127.0.0.1:1", "-n", NS, "--replicas", "2");
    assertThat(s.code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(s.err).contains("cannot reach the Kubernetes API server");
  }
}
