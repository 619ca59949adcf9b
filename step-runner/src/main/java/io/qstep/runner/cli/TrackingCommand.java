package io.qstep.runner.cli;

import io.qstep.runner.tracking.MlflowRestSink;
import io.qstep.runner.tracking.Spool;
import io.qstep.runner.tracking.TrackingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qstep tracking}: the MLflow tracking spool. */
@Command(
    name = "tracking",
    mixinStandardHelpOptions = true,
    description = "MLflow tracking: replay runs spooled while the tracking server was unreachable.",
    subcommands = {TrackingCommand.Replay.class})
final class TrackingCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code qstep tracking replay}: sends the spool to MLFLOW_TRACKING_URI now. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Send every spooled run to the tracking server (MLFLOW_TRACKING_URI) now; a run already"
              + " there is not logged twice. Exit 0 when the spool is empty afterwards.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--spool",
        description =
            "spool directory (default: QSTEP_TRACKING_SPOOL_DIR or .qstep/tracking-spool)")
    java.nio.file.Path spoolDir;

    @Option(
        names = "--tracking-uri",
        description = "the tracking server (default: MLFLOW_TRACKING_URI)")
    String trackingUri;

    @Option(
        names = "--include-rejected",
        description = "first move runs the server refused for good back into the spool")
    boolean includeRejected;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      TrackingConfig c = TrackingConfig.fromEnv(System.getenv());
      if (trackingUri != null) {
        c = c.withTrackingUri(trackingUri);
      }
      if (spoolDir != null) {
        c = c.withSpoolDir(spoolDir);
      }
      if (!c.remote()) {
        err.println("qstep: MLFLOW_TRACKING_URI must be an http(s) tracking server to replay to");
        return Main.EXIT_BAD_INPUT;
      }
      Spool spool = new Spool(c.spoolDir());
      if (includeRejected) {
        out.printf("moved %d rejected runs back to the spool%n", spool.requeueRejected());
      }
      try (MlflowRestSink sink = new MlflowRestSink(c)) {
        Spool.ReplayReport r = spool.replay(sink);
        out.printf(
            "replayed %d runs to %s; %d rejected; %d still spooled in %s%n",
            r.sent(), sink.describe(), r.rejected(), Math.max(0, r.remaining()), spool.dir());
        if (r.lastError() != null) {
          err.println("qstep: " + r.lastError());
        }
        return r.remaining() == 0 ? 0 : Main.EXIT_FAILURE;
      }
    }
  }
}
