package io.qstep.runner.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scales the runner Deployment and, when asked, moves the bounds of the HorizontalPodAutoscaler
 * that targets it (an HPA moves replicas back into its bounds, so scaling past them alone does not
 * last).
 */
public final class Scaler {
  /**
   * What was done.
   *
   * @param previous the replica count before
   * @param replicas the replica count set
   * @param hpa the HPA targeting the Deployment, after any bound change, if there is one
   * @param warnings things the caller should know (e.g. replicas outside the HPA's bounds)
   */
  public record Result(
      int previous, int replicas, Optional<HorizontalPodAutoscaler> hpa, List<String> warnings) {}

  private Scaler() {}

  /**
   * @param replicas the new count (null: leave it, e.g. only change the HPA bounds)
   * @param hpaMin new HPA minReplicas, or null
   * @param hpaMax new HPA maxReplicas, or null
   * @throws QStepException INVALID_VALUE for negative counts or min > max
   * @throws K8sException REJECTED when the Deployment (or a needed HPA) does not exist
   */
  public static Result scale(
      KubernetesClient client,
      String namespace,
      String name,
      Integer replicas,
      Integer hpaMin,
      Integer hpaMax) {
    if (replicas != null && replicas < 0) {
      throw QStepException.invalid("replicas", "replicas must be >= 0, got " + replicas);
    }
    if (hpaMin != null && hpaMin < 1) {
      throw QStepException.invalid("min", "min must be >= 1, got " + hpaMin);
    }
    if (hpaMin != null && hpaMax != null && hpaMin > hpaMax) {
      throw QStepException.invalid("max", "max (" + hpaMax + ") must be >= min (" + hpaMin + ")");
    }
    try {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (d == null) {
        throw new K8sException(
            K8sException.Kind.REJECTED, "Deployment/" + name + " not found in " + namespace);
      }
      int previous = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      Optional<HorizontalPodAutoscaler> hpa = findHpa(client, namespace, name);
      List<String> warnings = new ArrayList<>();
      if ((hpaMin != null || hpaMax != null) && hpa.isEmpty()) {
        throw new K8sException(
            K8sException.Kind.REJECTED, "no HorizontalPodAutoscaler targets Deployment/" + name);
      }
      if (hpa.isPresent() && (hpaMin != null || hpaMax != null)) {
        HorizontalPodAutoscaler h = hpa.get();
        int min = hpaMin != null ? hpaMin : h.getSpec().getMinReplicas();
        int max = hpaMax != null ? hpaMax : h.getSpec().getMaxReplicas();
        if (min > max) {
          throw QStepException.invalid(
              hpaMin != null ? "min" : "max", "HPA bounds would be min " + min + " > max " + max);
        }
        hpa =
            Optional.of(
                client
                    .autoscaling()
                    .v2()
                    .horizontalPodAutoscalers()
                    .inNamespace(namespace)
                    .withName(h.getMetadata().getName())
                    .edit(
                        x -> {
                          x.getSpec().setMinReplicas(min);
                          x.getSpec().setMaxReplicas(max);
                          return x;
                        }));
      }
      int target = replicas != null ? replicas : previous;
      if (replicas != null) {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                x -> {
                  x.getSpec().setReplicas(replicas);
                  return x;
                });
      }
      hpa.ifPresent(
          h -> {
            int min = h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas();
            int max = h.getSpec().getMaxReplicas();
            if (target < min || target > max) {
              warnings.add(
                  "HorizontalPodAutoscaler/"
                      + h.getMetadata().getName()
                      + " keeps replicas within ["
                      + min
                      + ", "
                      + max
                      + "]: it will move "
                      + target
                      + " back; change its bounds with --min/--max");
            }
          });
      return new Result(previous, target, hpa, warnings);
    } catch (KubernetesClientException e) {
      throw KubeClients.translate(e, client, "scale Deployment/" + name);
    }
  }

  static Optional<HorizontalPodAutoscaler> findHpa(
      KubernetesClient client, String namespace, String deployment) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(
            h ->
                h.getSpec() != null
                    && h.getSpec().getScaleTargetRef() != null
                    && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                    && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
        .findFirst();
  }
}
