package io.qstep.runner.task;

import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.compress.Pca;
import io.qstep.runner.compress.TtSvd;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.tracking.ModelRegistration;
import io.qstep.task.CompressSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Task {@code compress}: the Compress stage on its own, no circuit and no backend.
 *
 * <p>{@code method=tt}: TT-SVD of each row of {@code x} (rank 1 or 2, layout "rows", qubit modes of
 * size 2), or of the whole tensor over its own modes (rank ≥ 3, or layout "tensor"), with budget ε
 * and/or bond χ. {@code method=pca}: fits a PCA on the batch {@code x} [N, d], or applies the
 * artifact given as inputs {@code components} [k, d] and {@code mean} [d] unchanged.
 */
final class CompressTask {
  private CompressTask() {}

  static final String INPUT = "x";

  private enum Method {
    TT,
    PCA
  }

  static TaskOutput run(StepRequest req, CompressSpec spec, RunnerConfig config, StepContext ctx) {
    Method method =
        switch (spec.method().toLowerCase(Locale.ROOT)) {
          case "", "tt", "mps" -> Method.TT;
          case "pca", "svd" -> Method.PCA;
          default ->
              throw QStepException.invalid(
                  "param.method", "param.method: tt or pca, got '" + spec.method() + "'");
        };
    if (spec.epsilon() < 0 || spec.epsilon() > 1 || Double.isNaN(spec.epsilon())) {
      throw QStepException.invalid(
          "param.epsilon",
          "param.epsilon must be in (0, 1] (a relative error; 0 = none), got " + spec.epsilon());
    }
    if (spec.maxBond() < 0) {
      throw QStepException.invalid(
          "param.max_bond", "param.max_bond must be >= 1 (0 = unlimited), got " + spec.maxBond());
    }
    Tensor t = Inputs.required(req, INPUT);
    TaskOutput out = new TaskOutput();
    out.metrics.put("compress_ms", 0.0);
    double[] x = ctx.time(StageName.DECODE, () -> decode(t, config));
    if (method == Method.TT) {
      ctx.time(
          StageName.COMPRESS,
          () -> {
            tt(t, x, spec, ctx, out);
            return null;
          });
    } else {
      ctx.time(
          StageName.COMPRESS,
          () -> {
            pca(req, t, x, spec, ctx, out);
            return null;
          });
    }
    ctx.addWallMs(StageName.ENCODE, 0);
    ctx.addWallMs(StageName.EXECUTE, 0);
    return out;
  }

  private static double[] decode(Tensor t, RunnerConfig config) {
    if (t.shape().length == 0) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          Inputs.field(INPUT),
          "inputs[x]: a scalar cannot be compressed");
    }
    if (t.shape().length == 2) {
      Inputs.checkRows(INPUT, t.shape()[0], config);
    }
    return Inputs.finiteReals(INPUT, t, t.shape().length);
  }

  private static void tt(Tensor t, double[] x, CompressSpec spec, StepContext ctx, TaskOutput out) {
    String field = Inputs.field(INPUT);
    long[] shape = t.shape();
    String layout = spec.layout().toLowerCase(Locale.ROOT);
    if (!layout.isEmpty() && !layout.equals("rows") && !layout.equals("tensor")) {
      throw QStepException.invalid(
          "param.layout", "param.layout: rows or tensor, got '" + spec.layout() + "'");
    }
    boolean perRow = shape.length == 1 || (shape.length == 2 && !layout.equals("tensor"));
    TtSvd.Options opt =
        new TtSvd.Options(spec.epsilon(), spec.maxBond(), spec.randomized(), ctx.seed());
    int trains;
    int width;
    int[] dims;
    double[][] rows;
    if (perRow) {
      trains = shape.length == 1 ? 1 : (int) shape[0];
      int len = (int) shape[shape.length - 1];
      width = len;
      if (len < 2 || Integer.bitCount(len) != 1) {
        if (!spec.pad()) {
          throw new QStepException(
              ErrorReason.INVALID_TENSOR,
              field,
              field
                  + ": row length "
                  + len
                  + " is not a power of two; refused (pad=true zero-pads rows to "
                  + Math.max(2, Integer.highestOneBit(Math.max(1, len)) * 2)
                  + ", or layout=tensor for a rank-2 input)");
        }
        width = Math.max(2, Integer.highestOneBit(len) * 2);
        ctx.warn("compress: rows zero-padded from " + len + " to " + width + " values");
      }
      dims = TtSvd.qubitDims(width);
      rows = new double[trains][];
      for (int r = 0; r < trains; r++) {
        rows[r] = Arrays.copyOf(Arrays.copyOfRange(x, r * len, (r + 1) * len), width);
      }
    } else {
      trains = 1;
      dims = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        dims[i] = (int) shape[i];
      }
      width = x.length;
      rows = new double[][] {x};
    }
    List<double[]> cores = new ArrayList<>();
    long[] ranks = new long[trains * (dims.length + 1)];
    long params = 0;
    double err2 = 0;
    double norm2 = 0;
    double ms = 0;
    int maxRank = 1;
    double[] recon = spec.reconstruct() ? new double[trains * width] : null;
    for (int r = 0; r < trains; r++) {
      ctx.checkpoint();
      TtSvd.Result res = TtSvd.decompose(rows[r], dims, opt);
      int[] rk = res.ranks();
      for (int i = 0; i < rk.length; i++) {
        ranks[r * rk.length + i] = rk[i];
      }
      for (int k = 0; k < dims.length; k++) {
        cores.add(res.train().core(k));
      }
      params += res.train().parameters();
      err2 += res.relativeError() * res.relativeError() * res.norm() * res.norm();
      norm2 += res.norm() * res.norm();
      ms += res.wallMs();
      maxRank = Math.max(maxRank, res.train().maxRank());
      if (recon != null) {
        System.arraycopy(res.train().reconstruct(), 0, recon, r * width, width);
      }
    }
    double[] flat = new double[(int) params];
    int pos = 0;
    for (double[] c : cores) {
      System.arraycopy(c, 0, flat, pos, c.length);
      pos += c.length;
    }
    long[] dimsOut = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      dimsOut[i] = dims[i];
    }
    out.outputs.put("cores", Tensor.ofDoubles(flat, flat.length));
    out.outputs.put("ranks", Tensor.ofLongs(ranks, trains, dims.length + 1));
    out.outputs.put("dims", Tensor.ofLongs(dimsOut, dims.length));
    if (recon != null) {
      long[] rs =
          perRow ? (shape.length == 1 ? new long[] {width} : new long[] {trains, width}) : shape;
      out.outputs.put("reconstruction", Tensor.ofDoubles(recon, rs));
    }
    out.metrics.put("trains", (double) trains);
    out.metrics.put("compression_ratio", (double) trains * width / params);
    out.metrics.put("relative_error", norm2 > 0 ? Math.sqrt(err2 / norm2) : 0);
    out.metrics.put("max_rank", (double) maxRank);
    out.metrics.put("parameters", (double) params);
    out.metrics.put("compress_ms", ms);
  }

  private static void pca(
      StepRequest req, Tensor t, double[] x, CompressSpec spec, StepContext ctx, TaskOutput out) {
    String field = Inputs.field(INPUT);
    if (t.shape().length != 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          field,
          field + ": PCA needs a batch [N, d], got shape " + Arrays.toString(t.shape()));
    }
    int rows = (int) t.shape()[0];
    int d = (int) t.shape()[1];
    long t0 = System.nanoTime();
    var comp = Inputs.optional(req, "components");
    var mean = Inputs.optional(req, "mean");
    Pca.Model model;
    if (comp.isPresent() || mean.isPresent()) {
      if (comp.isEmpty() || mean.isEmpty()) {
        String missing = comp.isEmpty() ? "components" : "mean";
        throw new QStepException(
            ErrorReason.MISSING_FIELD,
            Inputs.field(missing),
            Inputs.field(missing) + " is required with the other half of a PCA artifact");
      }
      double[] c = Inputs.finiteReals("components", comp.get(), 2);
      double[] m = Inputs.finiteReals("mean", mean.get(), 1);
      int k = (int) comp.get().shape()[0];
      if (comp.get().shape()[1] != d || m.length != d || k < 1) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            Inputs.field("components"),
            "inputs[components] "
                + Arrays.toString(comp.get().shape())
                + " and inputs[mean] ["
                + m.length
                + "] must be [k, "
                + d
                + "] and ["
                + d
                + "] to apply to x with "
                + d
                + " columns");
      }
      model = new Pca.Model(c, k, d, m, new double[0], new double[0]);
      ctx.warn("compress: applied the given PCA artifact " + model.version() + " unchanged");
    } else {
      model =
          Pca.fit(
              x, rows, d, spec.components(), spec.epsilon(), spec.randomized(), ctx.seed(), field);
      out.outputs.put("explained_variance", Tensor.ofDoubles(model.explainedVariance(), model.k()));
      out.outputs.put(
          "explained_variance_ratio", Tensor.ofDoubles(model.explainedVarianceRatio(), model.k()));
      double kept = 0;
      for (double v : model.explainedVarianceRatio()) {
        kept += v;
      }
      out.metrics.put("explained_variance_kept", kept);
    }
    double[] z = model.project(x, rows, field);
    double[] back = model.reconstruct(z, rows);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - back[i]) * (x[i] - back[i]);
      den += x[i] * x[i];
    }
    int k = model.k();
    out.outputs.put("projection", Tensor.ofDoubles(z, rows, k));
    out.outputs.put("components", Tensor.ofDoubles(model.components(), k, d));
    out.outputs.put("mean", Tensor.ofDoubles(model.mean(), d));
    out.outputs.put(
        "version", Tensor.ofBytes(List.of(model.version().getBytes(StandardCharsets.UTF_8)), 1));
    out.metrics.put("components", (double) k);
    out.metrics.put("relative_error", den > 0 ? Math.sqrt(num / den) : 0);
    out.metrics.put(
        "compression_ratio", (double) rows * d / ((double) rows * k + (double) k * d + d));
    out.metrics.put("compress_ms", (System.nanoTime() - t0) / 1e6);
    if (model.explainedVariance().length == k) {
      attachFitted(req, model, rows, ctx, out);
    }
  }

  /** Default registered-model name of a fitted projection; request parameter {@code model_name}. */
  static final String DEFAULT_MODEL_NAME = "qstep-pca";

  /**
   * A fitted projection goes into the step's MLflow run as {@code models/pca/} (the saved artifact)
   * and is registered as a version of model {@code model_name}, so that serving loads exactly what
   * training fitted.
   */
  static void attachFitted(
      StepRequest req, Pca.Model model, int rows, StepContext ctx, TaskOutput out) {
    String name = req.parameters().getOrDefault("model_name", DEFAULT_MODEL_NAME);
    ModelRegistration reg;
    try {
      reg =
          new ModelRegistration(
              name,
              "models/pca",
              "PCA projection fitted by qstep on " + rows + " rows",
              Map.of(
                  "qstep.format", Pca.FORMAT,
                  "qstep.pca_version", model.version(),
                  "qstep.components", Integer.toString(model.k()),
                  "qstep.input_dim", Integer.toString(model.components().length / model.k())));
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid("param.model_name", "param.model_name: " + e.getMessage());
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("qstep-pca");
      model.save(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          out.artifacts.put("models/pca/" + f.getFileName(), Files.readAllBytes(f));
        }
      }
      out.models.add(reg);
    } catch (IOException e) {
      // The projection is in the outputs; only its tracked copy is lost.
      ctx.warn("compress: the fitted PCA artifact was not attached to the run: " + e);
    } finally {
      if (dir != null) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a temp directory left behind is harmless
        }
      }
    }
  }
}
