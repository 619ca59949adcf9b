package io.qstep.runner.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.k8s.Deployer;
import io.qstep.runner.k8s.K8sException;
import io.qstep.runner.k8s.KubeClients;
import io.qstep.runner.k8s.Manifests;
import io.qstep.runner.k8s.Scaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep k8s}: deploy, scale and fan out on Kubernetes with the Fabric8 client. */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    description = "Deploy, scale and fan out the step-runner on Kubernetes.",
    subcommands = {
      K8sCommand.Deploy.class,
      K8sCommand.Scale.class,
      FanoutCommand.class,
      ShardCommand.class
    })
final class K8sCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the cluster is: kubeconfig / in-cluster by default. */
  static final class Cluster {
    @Option(
        names = "--server",
        description = "API server URL (default: the kubeconfig context, or in-cluster).")
    String server;

    @Option(
        names = {"-n", "--namespace"},
        description = "Namespace (default: the context's, or the pod's).")
    String namespace;

    KubernetesClient connect() {
      return KubeClients.connect(server, namespace);
    }
  }

  /**
   * Runs {@code body}, mapping failures to exit codes: bad input 2 (QStepException), cluster-side
   * failures 1 (K8sException), each as one line on stderr.
   */
  static int guarded(PrintWriter err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (QStepException e) {
      err.println("qstep: " + StepCommandSupport.oneLine(e));
      return StepCommandSupport.exitCode(e);
    } catch (K8sException e) {
      err.println("qstep: k8s " + e.kind() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
  }

  /** {@code qstep k8s deploy}: create-or-update rendered manifests. */
  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description =
          "Apply manifests with create-or-update: a kustomize directory (-k, rendered with"
              + " kubectl kustomize) or rendered YAML (-f, - for stdin).")
  static final class Deploy implements Callable<Integer> {
    @Mixin Cluster cluster;
    @Spec CommandSpec spec;

    static final class Source {
      @Option(
          names = {"-k", "--kustomize"},
          description = "Kustomize directory, e.g. k8s/overlays/prod.")
      Path kustomize;

      @Option(
          names = {"-f", "--file"},
          description = "Rendered YAML (kubectl kustomize DIR > FILE), or - for stdin.")
      String file;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--dry-run", description = "Check and list the objects; apply nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      return guarded(
          err,
          () -> {
            List<HasMetadata> objects = load();
            if (dryRun) {
              objects.forEach(o -> out.println("would apply " + Manifests.describe(o)));
              return 0;
            }
            try (KubernetesClient client = cluster.connect()) {
              String ns = KubeClients.namespace(client);
              for (Deployer.Applied a : Deployer.apply(client, ns, objects)) {
                out.println(a.action() + " " + a.object());
              }
              out.printf("applied %d objects (default namespace %s)%n", objects.size(), ns);
            }
            return 0;
          });
    }

    private List<HasMetadata> load() {
      String yaml;
      String field;
      if (source.kustomize != null) {
        field = "kustomize";
        Path tool =
            Manifests.findTool(System.getenv())
                .orElseThrow(
                    () ->
                        new QStepException(
                            ErrorReason.INVALID_VALUE,
                            "kustomize",
                            "kustomize: no kubectl or kustomize on PATH (scripts/setup-kustomize.sh"
                                + " installs one); or render elsewhere and pass -f"));
        yaml = Manifests.render(tool, source.kustomize);
      } else {
        field = "file";
        try {
          yaml =
              source.file.equals("-")
                  ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                  : Files.readString(Path.of(source.file), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new QStepException(
              ErrorReason.INVALID_VALUE, "file", "file: cannot read " + source.file + ": " + e);
        }
      }
      List<HasMetadata> objects = Manifests.parse(yaml, field);
      Manifests.checkNoSecretValues(objects, field);
      return objects;
    }
  }

  /** {@code qstep k8s scale}: set the runner's replicas and/or its HPA bounds. */
  @Command(
      name = "scale",
      mixinStandardHelpOptions = true,
      description = "Scale the runner Deployment; --min/--max move its HorizontalPodAutoscaler.")
  static final class Scale implements Callable<Integer> {
    @Mixin Cluster cluster;
    @Spec CommandSpec spec;

    @Option(names = "--deployment", defaultValue = "qstep-runner", description = "Deployment.")
    String deployment;

    @Option(names = "--replicas", description = "Replica count.")
    Integer replicas;

    @Option(names = "--min", description = "HPA minReplicas.")
    Integer min;

    @Option(names = "--max", description = "HPA maxReplicas.")
    Integer max;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      return guarded(
          err,
          () -> {
            if (replicas == null && min == null && max == null) {
              throw QStepException.invalid("replicas", "give --replicas and/or --min/--max");
            }
            try (KubernetesClient client = cluster.connect()) {
              Scaler.Result r =
                  Scaler.scale(
                      client, KubeClients.namespace(client), deployment, replicas, min, max);
              out.printf(
                  "Deployment/%s: replicas %d -> %d%n", deployment, r.previous(), r.replicas());
              r.hpa()
                  .ifPresent(
                      h ->
                          out.printf(
                              "HorizontalPodAutoscaler/%s: min %d, max %d%n",
                              h.getMetadata().getName(),
                              h.getSpec().getMinReplicas(),
                              h.getSpec().getMaxReplicas()));
              r.warnings().forEach(w -> err.println("qstep: warning: " + w));
            }
            return 0;
          });
    }
  }
}
