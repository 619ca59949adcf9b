package io.qstep.runner.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies rendered manifests with create-or-update (no server-side apply: it needs field managers
 * the target may lack, and the mock server has none): objects a workload depends on first
 * (namespaces, service accounts, RBAC, config), then services and workloads, then policies. Stops
 * at the first object the API server refuses and says what was applied before it.
 */
public final class Deployer {
  /** The kinds in the order they are applied; other kinds go last, in file order. */
  static final List<String> ORDER =
      List.of(
          "Namespace",
          "ServiceAccount",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "PersistentVolumeClaim",
          "Service",
          "Deployment",
          "StatefulSet",
          "Job",
          "HorizontalPodAutoscaler",
          "PodDisruptionBudget",
          "NetworkPolicy");

  /**
   * One object's outcome.
   *
   * @param object {@code Kind/name (namespace)}
   * @param action "created" or "updated"
   */
  public record Applied(String object, String action) {}

  private Deployer() {}

  /**
   * Creates or updates every object, in {@link #ORDER}. A namespaced object without a namespace
   * goes to {@code namespace}. An updated Deployment keeps its live replica count, so a deploy does
   * not undo the HPA's or {@code qstep k8s scale}'s choice.
   *
   * @throws K8sException UNREACHABLE, or REJECTED naming the object and what was applied before it
   */
  public static List<Applied> apply(
      KubernetesClient client, String namespace, List<HasMetadata> objects) {
    List<HasMetadata> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparingInt(Deployer::rank));
    List<Applied> done = new ArrayList<>();
    for (HasMetadata o : sorted) {
      if (!(o instanceof Namespace) && o.getMetadata().getNamespace() == null) {
        o.getMetadata().setNamespace(namespace);
      }
      String what = Manifests.describe(o);
      try {
        HasMetadata live = client.resource(o).get();
        if (live == null) {
          client.resource(o).create();
          done.add(new Applied(what, "created"));
        } else {
          o.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
          if (o instanceof Deployment d && live instanceof Deployment ld) {
            d.getSpec().setReplicas(ld.getSpec().getReplicas());
          }
          client.resource(o).update();
          done.add(new Applied(what, "updated"));
        }
      } catch (KubernetesClientException e) {
        K8sException t = KubeClients.translate(e, client, "apply " + what);
        if (t.kind() == K8sException.Kind.UNREACHABLE) {
          throw t;
        }
        throw new K8sException(
            K8sException.Kind.REJECTED,
            t.getMessage()
                + " (applied "
                + done.size()
                + " of "
                + sorted.size()
                + " objects before it; nothing after it)",
            e);
      }
    }
    return done;
  }

  private static int rank(HasMetadata o) {
    int i = ORDER.indexOf(o.getKind());
    return i < 0 ? ORDER.size() : i;
  }
}
