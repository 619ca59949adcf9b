package io.qstep.runner.task;

import io.qstep.circuit.Circuit;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.compress.Pca;
import io.qstep.runner.config.RunnerConfig;
import io.qstep.runner.encode.EncodingReport;
import io.qstep.runner.encode.Entanglement;
import io.qstep.runner.encode.FeatureMap;
import io.qstep.runner.encode.FeatureMaps;
import io.qstep.runner.encode.MpsFeatureMap;
import io.qstep.runner.kernel.FidelityKernel;
import io.qstep.runner.kernel.KernelMetrics;
import io.qstep.runner.kernel.ShotKernel;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.stage.StageName;
import io.qstep.runner.stage.StepContext;
import io.qstep.runner.stateprep.MpsEncoding;
import io.qstep.task.KernelSpec;
import io.qstep.task.StepRequest;
import io.qstep.tensor.DType;
import io.qstep.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Task {@code kernel}: the fidelity kernel {@code K_ij = |⟨φ(x_i)|φ(x_j)⟩|²} of a feature map, as a
 * Gram matrix [N, N] over {@code x_train} and a cross matrix [M, N] of {@code x_test} against it —
 * what an SVM with a precomputed kernel takes.
 *
 * <p>Stages: decode (shapes, limits, finite values: the output and state memory are checked before
 * any is taken), encode (building and simulating the feature-map circuits), execute (the inner
 * products, or the compute–uncompute circuits in shot mode), validate (the RBF baseline with
 * scikit-learn's {@code gamma='scale'}, kernel alignment between the two, kernel-target alignment
 * when labels are given, off-diagonal concentration, the smallest Gram eigenvalue).
 */
public final class KernelTask {
  /** Most repetitions accepted. */
  static final int MAX_REPS = 64;

  /** Largest Gram matrix whose eigenvalues the validate stage computes (EJML, O(N³)). */
  static final int MAX_EIGEN_ROWS = 500;

  /** Mean off-diagonal kernel value below which the step warns of exponential concentration. */
  static final double CONCENTRATION_WARNING = 1e-3;

  /** Bytes of a response kept free for everything but the output tensors' data. */
  static final long RESPONSE_MARGIN = 64 << 10;

  private KernelTask() {}

  private record Decoded(
      FeatureMap map,
      double[] x,
      int n,
      double[] t,
      int m,
      long[] y,
      int reps,
      double scale,
      long shots,
      Pca.Model pca,
      double pcaMs) {}

  /**
   * The Compress stage before encoding: request parameter {@code pca_components} = k ≥ 1 fits a PCA
   * with k components on {@code x_train} and projects both {@code x_train} and {@code x_test} with
   * it (the same projection: train and serve see one version), so d features become k qubits'
   * worth; 0 (the default) leaves the features as they are.
   */
  static final String PCA_PARAM = "pca_components";

  static TaskOutput run(
      StepRequest req, KernelSpec spec, Backend backend, RunnerConfig config, StepContext ctx) {
    long t0 = System.nanoTime();
    Decoded d = decode(req, spec, backend, config);
    double decodeMs = (System.nanoTime() - t0) / 1e6;
    FeatureMap map = d.map();
    TaskOutput out = new TaskOutput();
    if (d.pca() != null) {
      // decode fitted and applied the projection; its time is the Compress stage's
      out.metrics.put("pca_components", (double) d.pca().k());
      double kept = 0;
      for (double v : d.pca().explainedVarianceRatio()) {
        kept += v;
      }
      out.metrics.put("explained_variance_kept", kept);
      ctx.warn(
          "compress: PCA "
              + d.pca().version()
              + " fitted on x_train ("
              + d.pca().k()
              + " components) and applied to x_train and x_test");
      out.outputs.put(
          "pca_components",
          Tensor.ofDoubles(
              d.pca().components(), d.pca().k(), d.pca().components().length / d.pca().k()));
      out.outputs.put("pca_mean", Tensor.ofDoubles(d.pca().mean(), d.pca().mean().length));
      CompressTask.attachFitted(req, d.pca(), d.n(), ctx, out);
    }
    ctx.addWallMs(StageName.DECODE, decodeMs - d.pcaMs());
    ctx.addWallMs(StageName.COMPRESS, d.pcaMs());
    EncodingReport report =
        ctx.time(
            StageName.ENCODE,
            () -> {
              Circuit template = map.template();
              out.circuit = template;
              out.circuitVersion = template.version();
              return map.report(Arrays.copyOf(d.x(), map.numFeatures()));
            });
    int threads = req.options().threads();
    FidelityKernel.Result k;
    if (d.shots() == 0) {
      k =
          new FidelityKernel(map, threads, req.options().fuseGates())
              .compute(d.x(), d.n(), d.t(), d.m(), ctx::checkpoint);
    } else {
      ShotKernel sk =
          new ShotKernel(
              map,
              d.shots(),
              ctx.seed(),
              threads,
              (c, shots, seed) -> zeros(backend, req, ctx, c, shots, seed));
      // a backend that only samples (a QPU): every pair in one batch, one job where it can;
      // simulators keep the pair-parallel loop (same seeds, same estimates either way)
      k =
          backend.capabilities().supportsExact()
              ? sk.compute(d.x(), d.n(), d.t(), d.m(), ctx::checkpoint)
              : sk.computeBatched(
                  d.x(),
                  d.n(),
                  d.t(),
                  d.m(),
                  ctx::checkpoint,
                  (cs, shots, seeds) -> zerosBatch(backend, req, ctx, cs, shots, seeds));
      out.metrics.put("circuits", (double) ShotKernel.circuits(d.n(), d.m()));
    }
    ctx.addWallMs(StageName.ENCODE, k.encodeMs());
    if (!Double.isNaN(report.fidelity())) {
      // encodings that target a state (amplitude, MPS): the fidelity each row's state reaches
      ctx.time(
          StageName.ENCODE,
          () -> {
            encodingFidelity(map, d, out, ctx::checkpoint);
            return null;
          });
    }
    ctx.addWallMs(StageName.EXECUTE, k.innerProductMs());
    out.outputs.put("gram", Tensor.ofDoubles(k.gram(), d.n(), d.n()));
    if (d.m() > 0) {
      out.outputs.put("cross", Tensor.ofDoubles(k.cross(), d.m(), d.n()));
    }
    out.metrics.put("num_qubits", (double) map.numQubits());
    out.metrics.put("rows", (double) d.n());
    out.metrics.put("test_rows", (double) d.m());
    out.metrics.put("reps", (double) d.reps());
    out.metrics.put("feature_scale", d.scale());
    out.metrics.put("depth", (double) report.depth());
    out.metrics.put("two_qubit_gates", (double) map.template().multiQubitGateCount());
    out.metrics.put("cx_count", (double) report.cxCount());
    out.metrics.put("shots", (double) d.shots());
    int rowsEncoded = d.n() + d.m();
    out.metrics.put("encode_ms_per_sample", k.encodeMs() / rowsEncoded);
    ctx.time(
        StageName.VALIDATE,
        () -> {
          validate(d, k, ctx, out);
          return null;
        });
    return out;
  }

  private static void encodingFidelity(
      FeatureMap map, Decoded d, TaskOutput out, Runnable checkpoint) {
    int dim = map.numFeatures();
    double sum = 0;
    double min = 1;
    int rows = d.n() + d.m();
    for (int r = 0; r < rows; r++) {
      if ((r & 15) == 0) {
        checkpoint.run();
      }
      double[] src = r < d.n() ? d.x() : d.t();
      int o = (r < d.n() ? r : r - d.n()) * dim;
      double f = map.report(Arrays.copyOfRange(src, o, o + dim)).fidelity();
      sum += f;
      min = Math.min(min, f);
    }
    out.metrics.put("encoding_fidelity_mean", sum / rows);
    out.metrics.put("encoding_fidelity_min", min);
  }

  private static long[] zerosBatch(
      Backend backend,
      StepRequest req,
      StepContext ctx,
      List<Circuit> cs,
      long shots,
      long[] seeds) {
    List<ExecutionRequest> reqs = new ArrayList<>(cs.size());
    for (int i = 0; i < cs.size(); i++) {
      reqs.add(
          new ExecutionRequest(
              cs.get(i),
              shots,
              List.of(),
              seeds[i],
              req.options().threads(),
              req.options().fuseGates()));
    }
    List<ExecutionResult> rs = backend.executeBatch(reqs, ctx);
    long[] z = new long[rs.size()];
    for (int i = 0; i < z.length; i++) {
      ctx.noteCalibration(rs.get(i).calibration());
      for (long s : rs.get(i).samples()) {
        if (s == 0) {
          z[i]++;
        }
      }
    }
    return z;
  }

  private static long zeros(
      Backend backend, StepRequest req, StepContext ctx, Circuit c, long shots, long seed) {
    ExecutionResult r =
        backend.execute(
            new ExecutionRequest(
                c, shots, List.of(), seed, req.options().threads(), req.options().fuseGates()),
            ctx);
    ctx.noteCalibration(r.calibration());
    long z = 0;
    for (long s : r.samples()) {
      if (s == 0) {
        z++;
      }
    }
    return z;
  }

  private static void validate(
      Decoded d, FidelityKernel.Result k, StepContext ctx, TaskOutput out) {
    int n = d.n();
    int dim = d.map().numFeatures();
    long t0 = System.nanoTime();
    double gamma = KernelMetrics.scaleGamma(d.x(), dim);
    double[] rbf = KernelMetrics.rbf(d.x(), n, d.x(), n, dim, gamma);
    double baselineMs = (System.nanoTime() - t0) / 1e6;
    out.metrics.put("baseline_gamma", gamma);
    out.metrics.put("baseline_ms", baselineMs);
    out.metrics.put("baseline_alignment", KernelMetrics.alignment(k.gram(), rbf));
    double[] off = KernelMetrics.offDiagonalMeanStd(k.gram(), n);
    double[] offRbf = KernelMetrics.offDiagonalMeanStd(rbf, n);
    out.metrics.put("kernel_mean_offdiag", off[0]);
    out.metrics.put("kernel_std_offdiag", off[1]);
    out.metrics.put("baseline_mean_offdiag", offRbf[0]);
    if (d.y() != null) {
      double ta = KernelMetrics.targetAlignment(k.gram(), d.y());
      double tb = KernelMetrics.targetAlignment(rbf, d.y());
      out.metrics.put("target_alignment", ta);
      out.metrics.put("baseline_target_alignment", tb);
      ctx.warn(
          String.format(
              Locale.ROOT,
              "validate: kernel-target alignment %.4f (quantum) vs %.4f (RBF, gamma %.4g):"
                  + " quantum %s",
              ta,
              tb,
              gamma,
              ta >= tb ? "aligns at least as well" : "aligns worse by " + fmt(tb - ta)));
    }
    if (n >= 2 && off[0] < CONCENTRATION_WARNING) {
      ctx.warn(
          String.format(
              Locale.ROOT,
              "validate: kernel values concentrate near 0 (mean off-diagonal %.2e): the Gram"
                  + " matrix is close to the identity; lower feature_scale or reps",
              off[0]));
    }
    if (n <= MAX_EIGEN_ROWS) {
      double min = KernelMetrics.minEigenvalue(k.gram(), n);
      out.metrics.put("gram_min_eigenvalue", min);
      if (min < -1e-9) {
        ctx.warn(
            String.format(
                Locale.ROOT,
                "validate: the Gram matrix is not positive semidefinite (smallest eigenvalue"
                    + " %.3g%s); an SVM may need its eigenvalues clipped",
                min,
                d.shots() > 0 ? ", from shot noise" : ""));
      }
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static Decoded decode(
      StepRequest req, KernelSpec spec, Backend backend, RunnerConfig config) {
    String fx = Inputs.field("x_train");
    Tensor xt = Inputs.required(req, "x_train");
    long[] xs = xt.shape();
    if (xs.length != 2 || xs[0] < 1 || xs[1] < 1) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          fx,
          fx + ": expected shape [N, d] with N, d >= 1, got " + Arrays.toString(xs));
    }
    Inputs.checkRows("x_train", xs[0], config);
    String name = FeatureMaps.normalise(spec.featureMap());
    if (!FeatureMaps.isKnown(name)) {
      throw QStepException.invalid(
          "task.kernel.feature_map",
          "task.kernel.feature_map: unknown feature map '"
              + spec.featureMap()
              + "'; known: "
              + String.join(", ", FeatureMaps.NAMES));
    }
    int reps = spec.reps() == 0 ? FeatureMaps.DEFAULT_REPS : spec.reps();
    if (reps < 1 || reps > MAX_REPS) {
      throw QStepException.invalid(
          "task.kernel.reps",
          "task.kernel.reps must be in 1.." + MAX_REPS + " (0 = default 2), got " + spec.reps());
    }
    Entanglement ent;
    try {
      ent = Entanglement.parse(spec.entanglement());
    } catch (IllegalArgumentException e) {
      throw QStepException.invalid(
          "task.kernel.entanglement", "task.kernel.entanglement: " + e.getMessage());
    }
    double scale = spec.featureScale() == 0 ? 1.0 : spec.featureScale();
    int n = (int) xs[0];
    int pcaK = pcaComponents(req, xs);
    int dim = pcaK > 0 ? pcaK : (int) Math.min(xs[1], Integer.MAX_VALUE);
    MpsEncoding.Options mpsOptions =
        "mps".equals(name) ? mpsOptions(req) : MpsFeatureMap.DEFAULT_OPTIONS;
    FeatureMap map = FeatureMaps.create(name, dim, reps, ent, scale, mpsOptions);
    int qubits = map.numQubits();
    int limit = Math.min(config.maxQubits(), backend.capabilities().maxQubits());
    if (qubits > limit) {
      throw new QStepException(
          ErrorReason.INVALID_TENSOR,
          fx,
          fx
              + ": "
              + xs[1]
              + " features need "
              + qubits
              + " qubits with feature map "
              + map.name()
              + ", over the limit of "
              + limit
              + " qubits; compress the features first (e.g. PCA or a tensor-train projection to"
              + " at most "
              + limit
              + " features)");
    }
    Tensor tt = Inputs.optional(req, "x_test").orElse(null);
    int m = 0;
    String ft = Inputs.field("x_test");
    if (tt != null) {
      long[] ts = tt.shape();
      if (ts.length != 2) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            ft,
            ft + ": expected shape [M, d], got " + Arrays.toString(ts));
      }
      if (ts[1] != xs[1]) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            ft,
            ft + ": " + ts[1] + " features per row, but x_train has " + xs[1]);
      }
      Inputs.checkRows("x_test", ts[0], config);
      m = (int) ts[0];
    }
    long outBytes = 8L * ((long) n * n + (long) m * n);
    // The response is one message: leave room for its metrics, warnings and tensor headers.
    long outLimit =
        config.maxMessageBytes() - Math.min(RESPONSE_MARGIN, config.maxMessageBytes() / 16);
    if (outBytes > outLimit) {
      throw new QStepException(
          ErrorReason.TOO_LARGE,
          fx,
          String.format(
              Locale.ROOT,
              "%s: gram [%d, %d]%s needs %.1f MiB, over the output limit of %.1f MiB (the"
                  + " response is one message); split x_train into blocks",
              fx,
              n,
              n,
              m > 0 ? " and cross [" + m + ", " + n + "]" : "",
              outBytes / 1048576.0,
              outLimit / 1048576.0));
    }
    long shots = req.backend().shots();
    Limits.checkShots(shots, config, backend);
    if (shots == 0) {
      if (!"statevector".equals(backend.name())) {
        throw new QStepException(
            ErrorReason.CAPABILITY_MISMATCH,
            "backend.name",
            "the exact kernel (shots = 0) reads state vectors from the statevector backend;"
                + " backend '"
                + backend.name()
                + "' can estimate it from shots (set backend.shots > 0)");
      }
      long stateBytes = FidelityKernel.stateBytes(n, qubits);
      long budget = StateVector.bytesFor(config.maxQubits());
      if (stateBytes > budget) {
        throw new QStepException(
            ErrorReason.TOO_LARGE,
            fx,
            String.format(
                Locale.ROOT,
                "%s: %d states of %d qubits need %.1f MiB, over the state memory limit of %.1f MiB"
                    + " (one %d-qubit state); use fewer rows or fewer features",
                fx,
                n,
                qubits,
                stateBytes / 1048576.0,
                budget / 1048576.0,
                config.maxQubits()));
      }
    }
    double[] x = Inputs.finiteReals("x_train", xt, 2);
    double[] t = tt == null ? new double[0] : Inputs.finiteReals("x_test", tt, 2);
    long[] y = null;
    Tensor yt = Inputs.optional(req, "y_train").orElse(null);
    if (yt != null) {
      String fy = Inputs.field("y_train");
      if (yt.rank() != 1 || yt.dim(0) != n) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            fy,
            fy
                + ": expected shape ["
                + n
                + "] (one label per x_train row), got "
                + Arrays.toString(yt.shape()));
      }
      if (yt.dtype() != DType.INT64 && yt.dtype() != DType.INT32) {
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            fy,
            fy + ": dtype must be INT64 or INT32 class labels, got " + yt.dtype());
      }
      y = yt.toLongArray();
    }
    Pca.Model pca = null;
    long p0 = System.nanoTime();
    if (pcaK > 0) {
      int d = (int) xs[1];
      pca = Pca.fit(x, n, d, pcaK, 0, false, req.backend().seed().orElse(0), fx);
      x = pca.project(x, n, fx);
      if (m > 0) {
        t = pca.project(t, m, ft);
      }
    }
    double pcaMs = (System.nanoTime() - p0) / 1e6;
    if (NORMALISING.contains(map.name())) {
      checkNonZeroRows("x_train", x, n, dim, map.name());
      checkNonZeroRows("x_test", t, m, dim, map.name());
    }
    return new Decoded(map, x, n, t, m, y, reps, scale, shots, pca, pcaMs);
  }

  /** Feature maps that normalise x, so a zero row has no state. */
  static final List<String> NORMALISING = List.of("amplitude", "mps");

  private static void checkNonZeroRows(String name, double[] v, int rows, int dim, String map) {
    for (int r = 0; r < rows; r++) {
      boolean zero = true;
      for (int j = r * dim; j < (r + 1) * dim && zero; j++) {
        zero = v[j] == 0;
      }
      if (zero) {
        String f = Inputs.field(name);
        throw new QStepException(
            ErrorReason.INVALID_TENSOR,
            f,
            f
                + ": row "
                + r
                + " is all zeros; feature map "
                + map
                + " normalises each row into a quantum state, and a zero vector has none");
      }
    }
  }

  /** Request parameters of the {@code mps} feature map. */
  static final String MPS_LAYERS = "mps_layers";

  static final String MPS_FIDELITY = "mps_fidelity";
  static final String MPS_SWEEPS = "mps_sweeps";

  /**
   * {@code mps_layers} (1..64; default 1, or 64 with a fidelity target: the most layers tried),
   * {@code mps_fidelity} (target in (0, 1]: stop adding layers once each state reaches it; default
   * 0 = always {@code mps_layers}), {@code mps_sweeps} (0..1000 optimisation sweeps per layer;
   * default 0 for one layer without a target, else 10).
   */
  private static MpsEncoding.Options mpsOptions(StepRequest req) {
    double fid = doubleParam(req, MPS_FIDELITY, 0);
    if (!(fid >= 0 && fid <= 1)) {
      String f = "param." + MPS_FIDELITY;
      throw QStepException.invalid(f, f + " must be in (0, 1] (0 = no target), got " + fid);
    }
    int layers =
        intParam(req, MPS_LAYERS, fid > 0 ? MpsEncoding.MAX_LAYERS : 1, 1, MpsEncoding.MAX_LAYERS);
    int sweeps = intParam(req, MPS_SWEEPS, layers == 1 && fid == 0 ? 0 : 10, 0, 1000);
    return new MpsEncoding.Options(0, layers, sweeps, fid);
  }

  private static int intParam(StepRequest req, String name, int dflt, int min, int max) {
    String v = req.parameters().get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String f = "param." + name;
    int k;
    try {
      k = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw QStepException.invalid(f, f + " must be an integer, got '" + v + "'");
    }
    if (k < min || k > max) {
      throw QStepException.invalid(f, f + " must be in " + min + ".." + max + ", got " + k);
    }
    return k;
  }

  private static double doubleParam(StepRequest req, String name, double dflt) {
    String v = req.parameters().get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String f = "param." + name;
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw QStepException.invalid(f, f + " must be a number, got '" + v + "'");
    }
  }

  private static int pcaComponents(StepRequest req, long[] xs) {
    String v = req.parameters().get(PCA_PARAM);
    if (v == null || v.isBlank()) {
      return 0;
    }
    String f = "param." + PCA_PARAM;
    int k;
    try {
      k = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw QStepException.invalid(f, f + " must be an integer, got '" + v + "'");
    }
    if (k < 0 || k > xs[1] || k > xs[0]) {
      throw QStepException.invalid(
          f,
          f
              + " must be in 0..min(N, d) = 0.."
              + Math.min(xs[0], xs[1])
              + " (0 = no compression), got "
              + k);
    }
    return k;
  }
}
