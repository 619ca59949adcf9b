package io.qstep.runner.mitigate;

import io.qstep.circuit.Circuit;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a surrogate by Clifford data regression: near-Clifford circuits of the target's structure
 * (their ideal values computed exactly by the state-vector simulator) paired with their noisy
 * values from the executor. Holds out a fifth of the circuits to measure the model, then refits on
 * all. Not thread-safe (it drives a {@link Mitigator}).
 */
public final class SurrogateTrainer {
  private SurrogateTrainer() {}

  /** Where a training set came from, for the metadata. */
  public record Context(String calibrationId, Map<String, Double> calibrationSummary) {
    public Context {
      calibrationId = calibrationId == null ? "" : calibrationId;
      calibrationSummary = Map.copyOf(calibrationSummary);
    }
  }

  /**
   * The training data: features [sample][scale-major], ideal [sample][observable], raw [sample][k].
   */
  record Data(double[][] x, double[][] y, double[][] raw) {}

  /**
   * Builds the training data.
   *
   * @param features computes the noisy features of a circuit at the training scales
   * @param bases bound circuits of the target's structure (e.g. every parameter row)
   */
  static Data data(
      Mitigator features,
      List<Circuit> bases,
      List<String> observables,
      long shots,
      int size,
      double keep,
      long seed) {
    List<Circuit> train = CircuitStructure.trainingSet(bases, size, keep, seed);
    List<String> obs = Estimator.explicit(observables, bases.get(0).numQubits());
    StateVectorSimulator sim = new StateVectorSimulator(SimOptions.defaults());
    double[][] x = new double[size][];
    double[][] y = new double[size][obs.size()];
    double[][] raw = new double[size][];
    SplittableRandom seeds = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    for (int r = 0; r < size; r++) {
      Circuit c = train.get(r);
      try (StateVector s = sim.run(c)) {
        for (int i = 0; i < obs.size(); i++) {
          y[r][i] = s.expectationPauli(obs.get(i));
        }
      }
      Mitigator.Features f = features.features(c, observables, shots, seeds.nextLong(), null);
      x[r] = f.flat();
      raw[r] = f.values()[0].clone();
    }
    return new Data(x, y, raw);
  }

  /**
   * Trains a surrogate.
   *
   * @param kind linear or mlp
   * @param template the target circuit (its structure, width and depth go into the metadata)
   * @param scales the feature scales
   */
  public static Surrogate train(
      String kind,
      Mitigator features,
      Circuit template,
      List<Circuit> bases,
      List<String> observables,
      double[] scales,
      long shots,
      int size,
      double keep,
      long seed,
      Context ctx) {
    Data d = data(features, bases, observables, shots, size, keep, seed);
    List<String> obs = Estimator.explicit(observables, template.numQubits());
    int k = obs.size();
    int nVal = Math.max(1, size / 5);
    int nTrain = size - nVal;
    double[][] xt = Arrays.copyOfRange(d.x(), 0, nTrain);
    double[][] yt = Arrays.copyOfRange(d.y(), 0, nTrain);
    Surrogate probe = fit(kind, xt, yt, scales.length, seed, null);
    double[] rmse = new double[k];
    double[] rawRmse = new double[k];
    for (int r = nTrain; r < size; r++) {
      double[] p = probe.predict(d.x()[r]);
      for (int i = 0; i < k; i++) {
        rmse[i] += Math.pow(p[i] - d.y()[r][i], 2) / nVal;
        rawRmse[i] += Math.pow(d.raw()[r][i] - d.y()[r][i], 2) / nVal;
      }
    }
    for (int i = 0; i < k; i++) {
      rmse[i] = Math.sqrt(rmse[i]);
      rawRmse[i] = Math.sqrt(rawRmse[i]);
    }
    int nf = d.x()[0].length;
    double[] fmin = new double[nf];
    double[] fmax = new double[nf];
    Arrays.fill(fmin, Double.POSITIVE_INFINITY);
    Arrays.fill(fmax, Double.NEGATIVE_INFINITY);
    for (double[] row : d.x()) {
      for (int j = 0; j < nf; j++) {
        fmin[j] = Math.min(fmin[j], row[j]);
        fmax[j] = Math.max(fmax[j], row[j]);
      }
    }
    SurrogateMetadata meta =
        new SurrogateMetadata(
            SurrogateFile.FORMAT,
            "",
            kind,
            CircuitStructure.hash(template),
            template.numQubits(),
            template.depth(),
            template.gates().size(),
            obs,
            scales,
            ctx.calibrationId(),
            ctx.calibrationSummary(),
            size,
            keep,
            seed,
            rmse,
            rawRmse,
            fmin,
            fmax,
            Instant.now().toString());
    Surrogate full = fit(kind, d.x(), d.y(), scales.length, seed, meta);
    return SurrogateFile.withVersion(full);
  }

  private static Surrogate fit(
      String kind, double[][] x, double[][] y, int scales, long seed, SurrogateMetadata meta) {
    return switch (kind) {
      case "linear" -> new LinearSurrogate(LinearSurrogate.fit(x, y, scales), meta);
      case "mlp" -> MlpSurrogate.train(x, y, seed, meta);
      default -> throw new IllegalArgumentException("unknown surrogate kind " + kind);
    };
  }

  static String sha256(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
