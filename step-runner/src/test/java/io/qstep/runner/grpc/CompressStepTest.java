package io.qstep.runner.grpc;

import static io.qstep.runner.grpc.InProcessRunner.field;
import static io.qstep.runner.grpc.InProcessRunner.proto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qstep.internal.ProtoConverter;
import io.qstep.runner.compress.Digits;
import io.qstep.task.CompressSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task {@code compress} end to end through the in-process gRPC server. */
class CompressStepTest {
  static InProcessRunner runner;

  @BeforeAll
  static void start() {
    runner = new InProcessRunner();
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  static StepResult run(StepRequest r) {
    return ProtoConverter.fromProto(runner.stub.run(proto(r)));
  }

  static double[] flat(double[][] rows, int from, int to) {
    int d = rows[0].length;
    double[] x = new double[(to - from) * d];
    for (int r = from; r < to; r++) {
      System.arraycopy(rows[r], 0, x, (r - from) * d, d);
    }
    return x;
  }

  /** Contracts train {@code t} of the flat cores output, independently of TensorTrain. */
  static double[] contract(double[] cores, long[] ranks, long[] dims, int t) {
    int modes = dims.length;
    int off = 0;
    for (int s = 0; s < t; s++) {
      for (int k = 0; k < modes; k++) {
        off += (int) (ranks[s * (modes + 1) + k] * dims[k] * ranks[s * (modes + 1) + k + 1]);
      }
    }
    double[] v = {1};
    int prefix = 1;
    for (int k = 0; k < modes; k++) {
      int rl = (int) ranks[t * (modes + 1) + k];
      int rr = (int) ranks[t * (modes + 1) + k + 1];
      int n = (int) dims[k];
      double[] next = new double[prefix * n * rr];
      for (int p = 0; p < prefix; p++) {
        for (int a = 0; a < rl; a++) {
          for (int i = 0; i < n; i++) {
            for (int b = 0; b < rr; b++) {
              next[(p * n + i) * rr + b] += v[p * rl + a] * cores[off + (a * n + i) * rr + b];
            }
          }
        }
      }
      off += rl * n * rr;
      v = next;
      prefix *= n;
    }
    return v;
  }

  static void assertInvalid(StepRequest r, String field) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> runner.stub.run(proto(r)));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(field(e)).isEqualTo(field);
  }

  @Test
  void digitsRows_tt_reportsTheTrueErrorAndRatio() {
    double[][] digits = Digits.images();
    double[] x = flat(digits, 0, 100);
    StepResult r =
        run(
            StepRequest.builder(CompressSpec.tt(0, 4))
                .input("x", Tensor.ofDoubles(x, 100, 64))
                .seed(1)
                .build());
    double[] cores = r.output("cores").toDoubleArray();
    long[] ranks = r.output("ranks").toLongArray();
    long[] dims = r.output("dims").toLongArray();
    assertThat(r.output("ranks").shape()).containsExactly(100, 7);
    assertThat(dims).containsOnly(2L).hasSize(6);
    double num = 0;
    double den = 0;
    for (int t = 0; t < 100; t++) {
      double[] rec = contract(cores, ranks, dims, t);
      for (int j = 0; j < 64; j++) {
        num += Math.pow(rec[j] - digits[t][j], 2);
        den += digits[t][j] * digits[t][j];
      }
    }
    assertThat(r.metrics().get("relative_error")).isCloseTo(Math.sqrt(num / den), within(1e-10));
    assertThat(r.metrics().get("relative_error")).isLessThan(0.15);
    assertThat(r.metrics().get("compression_ratio")).isCloseTo(6400.0 / cores.length, within(1e-9));
    assertThat(r.metrics().get("max_rank")).isLessThanOrEqualTo(4.0);
    assertThat(r.metrics()).containsKey("compress_ms");
    assertThat(r.timingsMs()).containsKey("compress");
  }

  @Test
  void tensorLayout_epsilonBudget_andReconstruction() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] x = new double[6 * 5 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    StepResult r =
        run(
            StepRequest.builder(new CompressSpec("tt", 0.3, 0, 0, false, "", false, true))
                .input("x", Tensor.ofDoubles(x, 6, 5, 4))
                .build());
    assertThat(r.output("dims").toLongArray()).containsExactly(6, 5, 4);
    double[] rec = r.output("reconstruction").toDoubleArray();
    assertThat(r.output("reconstruction").shape()).containsExactly(6, 5, 4);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (rec[i] - x[i]) * (rec[i] - x[i]);
      den += x[i] * x[i];
    }
    assertThat(Math.sqrt(num / den))
        .isLessThanOrEqualTo(0.3)
        .isCloseTo(r.metrics().get("relative_error"), within(1e-10));
  }

  @Test
  void pca_fitOnTrain_thenApplyTheArtifactAtServeTime_givesTheSameProjection() {
    double[][] digits = Digits.images();
    double[] train = flat(digits, 0, 1000);
    double[] test = flat(digits, 1000, 1100);
    StepResult fit =
        run(
            StepRequest.builder(CompressSpec.pca(16, 0, false))
                .input("x", Tensor.ofDoubles(train, 1000, 64))
                .build());
    assertThat(fit.output("components").shape()).containsExactly(16, 64);
    assertThat(fit.output("explained_variance").shape()).containsExactly(16);
    String version = fit.output("version").toStringList().get(0);
    StepResult serve =
        run(
            StepRequest.builder(CompressSpec.pca(0, 0, false))
                .input("x", Tensor.ofDoubles(test, 100, 64))
                .input("components", fit.output("components"))
                .input("mean", fit.output("mean"))
                .build());
    assertThat(serve.output("version").toStringList()).containsExactly(version);
    assertThat(serve.output("projection").shape()).containsExactly(100, 16);
    // the projection of test rows equals (x - mean) C^T with the fitted artifact
    double[] c = fit.output("components").toDoubleArray();
    double[] mean = fit.output("mean").toDoubleArray();
    double[] z = serve.output("projection").toDoubleArray();
    for (int r = 0; r < 100; r += 17) {
      for (int k = 0; k < 16; k++) {
        double s = 0;
        for (int j = 0; j < 64; j++) {
          s += (test[r * 64 + j] - mean[j]) * c[k * 64 + j];
        }
        assertThat(z[r * 16 + k]).isCloseTo(s, within(1e-9));
      }
    }
    assertThat(fit.metrics().get("explained_variance_kept")).isGreaterThan(0.8);
  }

  @Test
  void badInputs_nameTheField() {
    double[] x = new double[8];
    Arrays.fill(x, 1);
    Tensor t = Tensor.ofDoubles(x, 2, 4);
    assertInvalid(
        StepRequest.builder(CompressSpec.tt(-0.1, 0)).input("x", t).build(), "param.epsilon");
    assertInvalid(
        StepRequest.builder(CompressSpec.tt(0, -1)).input("x", t).build(), "param.max_bond");
    assertInvalid(
        StepRequest.builder(new CompressSpec("zip", 0, 0, 0, false, "", false, false))
            .input("x", t)
            .build(),
        "param.method");
    double[] bad = x.clone();
    bad[3] = Double.NaN;
    assertInvalid(
        StepRequest.builder(CompressSpec.tt(0, 2)).input("x", Tensor.ofDoubles(bad, 2, 4)).build(),
        "inputs[x]");
    // a row length that is not a power of two is refused unless pad=true
    Tensor six = Tensor.ofDoubles(new double[12], 2, 6);
    assertInvalid(StepRequest.builder(CompressSpec.tt(0, 2)).input("x", six).build(), "inputs[x]");
    StepResult padded =
        run(
            StepRequest.builder(new CompressSpec("tt", 0, 2, 0, false, "", true, true))
                .input(
                    "x", Tensor.ofDoubles(new double[] {1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1}, 2, 6))
                .build());
    assertThat(padded.output("reconstruction").shape()).containsExactly(2, 8);
    assertThat(padded.warnings()).anyMatch(w -> w.contains("zero-padded from 6 to 8"));
    assertInvalid(
        StepRequest.builder(CompressSpec.pca(0, 0, false))
            .input("x", t)
            .input("components", Tensor.ofDoubles(new double[6], 2, 3))
            .input("mean", Tensor.ofDoubles(new double[4], 4))
            .build(),
        "inputs[components]");
    assertInvalid(
        StepRequest.builder(CompressSpec.pca(0, 0, false))
            .input("x", t)
            .input("mean", Tensor.ofDoubles(new double[4], 4))
            .build(),
        "inputs[components]");
    assertInvalid(
        StepRequest.builder(CompressSpec.pca(9, 0, false)).input("x", t).build(),
        "param.components");
  }
}
