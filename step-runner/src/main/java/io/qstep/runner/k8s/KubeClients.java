package io.qstep.runner.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Builds Fabric8 clients the way kubectl finds a cluster (KUBECONFIG / ~/.kube/config, else the
 * in-cluster service account), with short connect timeouts so an unreachable API server is reported
 * in seconds, and translates client failures into {@link K8sException}s.
 */
public final class KubeClients {
  /** Connect timeout, milliseconds. */
  static final int CONNECT_TIMEOUT_MS = 5_000;

  private KubeClients() {}

  /**
   * A client for {@code server} (null: from kubeconfig or the pod's service account) with {@code
   * namespace} as its default (null: the context's, or the pod's).
   */
  public static KubernetesClient connect(String server, String namespace) {
    ConfigBuilder b = new ConfigBuilder(Config.autoConfigure(null));
    if (server != null && !server.isBlank()) {
      b.withMasterUrl(server);
    }
    if (namespace != null && !namespace.isBlank()) {
      b.withNamespace(namespace);
    }
    Config c =
        b.withConnectionTimeout(CONNECT_TIMEOUT_MS)
            .withRequestTimeout(30_000)
            .withRequestRetryBackoffLimit(2)
            .withRequestRetryBackoffInterval(200)
            .build();
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  /** The namespace {@code client} works in ("default" when nothing says). */
  public static String namespace(KubernetesClient client) {
    String ns = client.getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }

  /**
   * A {@link K8sException} for a failed call: UNREACHABLE when no HTTP answer came back, REJECTED
   * with the API server's status message otherwise.
   *
   * @param what the operation, e.g. "apply Deployment/qstep-runner"
   */
  public static K8sException translate(
      KubernetesClientException e, KubernetesClient client, String what) {
    if (e.getCode() <= 0) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new K8sException(
          K8sException.Kind.UNREACHABLE,
          what
              + ": cannot reach the Kubernetes API server at "
              + client.getMasterUrl()
              + " ("
              + root.getClass().getSimpleName()
              + (root.getMessage() == null ? "" : ": " + root.getMessage())
              + ")",
          e);
    }
    String msg =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return new K8sException(
        K8sException.Kind.REJECTED,
        what + ": the API server answered " + e.getCode() + ": " + msg,
        e);
  }
}
