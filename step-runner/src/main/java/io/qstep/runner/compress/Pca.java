package io.qstep.runner.compress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.tensor.Npy;
import io.qstep.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.ejml.data.DMatrixRMaj;

/**
 * PCA / truncated SVD across a batch: fitted once on a training batch, then applied unchanged at
 * inference, so training and serving see the same projection. The fitted {@link Model} is a
 * versioned artifact: its version is the sha256 of the format tag, the shapes, the components and
 * the mean (little-endian doubles), so two runs with the same artifact can prove it.
 */
public final class Pca {
  /** Format tag of the saved artifact and of the version hash. */
  public static final String FORMAT = "qstep.pca/1";

  private Pca() {}

  /**
   * A fitted projection {@code z = (x − mean) Cᵀ}.
   *
   * @param components row-major [k, d], orthonormal rows, each signed so its largest-magnitude
   *     entry is positive
   * @param k number of components
   * @param d input dimension
   * @param mean [d] training mean
   * @param explainedVariance [k] variance along each component (s² / (N − 1)); empty when the model
   *     was given rather than fitted
   * @param explainedVarianceRatio [k] share of the total variance; empty when not fitted here
   */
  public record Model(
      double[] components,
      int k,
      int d,
      double[] mean,
      double[] explainedVariance,
      double[] explainedVarianceRatio) {
    public Model {
      if (k < 1 || d < 1 || components.length != (long) k * d || mean.length != d) {
        throw new IllegalArgumentException("components must be [k, d] and mean [d]");
      }
      components = components.clone();
      mean = mean.clone();
      explainedVariance = explainedVariance.clone();
      explainedVarianceRatio = explainedVarianceRatio.clone();
    }

    @Override
    public double[] components() {
      return components.clone();
    }

    @Override
    public double[] mean() {
      return mean.clone();
    }

    @Override
    public double[] explainedVariance() {
      return explainedVariance.clone();
    }

    @Override
    public double[] explainedVarianceRatio() {
      return explainedVarianceRatio.clone();
    }

    /** sha256 hex of the format tag, k, d, components and mean. */
    public String version() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf =
            ByteBuffer.allocate(8 + 8 * (components.length + mean.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(k).putInt(d);
        for (double v : components) {
          buf.putDouble(v);
        }
        for (double v : mean) {
          buf.putDouble(v);
        }
        sha.update(buf.array());
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides SHA-256", e);
      }
    }

    /**
     * Projects row-major {@code x} [rows, d] to [rows, k].
     *
     * @throws QStepException INVALID_TENSOR naming {@code field} when the width is not d
     */
    public double[] project(double[] x, int rows, String field) {
      if (x.length != (long) rows * d) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field
                + ": rows have "
                + (rows == 0 ? 0 : x.length / rows)
                + " columns, the model "
                + d);
      }
      double[] z = new double[rows * k];
      double[] c = new double[d];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < d; j++) {
          c[j] = x[r * d + j] - mean[j];
        }
        for (int i = 0; i < k; i++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += components[i * d + j] * c[j];
          }
          z[r * k + i] = s;
        }
      }
      return z;
    }

    /** Maps projections [rows, k] back to [rows, d]: {@code z C + mean}. */
    public double[] reconstruct(double[] z, int rows) {
      double[] x = new double[rows * d];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < d; j++) {
          x[r * d + j] = mean[j];
        }
        for (int i = 0; i < k; i++) {
          double zi = z[r * k + i];
          for (int j = 0; j < d; j++) {
            x[r * d + j] += zi * components[i * d + j];
          }
        }
      }
      return x;
    }

    /**
     * Writes {@code components.npy}, {@code mean.npy}, {@code explained_variance.npy} (when fitted)
     * and {@code pca.json} (format, version, k, d) into {@code dir}.
     */
    public void save(Path dir) throws IOException {
      Files.createDirectories(dir);
      Npy.write(Tensor.ofDoubles(components, k, d), dir.resolve("components.npy"));
      Npy.write(Tensor.ofDoubles(mean, d), dir.resolve("mean.npy"));
      if (explainedVariance.length == k) {
        Npy.write(Tensor.ofDoubles(explainedVariance, k), dir.resolve("explained_variance.npy"));
        Npy.write(
            Tensor.ofDoubles(explainedVarianceRatio, k),
            dir.resolve("explained_variance_ratio.npy"));
      }
      JsonObject meta = new JsonObject();
      meta.addProperty("format", FORMAT);
      meta.addProperty("version", version());
      meta.addProperty("components", k);
      meta.addProperty("input_dim", d);
      Gson gson = new GsonBuilder().setPrettyPrinting().create();
      Files.writeString(dir.resolve("pca.json"), gson.toJson(meta), StandardCharsets.UTF_8);
    }

    /**
     * Reads an artifact written by {@link #save}, checking its version.
     *
     * @throws QStepException INVALID_VALUE naming {@code artifact} when the files disagree with the
     *     recorded version (edited or mixed artifacts)
     */
    public static Model load(Path dir) throws IOException {
      Tensor c = Npy.read(dir.resolve("components.npy"));
      Tensor m = Npy.read(dir.resolve("mean.npy"));
      double[] ev = new double[0];
      double[] evr = new double[0];
      if (Files.exists(dir.resolve("explained_variance.npy"))) {
        ev = Npy.read(dir.resolve("explained_variance.npy")).toDoubleArray();
        evr = Npy.read(dir.resolve("explained_variance_ratio.npy")).toDoubleArray();
      }
      Model model =
          new Model(
              c.toDoubleArray(),
              (int) c.shape()[0],
              (int) c.shape()[1],
              m.toDoubleArray(),
              ev,
              evr);
      JsonObject meta =
          new Gson()
              .fromJson(
                  Files.readString(dir.resolve("pca.json"), StandardCharsets.UTF_8),
                  JsonObject.class);
      String want = meta.get("version").getAsString();
      if (!FORMAT.equals(meta.get("format").getAsString()) || !want.equals(model.version())) {
        throw QStepException.invalid(
            "artifact",
            "artifact: " + dir + " does not match its recorded version " + want + " (edited?)");
      }
      return model;
    }
  }

  /**
   * Fits a PCA on row-major {@code x} [rows, d].
   *
   * @param components number of components k ≥ 1, or 0 to choose the smallest k whose relative
   *     reconstruction error of the centred batch is within {@code epsilon} (all when epsilon is 0)
   * @param epsilon relative error budget in (0, 1], or 0
   * @param randomized seeded randomised SVD (Halko et al.); needs {@code components > 0}
   * @throws QStepException INVALID_VALUE naming param.components / param.epsilon, INVALID_TENSOR
   *     naming {@code field} for NaN/Inf or fewer than 2 rows
   */
  public static Model fit(
      double[] x,
      int rows,
      int d,
      int components,
      double epsilon,
      boolean randomized,
      long seed,
      String field) {
    if (components < 0 || components > Math.min(rows, d)) {
      throw QStepException.invalid(
          "param.components",
          "param.components must be in 1.."
              + Math.min(rows, d)
              + " (0 = by epsilon), got "
              + components);
    }
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw QStepException.invalid(
          "param.epsilon", "param.epsilon must be in (0, 1] (0 = none), got " + epsilon);
    }
    if (randomized && components == 0) {
      throw QStepException.invalid(
          "param.components", "param.components is required with randomized=true");
    }
    if (rows < 2) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR, field, field + ": PCA needs at least 2 rows, got " + rows);
    }
    double[] mean = new double[d];
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            field,
            field + ": element " + i + " is " + x[i] + "; values must be finite");
      }
      mean[i % d] += x[i];
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= rows;
    }
    double[] c = new double[x.length];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i] - mean[i % d];
      total += c[i] * c[i];
    }
    DMatrixRMaj m = DMatrixRMaj.wrap(rows, d, c);
    Svd.Result svd = randomized ? Svd.randomized(m, components, seed) : Svd.exact(m, true);
    double[] s = svd.s();
    int k = components;
    if (k == 0) {
      k = s.length;
      double tail = 0;
      double budget = epsilon * epsilon * total;
      while (k > 1 && tail + s[k - 1] * s[k - 1] <= budget) {
        tail += s[k - 1] * s[k - 1];
        k--;
      }
    }
    k = Math.min(k, s.length);
    double[] comp = new double[k * d];
    double[] ev = new double[k];
    double[] evr = new double[k];
    for (int i = 0; i < k; i++) {
      int arg = 0;
      for (int j = 0; j < d; j++) {
        comp[i * d + j] = svd.vt().get(i, j);
        if (Math.abs(comp[i * d + j]) > Math.abs(comp[i * d + arg])) {
          arg = j;
        }
      }
      if (comp[i * d + arg] < 0) {
        for (int j = 0; j < d; j++) {
          comp[i * d + j] = -comp[i * d + j];
        }
      }
      ev[i] = s[i] * s[i] / (rows - 1);
      evr[i] = total > 0 ? s[i] * s[i] / total : 0;
    }
    return new Model(comp, k, d, mean, ev, evr);
  }
}
