package io.qstep.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code qstep run --task kernel} on .npy files, in process. */
class KernelCliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int cli(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void run_kernelFromNpy_writesGramCrossAndResultJson() throws Exception {
    Npy.write(
        Tensor.ofDoubles(new double[] {0.1, 0.2, 0.3, -0.4, 1.0, 0.5}, 3, 2), dir.resolve("x.npy"));
    Npy.write(Tensor.ofDoubles(new double[] {0.0, 0.7}, 1, 2), dir.resolve("t.npy"));
    Path o = dir.resolve("out");
    int code =
        cli(
            "run",
            "--task",
            "kernel",
            "--input",
            "x_train=" + dir.resolve("x.npy"),
            "--input",
            "x_test=" + dir.resolve("t.npy"),
            "-p",
            "feature_map=iqp",
            "-p",
            "reps=3",
            "-p",
            "feature_scale=0.5",
            "--seed",
            "2",
            "--out",
            o.toString());
    assertThat(code).as(err.toString()).isZero();
    Tensor g = Npy.read(o.resolve("gram.npy"));
    assertThat(g.shape()).containsExactly(3, 3);
    assertThat(Npy.read(o.resolve("cross.npy")).shape()).containsExactly(1, 3);
    JsonObject r =
        JsonParser.parseString(Files.readString(o.resolve("result.json"))).getAsJsonObject();
    assertThat(r.get("task").getAsString()).isEqualTo("kernel");
    assertThat(r.getAsJsonObject("metrics").get("reps").getAsDouble()).isEqualTo(3.0);
    assertThat(r.getAsJsonObject("outputs").keySet()).containsExactly("gram", "cross");
  }

  @Test
  void run_kernelWithRepsZero_exitsTwoNamingTheParameter() throws Exception {
    Npy.write(Tensor.ofDoubles(new double[] {0.1, 0.2}, 1, 2), dir.resolve("x.npy"));
    int code =
        cli(
            "run",
            "--task",
            "kernel",
            "--input",
            "x_train=" + dir.resolve("x.npy"),
            "-p",
            "reps=0",
            "--out",
            dir.resolve("o").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("param.reps");
  }
}
