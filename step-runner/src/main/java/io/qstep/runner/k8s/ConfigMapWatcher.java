package io.qstep.runner.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.qstep.runner.config.LiveConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches named ConfigMaps with Fabric8 informers (list, then watch; relist and reconnect on
 * failure) and feeds their data to a {@link LiveConfig}: limits and calibration snapshots change
 * without a restart. An unreachable API server at start is logged, not fatal: the runner serves
 * with its startup configuration while the informers keep retrying. Closing stops the informers; it
 * does not close the client.
 */
public final class ConfigMapWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigMapWatcher.class.getName());

  /** Full relist period, milliseconds: a missed event is repaired within this time. */
  static final long RESYNC_MS = 5 * 60_000;

  private final List<SharedIndexInformer<ConfigMap>> informers = new ArrayList<>();

  private ConfigMapWatcher() {}

  /**
   * Starts one informer per name in {@code namespace}; returns at once (the first list completes in
   * the background).
   */
  public static ConfigMapWatcher start(
      KubernetesClient client, String namespace, List<String> names, LiveConfig live) {
    ConfigMapWatcher w = new ConfigMapWatcher();
    for (String name : names) {
      SharedIndexInformer<ConfigMap> inf =
          client.configMaps().inNamespace(namespace).withName(name).runnableInformer(RESYNC_MS);
      inf.addEventHandler(new Handler(name, live));
      inf.start()
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  LOG.log(
                      Level.WARNING,
                      "cannot watch ConfigMap "
                          + namespace
                          + "/"
                          + name
                          + " (serving with the startup configuration): "
                          + err.getMessage());
                }
              });
      w.informers.add(inf);
    }
    return w;
  }

  /** True once every informer has listed its ConfigMap at least once. */
  public boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }

  /** A ConfigMap's data and (UTF-8) binaryData as one map; data wins on a clash. */
  static Map<String, String> contents(ConfigMap cm) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cm.getBinaryData() != null) {
      cm.getBinaryData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (cm.getData() != null) {
      out.putAll(cm.getData());
    }
    return out;
  }

  private record Handler(String name, LiveConfig live) implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap cm) {
      apply(cm);
    }

    @Override
    public void onUpdate(ConfigMap oldCm, ConfigMap cm) {
      apply(cm);
    }

    @Override
    public void onDelete(ConfigMap cm, boolean deletedFinalStateUnknown) {
      live.remove(name);
      LOG.info(() -> "ConfigMap " + name + " deleted: its settings revert to startup values");
    }

    private void apply(ConfigMap cm) {
      if (live.apply(name, contents(cm))) {
        LOG.info(() -> "ConfigMap " + name + " applied: " + live.get());
      }
    }
  }
}
