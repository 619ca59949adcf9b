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

/** {@code qstep run --task sample|compress}, embedded. */
class TnCliTest {
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

  static double[] geometric(int len) {
    double[] p = new double[len];
    double s = 0;
    for (int i = 0; i < len; i++) {
      p[i] = Math.pow(0.8, i);
      s += p[i];
    }
    for (int i = 0; i < len; i++) {
      p[i] /= s;
    }
    return p;
  }

  @Test
  void runSample_writesSamplesCountsAndTvd() throws Exception {
    Npy.write(Tensor.ofDoubles(geometric(32), 32), dir.resolve("p.npy"));
    Path o = dir.resolve("out");
    int code =
        cli(
            "run",
            "--task",
            "sample",
            "-i",
            "probabilities=" + dir.resolve("p.npy"),
            "-p",
            "max_bond=2",
            "--shots",
            "5000",
            "--seed",
            "4",
            "--out",
            o.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Npy.read(o.resolve("samples.npy")).shape()).containsExactly(5000);
    long[] counts = Npy.read(o.resolve("counts.npy")).toLongArray();
    assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(5000);
    JsonObject m = result(o).getAsJsonObject("metrics");
    // a geometric distribution's amplitudes are a product state: bond 1 is exact
    assertThat(m.get("relative_error").getAsDouble()).isLessThan(1e-12);
    assertThat(m.get("tvd").getAsDouble())
        .isLessThan(m.get("tvd_shot_noise").getAsDouble() + 3 / Math.sqrt(5000));
    assertThat(result(o).get("task").getAsString()).isEqualTo("sample");
  }

  @Test
  void runSample_negativeProbability_exitsTwoNamingTheField() throws Exception {
    double[] p = geometric(8);
    p[1] = -0.01;
    Npy.write(Tensor.ofDoubles(p, 8), dir.resolve("p.npy"));
    int code =
        cli(
            "run",
            "--task",
            "sample",
            "-i",
            "probabilities=" + dir.resolve("p.npy"),
            "--shots",
            "10",
            "--out",
            dir.resolve("o").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("inputs[probabilities]");
  }

  @Test
  void runCompress_ttThenPcaFitAndApply() throws Exception {
    double[] x = new double[40 * 16];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i * 0.1) + 0.01 * rng.nextDouble();
    }
    Npy.write(Tensor.ofDoubles(x, 40, 16), dir.resolve("x.npy"));
    Path tt = dir.resolve("tt");
    assertThat(
            cli(
                "run",
                "--task",
                "compress",
                "-i",
                "x=" + dir.resolve("x.npy"),
                "-p",
                "method=tt",
                "-p",
                "epsilon=0.05",
                "--out",
                tt.toString()))
        .as(err.toString())
        .isZero();
    JsonObject m = result(tt).getAsJsonObject("metrics");
    assertThat(m.get("relative_error").getAsDouble()).isLessThanOrEqualTo(0.05);
    assertThat(Npy.read(tt.resolve("ranks.npy")).shape()).containsExactly(40, 5);

    Path fit = dir.resolve("fit");
    assertThat(
            cli(
                "run",
                "--task",
                "compress",
                "-i",
                "x=" + dir.resolve("x.npy"),
                "-p",
                "method=pca",
                "-p",
                "components=3",
                "--out",
                fit.toString()))
        .as(err.toString())
        .isZero();
    Path serve = dir.resolve("serve");
    assertThat(
            cli(
                "run",
                "--task",
                "compress",
                "-i",
                "x=" + dir.resolve("x.npy"),
                "-i",
                "components=" + fit.resolve("components.npy"),
                "-i",
                "mean=" + fit.resolve("mean.npy"),
                "-p",
                "method=pca",
                "--out",
                serve.toString()))
        .as(err.toString())
        .isZero();
    double[] a = Npy.read(fit.resolve("projection.npy")).toDoubleArray();
    double[] b = Npy.read(serve.resolve("projection.npy")).toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-12));
    }
    assertThat(Files.readString(serve.resolve("version.json")))
        .isEqualTo(Files.readString(fit.resolve("version.json")));
  }

  @Test
  void runCompress_badEpsilon_exitsTwoNamingTheParameter() throws Exception {
    Npy.write(Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 4), dir.resolve("x.npy"));
    int code =
        cli(
            "run",
            "--task",
            "compress",
            "-i",
            "x=" + dir.resolve("x.npy"),
            "-p",
            "epsilon=-1",
            "--out",
            dir.resolve("o").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("param.epsilon");
  }
}
