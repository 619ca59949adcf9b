package io.qstep.runner.mitigate;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A small neural surrogate on DJL's PyTorch engine: a linear CDR fit plus a two-layer tanh MLP (32
 * units each) trained by Adam on its residuals, on standardised features. The skip connection keeps
 * it from doing worse than the linear model on small training sets. Inference builds the network
 * once per call in a scoped {@link NDManager}; thread-safe.
 */
public final class MlpSurrogate implements Surrogate {
  static final int HIDDEN = 8;
  static final int EPOCHS = 300;
  static final float LEARNING_RATE = 5e-3f;
  static final float WEIGHT_DECAY = 1e-2f;

  /**
   * Input jitter (standardised units) during training: near-Clifford features sit on a few discrete
   * values, and the jitter keeps the network smooth between them, where real circuits land.
   */
  static final float JITTER = 0.5f;

  private final double[][] linear;
  private final double[] mean;
  private final double[] std;
  private final byte[] params;
  private final int outputs;
  private final SurrogateMetadata metadata;

  MlpSurrogate(
      double[][] linear,
      double[] mean,
      double[] std,
      byte[] params,
      int outputs,
      SurrogateMetadata metadata) {
    this.linear = linear;
    this.mean = mean.clone();
    this.std = std.clone();
    this.params = params.clone();
    this.outputs = outputs;
    this.metadata = metadata;
  }

  /** DJL reads these before its engine loads: no downloads, one shared cache. */
  static void configureOffline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // A tiny network: PyTorch's thread pools only contend with the simulator for the cores.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  static Engine engine() {
    configureOffline();
    try {
      return Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "param.surrogate_kind",
          "surrogate_kind=mlp needs DJL's PyTorch engine, which did not load: " + e.getMessage());
    }
  }

  private static Block network(int outputs) {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(HIDDEN).build())
        .add(Activation::tanh)
        .add(Linear.builder().setUnits(HIDDEN).build())
        .add(Activation::tanh)
        .add(Linear.builder().setUnits(outputs).build());
  }

  /** Trains on features x [n][f] and ideal values y [n][k]. */
  static MlpSurrogate train(double[][] x, double[][] y, long seed, SurrogateMetadata meta) {
    Engine engine = engine();
    int n = x.length;
    int f = x[0].length;
    int k = y[0].length;
    double[][] lin = LinearSurrogate.fit(x, y, f / k);
    LinearSurrogate base = new LinearSurrogate(lin, meta);
    double[] mean = new double[f];
    double[] std = new double[f];
    for (double[] row : x) {
      for (int j = 0; j < f; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < f; j++) {
        std[j] += Math.pow(row[j] - mean[j], 2) / n;
      }
    }
    for (int j = 0; j < f; j++) {
      std[j] = Math.max(Math.sqrt(std[j]), 1e-6);
    }
    float[] xs = new float[n * f];
    float[] rs = new float[n * k];
    for (int r = 0; r < n; r++) {
      double[] p = base.predict(x[r]);
      for (int j = 0; j < f; j++) {
        xs[r * f + j] = (float) ((x[r][j] - mean[j]) / std[j]);
      }
      for (int i = 0; i < k; i++) {
        rs[r * k + i] = (float) (y[r][i] - p[i]);
      }
    }
    engine.setRandomSeed((int) (seed ^ (seed >>> 32)));
    Block block = network(k);
    try (Model model = Model.newInstance("qstep-cdr", engine.getEngineName())) {
      model.setBlock(block);
      DefaultTrainingConfig cfg =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                      .optWeightDecays(WEIGHT_DECAY)
                      .build());
      try (Trainer trainer = model.newTrainer(cfg)) {
        trainer.initialize(new Shape(n, f));
        NDManager m = trainer.getManager();
        NDArray ya = m.create(rs, new Shape(n, k));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] jit = new float[n * f];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
          for (int i = 0; i < jit.length; i++) {
            jit[i] = xs[i] + JITTER * (float) gaussian(rng);
          }
          NDArray xj = m.create(jit, new Shape(n, f));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray pred = trainer.forward(new NDList(xj)).singletonOrThrow();
            NDArray loss = trainer.getLoss().evaluate(new NDList(ya), new NDList(pred));
            gc.backward(loss);
          }
          trainer.step();
          xj.close();
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        block.saveParameters(out);
      } catch (IOException e) {
        throw new IllegalStateException("cannot serialise the MLP parameters", e);
      }
      return new MlpSurrogate(lin, mean, std, bytes.toByteArray(), k, meta);
    }
  }

  private static double gaussian(java.util.SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  MlpSurrogate withMetadata(SurrogateMetadata meta) {
    return new MlpSurrogate(linear, mean, std, params, outputs, meta);
  }

  double[][] linear() {
    double[][] w = new double[linear.length][];
    for (int i = 0; i < w.length; i++) {
      w[i] = linear[i].clone();
    }
    return w;
  }

  double[] mean() {
    return mean.clone();
  }

  double[] std() {
    return std.clone();
  }

  byte[] params() {
    return params.clone();
  }

  int outputs() {
    return outputs;
  }

  @Override
  public SurrogateMetadata metadata() {
    return metadata;
  }

  @Override
  public double[] predict(double[] features) {
    Engine engine = engine();
    int f = mean.length;
    if (features.length != f) {
      throw new IllegalArgumentException("expected " + f + " features, got " + features.length);
    }
    double[] base = new LinearSurrogate(linear, metadata).predict(features);
    float[] xs = new float[f];
    for (int j = 0; j < f; j++) {
      xs[j] = (float) ((features[j] - mean[j]) / std[j]);
    }
    try (NDManager m = engine.newBaseManager()) {
      Block block = network(outputs);
      block.initialize(m, DataType.FLOAT32, new Shape(1, f));
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
        block.loadParameters(m, in);
      } catch (IOException | ai.djl.MalformedModelException e) {
        throw new IllegalArgumentException("corrupt MLP parameters: " + e.getMessage(), e);
      }
      NDArray out =
          block
              .forward(
                  new ParameterStore(m, false), new NDList(m.create(xs, new Shape(1, f))), false)
              .singletonOrThrow();
      float[] r = out.toFloatArray();
      double[] y = new double[outputs];
      for (int i = 0; i < outputs; i++) {
        y[i] = base[i] + r[i];
      }
      return y;
    }
  }
}
