package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.task.QpuProvenance;
import io.qstep.task.StepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepCommandSupportTest {
  @Test
  void printQpu_oneLinePerExecution_andFailoversSayWhatRanInstead() {
    StepResult r =
        new StepResult(
            "rid",
            "circuit",
            Map.of(),
            Map.of(),
            "",
            "ibm",
            "ibm:ibm_fake",
            Map.of(),
            List.of(),
            1,
            List.of(
                new QpuProvenance(
                    "ibm",
                    "ibm_fake",
                    "",
                    "d123",
                    "k",
                    true,
                    1000,
                    2500,
                    1234,
                    4.8,
                    "ibm_fake@2026-01-01T06:00:00Z",
                    0,
                    "",
                    "",
                    Map.of(),
                    "",
                    Map.of()),
                QpuProvenance.failover(
                    "ibm", "ibm_fake", 1000, "simulator:statevector", "device offline")));
    StringWriter s = new StringWriter();
    StepCommandSupport.printQpu(r, new PrintWriter(s, true));
    assertThat(s.toString().lines())
        .containsExactly(
            "qpu: ibm/ibm_fake job d123 (resumed), 1000 shots, queue 2.5 s, execution 1.234 s,"
                + " ~$4.80, calibration ibm_fake@2026-01-01T06:00:00Z",
            "qpu: ibm/ibm_fake failed over to simulator:statevector (device offline)");
  }
}
