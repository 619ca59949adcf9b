package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import java.util.List;
import java.util.Objects;

/**
 * IQP encoding in PennyLane's {@code IQPEmbedding} form: {@code reps} times [H on every qubit;
 * {@code RZ(s·x_i)} on qubit i; for every coupled pair {@code RZZ(s²·x_i·x_j)}, written as {@code
 * CX(i,j) RZ(s²·x_i·x_j)_j CX(i,j)}]. Diagonal layers between Hadamards: an instantaneous quantum
 * polynomial circuit, hard to sample classically for generic angles. The template names its angles
 * {@code x<i>} and {@code z<i>_<j>} (= s²·x_i·x_j).
 *
 * @param numFeatures features = qubits
 * @param reps repetitions, ≥ 1
 * @param entanglement which pairs get a ZZ term (PennyLane's default: all pairs)
 * @param scale s, applied to every feature first
 */
public record IqpEncoding(int numFeatures, int reps, Entanglement entanglement, double scale)
    implements FeatureMap {

  public IqpEncoding {
    Features.checkSize(numFeatures, reps, scale);
    Objects.requireNonNull(entanglement, "entanglement");
  }

  @Override
  public String name() {
    return "iqp";
  }

  @Override
  public int numQubits() {
    return numFeatures;
  }

  @Override
  public Circuit circuit(double[] x) {
    Features.check(x, numFeatures);
    int n = numFeatures;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = scale * x[i];
    }
    List<int[]> pairs = entanglement.pairs(n);
    Circuit.Builder b = Circuit.builder(n);
    for (int r = 0; r < reps; r++) {
      for (int q = 0; q < n; q++) {
        b.h(q);
      }
      for (int q = 0; q < n; q++) {
        b.rz(q, a[q]);
      }
      for (int[] p : pairs) {
        b.cx(p[0], p[1]);
        b.rz(p[1], a[p[0]] * a[p[1]]);
        b.cx(p[0], p[1]);
      }
    }
    return b.build();
  }

  @Override
  public Circuit template() {
    int n = numFeatures;
    List<int[]> pairs = entanglement.pairs(n);
    Circuit.Builder b = Circuit.builder(n);
    for (int r = 0; r < reps; r++) {
      for (int q = 0; q < n; q++) {
        b.h(q);
      }
      for (int q = 0; q < n; q++) {
        b.rz(q, new Param.Symbol("x" + q, scale, 0.0));
      }
      for (int[] p : pairs) {
        b.cx(p[0], p[1]);
        b.rz(p[1], Param.symbol("z" + p[0] + "_" + p[1]));
        b.cx(p[0], p[1]);
      }
    }
    return b.build();
  }
}
