package io.qstep.runner.cli;

import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.runner.backend.BackendRegistry;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.grpc.StepServer;
import io.qstep.runner.tracking.AsyncTracker;
import io.qstep.runner.tracking.Tracker;
import io.qstep.runner.tracking.Trackers;
import io.qstep.runner.tracking.TrackingConfig;
import io.qstep.task.CircuitSpec;
import io.qstep.task.LayerSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qstep demo}: starts a runner on a loopback port, sends a batch through the {@code layer}
 * and {@code circuit} tasks over gRPC with the SDK client, prints the results and writes them.
 * Every step is tracked the way {@code qstep serve} tracks it (by default into the MLflow file
 * store {@code ./mlruns}); the demo ends by saying where the runs are and how to view them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start a runner, send layer and circuit batches over gRPC, print the results.")
final class DemoCommand implements Callable<Integer> {
  static final String BELL_SWEEP =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      input float[64] theta;
      qubit[2] q;
      h q[0];
      cx q[0], q[1];
      ry(theta) q[1];
      """;

  static final String GHZ =
      """
      OPENQASM 3.0;
      include "stdgates.inc";
      qubit[3] q;
      bit[3] c;
      h q[0];
      cx q[0], q[1];
      cx q[1], q[2];
      c = measure q;
      """;

  @Option(names = "--out", defaultValue = "out/demo", description = "Where outputs go.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Seed for data and sampling.")
  long seed;

  @Option(
      names = "--mlruns",
      description =
          "MLflow file store for the demo's runs when no MLFLOW_TRACKING_URI is set (default:"
              + " QSTEP_MLRUNS_DIR or ./mlruns).")
  Path mlruns;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    RunnerConfig config = RunnerConfig.fromEnv(System.getenv());
    TrackingConfig tc = TrackingConfig.fromEnv(System.getenv());
    if (mlruns != null) {
      tc = tc.withLocalDir(mlruns);
    }
    Tracker tracker = Trackers.create(tc);
    // The server owns the tracker: closing it drains the queue, so every run is written below.
    try (StepServer server =
        StepServer.onPort(0, config, BackendRegistry.loadDefault(config.maxQubits()), tracker)
            .start()) {
      w.printf("qstep %s: runner started on localhost:%d%n%n", Main.version(), server.port());
      try (QStepClient client = QStep.connect("localhost:" + server.port())) {
        layer(client, w);
        circuit(client, w);
        shots(client, w);
      }
    }
    w.printf("%noutputs (.npy + result.json) are under %s%n", out.toAbsolutePath());
    tracking(tc, tracker, w);
    w.flush();
    return 0;
  }

  /** Where the demo's runs went and how to look at them. */
  private static void tracking(TrackingConfig tc, Tracker tracker, PrintWriter w) {
    if (!(tracker instanceof AsyncTracker t)) {
      w.println("MLflow tracking is off (QSTEP_TRACKING=off or unusable; see the warnings above)");
      return;
    }
    AsyncTracker.Stats s = t.stats();
    String exp =
        tc.experimentId().isEmpty() ? "'" + tc.experimentName() + "'" : "id " + tc.experimentId();
    if (tc.remote()) {
      w.printf(
          "MLflow: %d runs logged to %s, experiment %s%s; open the server's UI to view them%n",
          s.sent(),
          t.sink().describe(),
          exp,
          s.spooled() > 0
              ? " (" + s.spooled() + " spooled: replay with `qstep tracking replay`)"
              : "");
      return;
    }
    String store = tc.fileStoreDir().toAbsolutePath().normalize().toString();
    w.printf(
        "MLflow: %d runs logged to the file store %s, experiment %s. View them with%n",
        s.sent(), store, exp);
    w.printf("  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri %s%n", store);
    w.printf("or import them into SQLite once (MLflow 3.x's default store) and open that:%n");
    w.printf(
        "  mlflow migrate-filestore --source %s --target sqlite:///mlflow.db%n"
            + "  mlflow ui --backend-store-uri sqlite:///mlflow.db%n",
        store);
  }

  private void layer(QStepClient client, PrintWriter w) {
    int batch = 6, d = 4, depth = 2;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[batch * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(0, Math.PI);
    }
    double[] weights = new double[depth * d * 2];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = rng.nextDouble(-Math.PI, Math.PI);
    }
    StepResult r =
        client.run(
            StepRequest.builder(LayerSpec.defaults())
                .requestId("demo-layer")
                .input("features", Tensor.ofDoubles(x, batch, d))
                .input("weights", Tensor.ofDoubles(weights, depth, d, 2))
                .seed(seed)
                .build());
    w.printf(
        "task layer: %d rows x %d features -> <Z_i> (depth %d, RY encoding, CX chain)%n",
        batch, d, depth);
    double[] e = r.output("expectations").toDoubleArray();
    w.println("  row   <Z0>      <Z1>      <Z2>      <Z3>");
    for (int i = 0; i < batch; i++) {
      w.printf(
          "  %3d  %8.5f  %8.5f  %8.5f  %8.5f%n",
          i, e[i * d], e[i * d + 1], e[i * d + 2], e[i * d + 3]);
    }
    footer(w, r, "layer");
  }

  private void circuit(QStepClient client, PrintWriter w) {
    double[] thetas = {0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4, Math.PI};
    StepResult r =
        client.run(
            StepRequest.builder(new CircuitSpec(BELL_SWEEP, List.of("ZZ", "XX", "ZI")))
                .requestId("demo-circuit")
                .input("params", Tensor.ofDoubles(thetas, thetas.length, 1))
                .seed(seed)
                .build());
    w.println("task circuit: Bell pair with ry(theta) on qubit 1, exact <ZZ>, <XX>, <ZI>");
    w.println("  theta     <ZZ>      cos(theta)  <XX>      <ZI>");
    double[] e = r.output("expectations").toDoubleArray();
    for (int i = 0; i < thetas.length; i++) {
      w.printf(
          "  %6.4f  %8.5f  %8.5f    %8.5f  %8.5f%n",
          thetas[i], e[3 * i], Math.cos(thetas[i]), e[3 * i + 1], e[3 * i + 2]);
    }
    footer(w, r, "circuit");
  }

  private void shots(QStepClient client, PrintWriter w) {
    int shots = 1000;
    StepResult r =
        client.run(
            StepRequest.builder(CircuitSpec.of(GHZ))
                .requestId("demo-ghz")
                .shots(shots)
                .seed(seed)
                .build());
    long[] counts = r.output("counts").toLongArray();
    w.printf("task circuit, %d shots: GHZ on 3 qubits (expect only 000 and 111)%n", shots);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        w.printf("  %s  %4d%n", bits(i, 3), counts[i]);
      }
    }
    footer(w, r, "ghz");
  }

  private void footer(PrintWriter w, StepResult r, String name) {
    Path dir = out.resolve(name);
    ResultFiles.write(r, dir);
    StringBuilder t = new StringBuilder();
    for (Map.Entry<String, Double> e : r.timingsMs().entrySet()) {
      if (e.getValue() > 0) {
        t.append(String.format(" %s %.2f ms", e.getKey(), e.getValue()));
      }
    }
    w.printf(
        "  circuit %s, backend %s, seed %d;%s%n  -> %s%n%n",
        r.circuitVersion().substring(0, 12),
        r.backendName(),
        r.seed(),
        t,
        dir.resolve("result.json"));
  }

  private static String bits(int v, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = n - 1; i >= 0; i--) {
      b.append((v >> i) & 1);
    }
    return b.toString();
  }
}
