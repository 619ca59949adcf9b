package io.qstep.runner.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire contract across languages: {@code pipelines/tests/grpc_contract.py} generates Python
 * stubs from {@code proto/} with grpcio-tools (into {@code target/python-stubs}), and a Python
 * upstream stage sends NumPy tensors to the packaged step-runner serving on a real port, checking
 * every answer against NumPy (layer simulation, cos θ, exact diagonalisation), the rich error
 * details of a bad request and per-request errors in RunStream. Needs QSTEP_PYTHON with numpy and
 * grpcio-tools (scripts/setup-python.sh).
 */
class PythonGrpcContractIT {
  @TempDir Path dir;

  @Test
  void pythonStubsFromProto_talkToTheJavaRunner() throws Exception {
    String python = System.getenv("QSTEP_PYTHON");
    assumeTrue(python != null && !python.isBlank(), "QSTEP_PYTHON is not set");
    Process probe =
        new ProcessBuilder(python, "-c", "import numpy, grpc_tools, google.rpc.status_pb2").start();
    assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no grpcio-tools");

    ProcessBuilder sb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar",
                Path.of("target", "qstep-step-runner.jar").toAbsolutePath().toString(),
                "serve",
                "--port",
                "0")
            .redirectErrorStream(true);
    sb.environment().put("QSTEP_MLRUNS_DIR", dir.resolve("mlruns").toString());
    Process server = sb.start();
    try {
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertThat(line).contains("serving on port");
      String port = line.replaceAll(".*serving on port (\\d+).*", "$1");
      Path root = Path.of("..").toAbsolutePath().normalize();
      Process py =
          new ProcessBuilder(
                  List.of(
                      python,
                      root.resolve("pipelines/tests/grpc_contract.py").toString(),
                      "127.0.0.1:" + port,
                      Path.of("target", "python-stubs").toAbsolutePath().toString()))
              .redirectErrorStream(true)
              .start();
      String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(py.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(py.exitValue()).as(out).isZero();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
      JsonObject report = JsonParser.parseString(last).getAsJsonObject();
      assertThat(report.get("layer_max_abs_error").getAsDouble()).isLessThan(1e-10);
      assertThat(report.getAsJsonArray("bad_request_fields").toString())
          .contains("inputs[features]");
      assertThat(report.get("stream_error").getAsString()).contains("NaN");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
