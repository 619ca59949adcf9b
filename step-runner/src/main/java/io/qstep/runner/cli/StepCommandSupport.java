package io.qstep.runner.cli;

import io.qstep.error.QStepException;
import io.qstep.task.QpuProvenance;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import java.io.PrintWriter;
import java.util.Locale;
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
      printQpu(r, out);
      for (String w : r.warnings()) {
        err.println("qstep: warning: " + w);
      }
      return 0;
    } catch (QStepException e) {
      err.println("qstep: " + oneLine(e));
      return exitCode(e);
    }
  }

  /** One line per QPU execution (or failover) of the step. */
  static void printQpu(StepResult r, PrintWriter out) {
    for (QpuProvenance q : r.qpu()) {
      if (q.failedOver()) {
        out.printf(
            "qpu: %s/%s failed over to %s (%s)%n",
            q.provider(),
            q.device(),
            q.failover(),
            q.details().getOrDefault("failover_reason", ""));
      } else {
        out.printf(
            Locale.ROOT,
            "qpu: %s/%s job %s%s, %d shots, queue %.1f s, execution %.3f s, ~$%.2f,"
                + " calibration %s%n",
            q.provider(),
            q.device(),
            q.providerJobId(),
            q.resumed() ? " (resumed)" : "",
            q.shots(),
            q.queueMs() / 1000,
            q.executionMs() / 1000,
            q.costEstimateUsd(),
            q.calibrationId().isEmpty() ? "-" : q.calibrationId());
      }
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
