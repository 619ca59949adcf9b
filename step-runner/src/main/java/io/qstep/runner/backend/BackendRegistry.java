package io.qstep.runner.backend;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The backends one runner knows: providers found through ServiceLoader (or given explicitly),
 * instantiated lazily, owned and closed by the registry. An instance, not a global. Thread-safe.
 */
public final class BackendRegistry implements AutoCloseable {
  /** The backend used when a request names none. */
  public static final String DEFAULT_BACKEND = "statevector";

  private final Map<String, BackendProvider> providers;
  private final Map<String, Backend> created = new HashMap<>();
  private final int maxQubits;

  /**
   * A registry over explicit providers. Per name, an available provider beats an unavailable one,
   * then the highest priority wins (as grpc-java's registries do).
   */
  public BackendRegistry(List<BackendProvider> providers, int maxQubits) {
    Map<String, BackendProvider> byName = new TreeMap<>();
    for (BackendProvider p : providers) {
      byName.merge(p.name(), p, BackendRegistry::better);
    }
    this.providers = byName;
    this.maxQubits = maxQubits;
  }

  private static BackendProvider better(BackendProvider a, BackendProvider b) {
    boolean availA = a.isAvailable();
    boolean availB = b.isAvailable();
    if (availA != availB) {
      return availA ? a : b;
    }
    return b.priority() > a.priority() ? b : a;
  }

  /** A registry over every provider on the class path. */
  public static BackendRegistry loadDefault(int maxQubits) {
    List<BackendProvider> found = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class, BackendRegistry.class.getClassLoader())
        .forEach(found::add);
    return new BackendRegistry(found, maxQubits);
  }

  /** Names of every known backend, sorted. */
  public List<String> names() {
    return List.copyOf(providers.keySet());
  }

  /** Every provider, sorted by name. */
  public List<BackendProvider> providers() {
    return List.copyOf(providers.values());
  }

  /**
   * The backend called {@code name} (empty or null: the default).
   *
   * @throws QStepException BACKEND_NOT_FOUND listing the known names, or BACKEND_UNAVAILABLE
   */
  public synchronized Backend get(String name) {
    String key = name == null || name.isEmpty() ? DEFAULT_BACKEND : name;
    Backend b = created.get(key);
    if (b != null) {
      return b;
    }
    BackendProvider p = providers.get(key);
    if (p == null) {
      throw new QStepException(
          ErrorReason.BACKEND_NOT_FOUND,
          "backend.name",
          "unknown backend '" + key + "'; available backends: " + String.join(", ", names()));
    }
    if (!p.isAvailable()) {
      throw new QStepException(
          ErrorReason.BACKEND_UNAVAILABLE,
          "backend.name",
          "backend '" + key + "' is not available: " + p.unavailableReason());
    }
    b = p.create(maxQubits);
    created.put(key, b);
    return b;
  }

  @Override
  public synchronized void close() {
    for (Backend b : created.values()) {
      b.close();
    }
    created.clear();
  }
}
