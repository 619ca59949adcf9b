package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int cli(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  JsonObject result(Path outDir) throws Exception {
    return JsonParser.parseString(Files.readString(outDir.resolve("result.json")))
        .getAsJsonObject();
  }

  @Test
  void run_layerFromNpy_writesOutputsAndResultJson() throws Exception {
    Npy.write(Tensor.ofDoubles(new double[] {0.3, -0.2, 1.0, 0.5}, 2, 2), dir.resolve("x.npy"));
    Npy.write(Tensor.ofDoubles(new double[] {0.1, 0.2, 0.3, 0.4}, 1, 2, 2), dir.resolve("w.npy"));
    Path o = dir.resolve("out");
    int code =
        cli(
            "run",
            "--task",
            "layer",
            "--input",
            "features=" + dir.resolve("x.npy"),
            "--input",
            "weights=" + dir.resolve("w.npy"),
            "--seed",
            "3",
            "--out",
            o.toString());
    assertThat(code).as(err.toString()).isZero();
    Tensor e = Npy.read(o.resolve("expectations.npy"));
    assertThat(e.shape()).containsExactly(2, 2);
    assertThat(e.toDoubleArray()[0]).isCloseTo(Math.cos(0.3 + 0.1), within(1e-12));
    JsonObject r = result(o);
    assertThat(r.get("task").getAsString()).isEqualTo("layer");
    assertThat(r.get("backend").getAsString()).isEqualTo("statevector");
    assertThat(r.get("circuit_version").getAsString()).hasSize(64);
    assertThat(
            r.getAsJsonObject("outputs").getAsJsonObject("expectations").get("file").getAsString())
        .isEqualTo("expectations.npy");
    assertThat(r.getAsJsonObject("timings_ms").keySet()).contains("decode", "execute", "track");
    assertThat(r.get("seed").getAsString()).isEqualTo("3");
  }

  @Test
  void run_circuitWithQasmFileAndShots_writesCounts() throws Exception {
    Path q = dir.resolve("ghz.qasm");
    Files.writeString(q, DemoCommand.GHZ);
    Path o = dir.resolve("out");
    int code =
        cli(
            "run",
            "--task",
            "circuit",
            "--qasm",
            q.toString(),
            "--shots",
            "256",
            "--seed",
            "1",
            "--out",
            o.toString());
    assertThat(code).as(err.toString()).isZero();
    long[] counts = Npy.read(o.resolve("counts.npy")).toLongArray();
    assertThat(counts[0] + counts[7]).isEqualTo(256);
  }

  @Test
  void run_nanInput_exitsTwoWithOneLineNamingTheField() throws Exception {
    Npy.write(Tensor.ofDoubles(new double[] {Double.NaN, 1}, 1, 2), dir.resolve("x.npy"));
    Npy.write(Tensor.ofDoubles(new double[4], 1, 2, 2), dir.resolve("w.npy"));
    int code =
        cli(
            "run",
            "--task",
            "layer",
            "-i",
            "features=" + dir.resolve("x.npy"),
            "-i",
            "weights=" + dir.resolve("w.npy"),
            "--out",
            dir.resolve("o").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("inputs[features]");
  }

  @Test
  void run_unknownParameter_exitsTwoNamingIt() {
    int code = cli("run", "--task", "layer", "-p", "dpeth=2", "--out", dir.resolve("o").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("param.dpeth");
  }

  @Test
  void run_unknownTask_exitsTwo() {
    assertThat(cli("run", "--task", "teleport", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown task");
  }

  @Test
  void run_missingFile_exitsTwoNamingTheInput() {
    int code =
        cli(
            "run",
            "--task",
            "layer",
            "-i",
            "features=" + dir.resolve("nope.npy"),
            "--out",
            dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("inputs[features]");
  }

  @Test
  void backends_json_listsStatevector() {
    assertThat(cli("backends", "--json")).isZero();
    assertThat(out.toString()).contains("\"statevector\"").contains("\"strange\"");
  }

  @Test
  void demo_runsEndToEndOverGrpc() throws Exception {
    Path o = dir.resolve("demo");
    Path mlruns = dir.resolve("mlruns");
    assertThat(cli("demo", "--out", o.toString(), "--mlruns", mlruns.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("task layer").contains("task circuit").contains("111");
    if (System.getenv("MLFLOW_TRACKING_URI") == null
        && !"off".equals(System.getenv("QSTEP_TRACKING"))) {
      assertThat(out.toString())
          .contains("runs logged to the file store " + mlruns.toAbsolutePath())
          .contains("mlflow ui --backend-store-uri")
          .contains("mlflow migrate-filestore --source " + mlruns.toAbsolutePath());
      assertThat(out.toString()).doesNotContain(" 0 runs logged");
    }
    assertThat(o.resolve("layer/expectations.npy")).exists();
    assertThat(o.resolve("circuit/result.json")).exists();
  }
}
