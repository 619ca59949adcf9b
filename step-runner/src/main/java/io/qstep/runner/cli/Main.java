package io.qstep.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code qstep}: the step-runner's command line. */
@Command(
    name = "qstep",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A quantum co-processor step for classical ML pipelines.",
    subcommands = {
      ServeCommand.class,
      RunCommand.class,
      CallCommand.class,
      BackendsCommand.class,
      DemoCommand.class,
      TrackingCommand.class,
      KfpCommand.class,
      TranspileCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for bad input. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for any other failure. */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (for tests). */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given streams and returns the exit code. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("qstep: " + e.getMessage());
          return EXIT_FAILURE;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The implementation version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"qstep " + version()};
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
