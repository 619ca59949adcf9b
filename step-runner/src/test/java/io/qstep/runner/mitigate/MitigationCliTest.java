package io.qstep.runner.mitigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.runner.cli.Main;
import io.qstep.tensor.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MitigationCliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static final String BELL =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\nrz(0.4) q[1];\n";

  int cli(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void run_withMitigationParams_writesMitigatedRawAndProvenance() throws Exception {
    Path q = dir.resolve("c.qasm");
    Files.writeString(q, BELL);
    Path o = dir.resolve("out");
    int code =
        cli(
            "run",
            "--task",
            "circuit",
            "--qasm",
            q.toString(),
            "--param",
            "observables=ZZ,XX",
            "--param",
            "mitigation=zne",
            "--param",
            "zne_scales=1,3,5",
            "--param",
            "zne_extrapolator=linear",
            "--seed",
            "1",
            "--out",
            o.toString());
    assertThat(code).as(err.toString()).isZero();
    double[] mit = Npy.read(o.resolve("expectations.npy")).toDoubleArray();
    double[] raw = Npy.read(o.resolve("expectations_raw.npy")).toDoubleArray();
    assertThat(mit).containsExactly(raw, within(1e-10)); // ideal simulator: nothing to mitigate
    assertThat(o.resolve("expectations_uncertainty.npy")).exists();
    assertThat(o.resolve("mitigation.json")).exists();
    JsonObject r =
        JsonParser.parseString(Files.readString(o.resolve("result.json"))).getAsJsonObject();
    assertThat(r.getAsJsonObject("metrics").get("mitigation_extra_executions").getAsDouble())
        .isEqualTo(2.0);
    assertThat(r.getAsJsonObject("timings_ms").keySet()).contains("mitigate");
  }

  @Test
  void run_withBadScales_exitsTwoNamingTheField() throws Exception {
    Path q = dir.resolve("c.qasm");
    Files.writeString(q, BELL);
    int code =
        cli(
            "run",
            "--task",
            "circuit",
            "--qasm",
            q.toString(),
            "--param",
            "mitigation=zne",
            "--param",
            "zne_scales=3,1",
            "--out",
            dir.resolve("o").toString());
    assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("param.zne_scales");
  }
}
