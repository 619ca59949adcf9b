package io.qstep.runner.cli;

import io.qstep.error.QStepException;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.io.PrintWriter;
import java.util.function.Function;

/** Runs a step for {@code run} and {@code call} and turns failures into exit codes. */
final class StepCommandSupport {
  private StepCommandSupport() {}

  static int execute(
      StepArgs args, Function<StepRequest, StepResult> runner, PrintWriter out, PrintWriter err) {
    try {
      StepRequest req = args.toRequest();
      StepResult r = runner.apply(req);
      ResultFiles.write(r, args.out);
      out.printf(
          "%s on %s: %s -> %s (circuit %s)%n",
          r.task(),
          r.backendName(),
          r.outputs().keySet(),
          args.out.resolve("result.json"),
          r.circuitVersion().isEmpty() ? "-" : r.circuitVersion().substring(0, 12));
      for (String w : r.warnings()) {
        err.println("qstep: warning: " + w);
      }
      return 0;
    } catch (QStepException e) {
      err.println("qstep: " + oneLine(e));
      return exitCode(e);
    }
  }

  static String oneLine(QStepException e) {
    String msg = e.getMessage() == null ? e.reason().name() : e.getMessage().replace('\n', ' ');
    String field = e.field();
    String prefix = field != null && !msg.startsWith(field) ? field + ": " : "";
    return e.reason() + ": " + prefix + msg;
  }

  static int exitCode(QStepException e) {
    return switch (e.category()) {
      case INVALID_ARGUMENT, RESOURCE_EXHAUSTED, NOT_FOUND, FAILED_PRECONDITION, UNIMPLEMENTED ->
          Main.EXIT_BAD_INPUT;
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNAUTHENTICATED, INTERNAL ->
          Main.EXIT_FAILURE;
    };
  }
}
