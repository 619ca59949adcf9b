package io.qstep.bench.examples;

import io.qstep.client.QStep;
import io.qstep.client.QStepClient;
import io.qstep.task.KernelSpec;
import io.qstep.task.StepRequest;
import io.qstep.task.StepResult;
import io.qstep.tensor.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * A quantum-kernel SVM in Java training code: the qstep SDK computes the fidelity kernel (Gram
 * matrix over the training rows, cross matrix of the test rows against them) and LIBSVM trains a
 * C-SVC on it as a precomputed kernel. An RBF SVM on the same features is the classical baseline.
 *
 * <p>Data: scikit-learn's 8x8 digits, classes 0-3, 200 training and 150 test rows (seeded split),
 * 64 pixels reduced to 8 features (= 8 qubits) by 2x2 average pooling and a variance selection
 * ({@link Digits#poolAndSelect}; swap in a PCA reduction through {@link Digits.Reduction}).
 *
 * <pre>
 * mvn -q -B package -pl bench -am -DskipTests
 * java -cp "bench/target/qstep-bench.jar:bench/target/lib/*" \
 *     io.qstep.bench.examples.KernelSvmExample .data/digits [host:port]
 * </pre>
 *
 * Without a target it runs the step in process ({@code QStep.local()}).
 */
public final class KernelSvmExample {
  private KernelSvmExample() {}

  /** The classes, split and kernel settings this example uses. */
  public static final long[] CLASSES = {0, 1, 2, 3};

  public static final int TRAIN = 200;
  public static final int TEST = 150;
  public static final long SEED = 1;

  /** ZZ feature map, two repetitions, linear entanglement, angles = x/2 (x in [0, 1]). */
  public static final KernelSpec SPEC = new KernelSpec(2, "zz", 0.5, "linear");

  /** Test accuracies of the quantum-kernel SVM and the RBF SVM, and the kernel step's result. */
  public record Outcome(double quantumAccuracy, double rbfAccuracy, StepResult step) {}

  /** Computes the kernel through {@code client}, trains LIBSVM on it and scores the test rows. */
  public static Outcome run(QStepClient client, Digits.Split s, KernelSpec spec) {
    int n = s.xTrain().length;
    int m = s.xTest().length;
    StepResult r =
        client.run(
            StepRequest.builder(spec)
                .input("x_train", Tensor.ofDoubles(s.xTrain()))
                .input("x_test", Tensor.ofDoubles(s.xTest()))
                .input("y_train", Tensor.ofLongs(s.yTrain(), n))
                .seed(SEED)
                .build());
    double[] gram = r.output("gram").toDoubleArray();
    double[] cross = r.output("cross").toDoubleArray();
    svm_model model = trainPrecomputed(gram, n, s.yTrain(), 1.0);
    int correct = 0;
    for (int i = 0; i < m; i++) {
      svm_node[] row = new svm_node[n + 1];
      row[0] = node(0, 0); // the sample's serial number: unused at prediction
      for (int j = 0; j < n; j++) {
        row[j + 1] = node(j + 1, cross[i * n + j]);
      }
      correct += svm.svm_predict(model, row) == s.yTest()[i] ? 1 : 0;
    }
    return new Outcome((double) correct / m, rbfAccuracy(s, 1.0), r);
  }

  /** LIBSVM's precomputed-kernel format: node 0 = the row's 1-based serial, then K(i, j). */
  static svm_model trainPrecomputed(double[] gram, int n, long[] y, double c) {
    svm_problem prob = new svm_problem();
    prob.l = n;
    prob.y = new double[n];
    prob.x = new svm_node[n][];
    for (int i = 0; i < n; i++) {
      prob.y[i] = y[i];
      prob.x[i] = new svm_node[n + 1];
      prob.x[i][0] = node(0, i + 1);
      for (int j = 0; j < n; j++) {
        prob.x[i][j + 1] = node(j + 1, gram[i * n + j]);
      }
    }
    svm_parameter p = parameters(c);
    p.kernel_type = svm_parameter.PRECOMPUTED;
    return train(prob, p);
  }

  /** An RBF C-SVC on the same features, gamma = 1 / (d · Var(X)) as scikit-learn's 'scale'. */
  static double rbfAccuracy(Digits.Split s, double c) {
    int n = s.xTrain().length;
    int d = s.features();
    svm_problem prob = new svm_problem();
    prob.l = n;
    prob.y = new double[n];
    prob.x = new svm_node[n][];
    double mean = 0;
    for (double[] row : s.xTrain()) {
      for (double v : row) {
        mean += v;
      }
    }
    mean /= (double) n * d;
    double var = 0;
    for (double[] row : s.xTrain()) {
      for (double v : row) {
        var += (v - mean) * (v - mean);
      }
    }
    var /= (double) n * d;
    for (int i = 0; i < n; i++) {
      prob.y[i] = s.yTrain()[i];
      prob.x[i] = dense(s.xTrain()[i]);
    }
    svm_parameter p = parameters(c);
    p.kernel_type = svm_parameter.RBF;
    p.gamma = var > 0 ? 1.0 / (d * var) : 1.0;
    svm_model model = train(prob, p);
    int correct = 0;
    for (int i = 0; i < s.xTest().length; i++) {
      correct += svm.svm_predict(model, dense(s.xTest()[i])) == s.yTest()[i] ? 1 : 0;
    }
    return (double) correct / s.xTest().length;
  }

  private static svm_parameter parameters(double c) {
    svm_parameter p = new svm_parameter();
    p.svm_type = svm_parameter.C_SVC;
    p.C = c;
    p.cache_size = 100;
    p.eps = 1e-3;
    p.shrinking = 1;
    p.probability = 0;
    p.nr_weight = 0;
    p.weight_label = new int[0];
    p.weight = new double[0];
    p.degree = 3;
    p.coef0 = 0;
    p.nu = 0.5;
    p.p = 0.1;
    return p;
  }

  private static svm_model train(svm_problem prob, svm_parameter p) {
    String err = svm.svm_check_parameter(prob, p);
    if (err != null) {
      throw new IllegalArgumentException("libsvm: " + err);
    }
    svm.svm_set_print_string_function(text -> {}); // LIBSVM prints progress dots otherwise
    return svm.svm_train(prob, p);
  }

  private static svm_node[] dense(double[] x) {
    svm_node[] out = new svm_node[x.length];
    for (int j = 0; j < x.length; j++) {
      out[j] = node(j + 1, x[j]);
    }
    return out;
  }

  private static svm_node node(int index, double value) {
    svm_node nd = new svm_node();
    nd.index = index;
    nd.value = value;
    return nd;
  }

  /** The example's data: digits 0-3 of {@code digitsDir}, reduced to 8 features. */
  public static Digits.Split data(Path digitsDir) throws java.io.IOException {
    return Digits.reduce(
        Digits.load(digitsDir, CLASSES, TRAIN, TEST, SEED), Digits.poolAndSelect(8));
  }

  public static void main(String[] args) throws Exception {
    String dir = args.length > 0 ? args[0] : System.getenv("QSTEP_DIGITS_DIR");
    if (dir == null) {
      System.err.println(
          "usage: KernelSvmExample DIGITS_DIR [host:port]  (or set QSTEP_DIGITS_DIR)");
      System.exit(2);
    }
    Digits.Split s = data(Path.of(dir));
    try (QStepClient client = args.length > 1 ? QStep.connect(args[1]) : QStep.local()) {
      Outcome o = run(client, s, SPEC);
      System.out.printf(
          Locale.ROOT,
          "digits %s, %d train / %d test rows, %d qubits: quantum-kernel SVM accuracy %.3f,"
              + " RBF SVM %.3f (chance %.2f)%n",
          java.util.Arrays.toString(CLASSES),
          s.xTrain().length,
          s.xTest().length,
          s.features(),
          o.quantumAccuracy(),
          o.rbfAccuracy(),
          1.0 / CLASSES.length);
      System.out.printf(
          Locale.ROOT,
          "kernel step: circuit %s, depth %.0f, %.0f CX, timings %s%n",
          o.step().circuitVersion().substring(0, 12),
          o.step().metrics().get("depth"),
          o.step().metrics().get("cx_count"),
          o.step().timingsMs());
    }
  }
}
