package io.qstep.runner.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rendered manifests: multi-document YAML parsed into typed Fabric8 objects, checked before
 * anything is sent (every object has a kind and a name; no Secret carries values), and rendered
 * from a kustomize directory by {@code kubectl kustomize} or {@code kustomize build}. Stateless.
 */
public final class Manifests {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Manifests() {}

  /**
   * Parses one or more YAML documents (a {@code kind: List} is flattened).
   *
   * @param field the input this YAML came from, named in errors
   * @throws QStepException INVALID_VALUE when the YAML does not parse or an object lacks a kind or
   *     a name
   */
  public static List<HasMetadata> parse(String yaml, String field) {
    Object parsed;
    try {
      parsed = YAML.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, field, field + ": not Kubernetes YAML: " + firstLine(e));
    }
    List<HasMetadata> out = new ArrayList<>();
    flatten(parsed, out, field);
    if (out.isEmpty()) {
      throw new QStepException(ErrorReason.INVALID_VALUE, field, field + ": no objects");
    }
    for (int i = 0; i < out.size(); i++) {
      HasMetadata o = out.get(i);
      if (o.getKind() == null
          || o.getKind().isBlank()
          || o.getMetadata() == null
          || o.getMetadata().getName() == null
          || o.getMetadata().getName().isBlank()) {
        throw new QStepException(
            ErrorReason.INVALID_VALUE,
            field,
            field + ": object " + (i + 1) + " has no kind or no metadata.name");
      }
    }
    return List.copyOf(out);
  }

  private static void flatten(Object parsed, List<HasMetadata> out, String field) {
    if (parsed == null) {
      return;
    }
    if (parsed instanceof KubernetesList l) {
      l.getItems().forEach(o -> flatten(o, out, field));
    } else if (parsed instanceof HasMetadata h) {
      out.add(h);
    } else if (parsed instanceof Collection<?> c) {
      c.forEach(o -> flatten(o, out, field));
    } else {
      throw new QStepException(
          ErrorReason.INVALID_VALUE,
          field,
          field + ": not a Kubernetes object: " + parsed.getClass().getSimpleName());
    }
  }

  /**
   * Refuses a Secret that carries values: credentials are created beside the manifests, never kept
   * in them.
   */
  public static void checkNoSecretValues(List<HasMetadata> objects, String field) {
    for (HasMetadata o : objects) {
      if (o instanceof Secret s && (notEmpty(s.getData()) || notEmpty(s.getStringData()))) {
        throw new QStepException(
            ErrorReason.INVALID_VALUE,
            field,
            field
                + ": Secret/"
                + s.getMetadata().getName()
                + " carries values; create Secrets with kubectl, never from the manifests");
      }
    }
  }

  private static boolean notEmpty(Map<?, ?> m) {
    return m != null && !m.isEmpty();
  }

  /** {@code Kind/name} (with the namespace when set), as kubectl prints objects. */
  public static String describe(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + "/" + o.getMetadata().getName() + (ns == null ? "" : " (" + ns + ")");
  }

  /**
   * Renders a kustomize directory with {@code tool}: a kubectl binary runs {@code kubectl kustomize
   * DIR}, anything else {@code TOOL build DIR}.
   *
   * @throws QStepException INVALID_VALUE when the directory is missing or the tool fails (with its
   *     stderr)
   */
  public static String render(Path tool, Path dir) {
    if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))
        && !Files.isRegularFile(dir.resolve("kustomization.yml"))
        && !Files.isRegularFile(dir.resolve("Kustomization"))) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, "kustomize", "kustomize: no kustomization.yaml in " + dir);
    }
    String name = tool.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> cmd =
        name.startsWith("kubectl")
            ? List.of(tool.toString(), "kustomize", dir.toString())
            : List.of(tool.toString(), "build", dir.toString());
    try {
      Path err = Files.createTempFile("qstep-kustomize", ".err");
      try {
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
          out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new QStepException(
              ErrorReason.INVALID_VALUE, "kustomize", "kustomize: " + cmd + " timed out");
        }
        if (p.exitValue() != 0) {
          throw new QStepException(
              ErrorReason.INVALID_VALUE,
              "kustomize",
              "kustomize: "
                  + String.join(" ", cmd)
                  + " failed: "
                  + Files.readString(err).strip().replace('\n', ' '));
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new QStepException(
          ErrorReason.INVALID_VALUE, "kustomize", "kustomize: cannot run " + cmd.get(0) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QStepException(ErrorReason.CANCELLED, "kustomize", "kustomize: interrupted");
    }
  }

  /**
   * The renderer to use: {@code QSTEP_KUSTOMIZE} when set, else {@code kubectl} or {@code
   * kustomize} found on {@code PATH}; empty when none.
   */
  public static java.util.Optional<Path> findTool(Map<String, String> env) {
    String set = env.get("QSTEP_KUSTOMIZE");
    if (set != null && !set.isBlank()) {
      return java.util.Optional.of(Path.of(set.trim()));
    }
    String path = env.getOrDefault("PATH", "");
    for (String name : List.of("kubectl", "kustomize")) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (d.isEmpty()) {
          continue;
        }
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return java.util.Optional.of(p);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
