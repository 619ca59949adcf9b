package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: separate processes, a server on a real port. */
class CliIT {
  @TempDir Path dir;

  static Path jar() {
    return Path.of("target", "qstep-step-runner.jar").toAbsolutePath();
  }

  static ProcessBuilder qstep(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  @Test
  void serveThenCall_roundTripsThroughTheServer() throws Exception {
    Process server = qstep("serve", "--port", "0").redirectErrorStream(true).start();
    try {
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).contains("serving on port");
      String port = line.replaceAll(".*serving on port (\\d+).*", "$1");
      Npy.write(Tensor.ofDoubles(new double[] {0.0, Math.PI / 2}, 2, 1), dir.resolve("theta.npy"));
      Path q = dir.resolve("sweep.qasm");
      Files.writeString(q, DemoCommand.BELL_SWEEP);
      Path o = dir.resolve("out");
      Process call =
          qstep(
                  "call",
                  "--target",
                  "localhost:" + port,
                  "--task",
                  "circuit",
                  "--qasm",
                  q.toString(),
                  "-i",
                  "params=" + dir.resolve("theta.npy"),
                  "-p",
                  "observables=ZZ,XX",
                  "--out",
                  o.toString())
              .redirectErrorStream(true)
              .start();
      String callOut = new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(call.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(call.exitValue()).as(callOut).isZero();
      double[] e = Npy.read(o.resolve("expectations.npy")).toDoubleArray();
      assertThat(e[0]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(e[2]).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
      var json = JsonParser.parseString(Files.readString(o.resolve("result.json")));
      assertThat(json.getAsJsonObject().get("task").getAsString()).isEqualTo("circuit");

      Process bad =
          qstep(
                  "call",
                  "--target",
                  "localhost:" + port,
                  "--task",
                  "circuit",
                  "--qasm",
                  q.toString(),
                  "--out",
                  o.toString())
              .start();
      String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(bad.exitValue()).isEqualTo(2);
      assertThat(err.strip().lines()).hasSize(1);
      assertThat(err).contains("inputs[params]");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
