package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstep run --task sample} and {@code call} against a served runner, as processes. */
class SampleCliIT {
  @TempDir Path dir;

  @Test
  void sampleThroughTheServer_matchesEmbeddedRun() throws Exception {
    int bins = 64;
    double[] p = new double[bins];
    double s = 0;
    for (int i = 0; i < bins; i++) {
      p[i] = Math.exp(-Math.pow((i - 20) / 8.0, 2)) + 0.3 * Math.exp(-Math.pow((i - 45) / 4.0, 2));
      s += p[i];
    }
    for (int i = 0; i < bins; i++) {
      p[i] /= s;
    }
    Path in = dir.resolve("p.npy");
    Npy.write(Tensor.ofDoubles(p, bins), in);
    Process server = CliIT.qstep("serve", "--port", "0").redirectErrorStream(true).start();
    try {
      var r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).contains("serving on port");
      String port = line.replaceAll(".*serving on port (\\d+).*", "$1");
      Path remote = dir.resolve("remote");
      Process call =
          CliIT.qstep(
                  "call",
                  "--target",
                  "localhost:" + port,
                  "--task",
                  "sample",
                  "-i",
                  "probabilities=" + in,
                  "-p",
                  "max_bond=4",
                  "--shots",
                  "4000",
                  "--seed",
                  "9",
                  "--out",
                  remote.toString())
              .redirectErrorStream(true)
              .start();
      String callOut = new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(call.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(call.exitValue()).as(callOut).isZero();
      Path local = dir.resolve("local");
      Process run =
          CliIT.qstep(
                  "run",
                  "--task",
                  "sample",
                  "-i",
                  "probabilities=" + in,
                  "-p",
                  "max_bond=4",
                  "--shots",
                  "4000",
                  "--seed",
                  "9",
                  "--out",
                  local.toString())
              .redirectErrorStream(true)
              .start();
      String runOut = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(run.exitValue()).as(runOut).isZero();
      assertThat(Npy.read(remote.resolve("samples.npy")).toLongArray())
          .containsExactly(Npy.read(local.resolve("samples.npy")).toLongArray());
      JsonObject m =
          JsonParser.parseString(Files.readString(remote.resolve("result.json")))
              .getAsJsonObject()
              .getAsJsonObject("metrics");
      assertThat(m.get("fidelity").getAsDouble()).isGreaterThan(0.99);
      assertThat(m.get("tvd").getAsDouble()).isLessThan(0.1);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
