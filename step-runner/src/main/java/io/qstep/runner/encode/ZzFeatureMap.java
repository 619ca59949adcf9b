package io.qstep.runner.encode;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import java.util.List;
import java.util.Objects;

/**
 * The ZZ feature map of Havlíček et al., "Supervised learning with quantum-enhanced feature
 * spaces", Nature 567, 209 (2019), in Qiskit's {@code ZZFeatureMap} form: {@code reps} times [H on
 * every qubit; {@code P(2φ_i)} on qubit i; for every coupled pair {@code CX(i,j) P(2φ_ij)_j
 * CX(i,j)}], with {@code φ_i = s·x_i} and {@code φ_ij = (π − s·x_i)(π − s·x_j)}.
 *
 * <p>Each layer is {@code H^⊗n} followed by the diagonal {@code exp(−i Σ_S φ_S Π_{k∈S} Z_k)} up to
 * a global phase. The paper writes {@code U_Φ(x) = exp(+i Σ_S φ_S Π Z_k)}: the two states are
 * complex conjugates (H is real), so every fidelity kernel value is the same. The template names
 * its angles {@code x<i>} (single-qubit terms) and {@code z<i>_<j>} (= φ_ij).
 *
 * @param numFeatures features = qubits
 * @param reps repetitions of the layer, ≥ 1 (Havlíček: 2)
 * @param entanglement which pairs get a ZZ term (Havlíček's two-qubit case: the one pair)
 * @param scale s, applied to every feature first
 */
public record ZzFeatureMap(int numFeatures, int reps, Entanglement entanglement, double scale)
    implements FeatureMap {

  public ZzFeatureMap {
    Features.checkSize(numFeatures, reps, scale);
    Objects.requireNonNull(entanglement, "entanglement");
  }

  @Override
  public String name() {
    return "zz";
  }

  @Override
  public int numQubits() {
    return numFeatures;
  }

  @Override
  public Circuit circuit(double[] x) {
    Features.check(x, numFeatures);
    int n = numFeatures;
    double[] phi = new double[n];
    for (int i = 0; i < n; i++) {
      phi[i] = scale * x[i];
    }
    List<int[]> pairs = entanglement.pairs(n);
    Circuit.Builder b = Circuit.builder(n);
    for (int r = 0; r < reps; r++) {
      for (int q = 0; q < n; q++) {
        b.h(q);
      }
      for (int q = 0; q < n; q++) {
        b.p(q, 2 * phi[q]);
      }
      for (int[] p : pairs) {
        b.cx(p[0], p[1]);
        b.p(p[1], 2 * (Math.PI - phi[p[0]]) * (Math.PI - phi[p[1]]));
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
        b.p(q, new Param.Symbol("x" + q, 2 * scale, 0.0));
      }
      for (int[] p : pairs) {
        b.cx(p[0], p[1]);
        b.p(p[1], new Param.Symbol("z" + p[0] + "_" + p[1], 2.0, 0.0));
        b.cx(p[0], p[1]);
      }
    }
    return b.build();
  }
}
