package io.qstep.runner.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.backend.DenseOracle;
import io.qstep.runner.kernel.FidelityKernel;
import io.qstep.runner.kernel.KernelMetrics;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stateprep.MpsEncoding;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feature maps against their published definitions, computed here from the definitions (Hadamard
 * layers and diagonal phases on dense vectors) without the circuit IR, and against a brute-force
 * dense simulation of the circuits.
 */
class FeatureMapTest {
  static final double EPS = 1e-10;
  static final StateVectorSimulator SIM = new StateVectorSimulator(SimOptions.defaults());

  static double[] simulate(Circuit c) {
    try (StateVector s = SIM.run(c)) {
      return s.amplitudes();
    }
  }

  /** |⟨a|b⟩|² of interleaved vectors. */
  static double fidelity(double[] a, double[] b) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < a.length; i += 2) {
      re += a[i] * b[i] + a[i + 1] * b[i + 1];
      im += a[i] * b[i + 1] - a[i + 1] * b[i];
    }
    return re * re + im * im;
  }

  static double[] conj(double[] a) {
    double[] c = a.clone();
    for (int i = 1; i < c.length; i += 2) {
      c[i] = -c[i];
    }
    return c;
  }

  /**
   * reps × [H^⊗n, then multiply amplitude k by exp(i·phase(k))] from |0…0⟩, where phase gets the
   * basis index k; z_i(k) = +1 when bit i of k is 0, −1 otherwise.
   */
  static double[] definition(int n, int reps, ToDoubleFunction<int[]> phase) {
    int dim = 1 << n;
    double[] re = new double[dim];
    double[] im = new double[dim];
    re[0] = 1;
    for (int r = 0; r < reps; r++) {
      // Walsh–Hadamard: (H^n ψ)_k = 2^{-n/2} Σ_l (−1)^{popcount(k & l)} ψ_l
      double[] nr = new double[dim];
      double[] ni = new double[dim];
      double norm = Math.pow(2, -n / 2.0);
      for (int k = 0; k < dim; k++) {
        for (int l = 0; l < dim; l++) {
          double s = (Integer.bitCount(k & l) & 1) == 0 ? norm : -norm;
          nr[k] += s * re[l];
          ni[k] += s * im[l];
        }
      }
      for (int k = 0; k < dim; k++) {
        int[] z = new int[n];
        for (int i = 0; i < n; i++) {
          z[i] = ((k >> i) & 1) == 0 ? 1 : -1;
        }
        double ph = phase.applyAsDouble(z);
        double c = Math.cos(ph);
        double s = Math.sin(ph);
        re[k] = nr[k] * c - ni[k] * s;
        im[k] = nr[k] * s + ni[k] * c;
      }
    }
    double[] out = new double[2 * dim];
    for (int k = 0; k < dim; k++) {
      out[2 * k] = re[k];
      out[2 * k + 1] = im[k];
    }
    return out;
  }

  /**
   * Havlíček et al. (2019): U_Φ(x) = exp(i Σ_S φ_S(x) Π_{k∈S} Z_k), φ_i = x_i, φ_ij =
   * (π−x_i)(π−x_j).
   */
  static double[] havlicek(double[] x, int reps, Entanglement ent) {
    int n = x.length;
    return definition(
        n,
        reps,
        z -> {
          double p = 0;
          for (int i = 0; i < n; i++) {
            p += x[i] * z[i];
          }
          for (int[] pr : ent.pairs(n)) {
            p += (Math.PI - x[pr[0]]) * (Math.PI - x[pr[1]]) * z[pr[0]] * z[pr[1]];
          }
          return p;
        });
  }

  /** PennyLane's IQPEmbedding: H, RZ(x_i), MultiRZ(x_i x_j) = exp(−i x_i x_j Z_i Z_j / 2). */
  static double[] iqpDefinition(double[] x, int reps) {
    int n = x.length;
    return definition(
        n,
        reps,
        z -> {
          double p = 0;
          for (int i = 0; i < n; i++) {
            p += x[i] * z[i];
            for (int j = i + 1; j < n; j++) {
              p += x[i] * x[j] * z[i] * z[j];
            }
          }
          return -p / 2;
        });
  }

  static double[] random(SplittableRandom rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble(0, 2 * Math.PI);
    }
    return x;
  }

  @Test
  void zz_twoQubitsOneRep_matchesTheClosedForm() {
    // One layer on |00⟩: H⊗H gives ½ Σ_k |k⟩, then U_Φ multiplies by exp(i φ(k)), so
    // K(x, y) = |¼ Σ_k exp(i (φ_y(k) − φ_x(k)))|² with φ(k) = x0 z0 + x1 z1 + (π−x0)(π−x1) z0 z1.
    double[] x = {0.3, 1.7};
    double[] y = {2.1, -0.4};
    double re = 0;
    double im = 0;
    for (int z0 = -1; z0 <= 1; z0 += 2) {
      for (int z1 = -1; z1 <= 1; z1 += 2) {
        double px = x[0] * z0 + x[1] * z1 + (Math.PI - x[0]) * (Math.PI - x[1]) * z0 * z1;
        double py = y[0] * z0 + y[1] * z1 + (Math.PI - y[0]) * (Math.PI - y[1]) * z0 * z1;
        re += Math.cos(py - px) / 4;
        im += Math.sin(py - px) / 4;
      }
    }
    double expected = re * re + im * im;
    ZzFeatureMap map = new ZzFeatureMap(2, 1, Entanglement.FULL, 1.0);
    double k = fidelity(simulate(map.circuit(x)), simulate(map.circuit(y)));
    assertThat(k).isCloseTo(expected, within(EPS));
    assertThat(expected).isBetween(0.01, 0.99);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void zz_twoQubitsTwoReps_isHavlicekUpToConjugation(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = random(rng, 2);
    double[] y = random(rng, 2);
    ZzFeatureMap map = new ZzFeatureMap(2, 2, Entanglement.FULL, 1.0);
    double[] ours = simulate(map.circuit(x));
    double[] paper = havlicek(x, 2, Entanglement.FULL);
    assertThat(fidelity(ours, conj(paper))).isCloseTo(1.0, within(EPS));
    double kOurs = fidelity(ours, simulate(map.circuit(y)));
    double kPaper = fidelity(paper, havlicek(y, 2, Entanglement.FULL));
    assertThat(kOurs).isCloseTo(kPaper, within(EPS));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"full", "linear", "circular"})
  void zz_fiveQubits_isHavlicekForEveryEntanglement(String ent) {
    SplittableRandom rng = new SplittableRandom(ent.hashCode());
    Entanglement e = Entanglement.parse(ent);
    double[] x = random(rng, 5);
    double[] ours = simulate(new ZzFeatureMap(5, 3, e, 1.0).circuit(x));
    assertThat(fidelity(ours, conj(havlicek(x, 3, e)))).isCloseTo(1.0, within(EPS));
  }

  @Test
  void zz_featureScale_scalesEveryFeatureFirst() {
    double[] x = {0.2, -0.7, 1.1};
    double[] sx = {0.1, -0.35, 0.55};
    double[] a = simulate(new ZzFeatureMap(3, 2, Entanglement.LINEAR, 0.5).circuit(x));
    double[] b = simulate(new ZzFeatureMap(3, 2, Entanglement.LINEAR, 1.0).circuit(sx));
    assertThat(fidelity(a, b)).isCloseTo(1.0, within(EPS));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void iqp_matchesPennyLaneDefinitionExactly(long seed) {
    double[] x = random(new SplittableRandom(seed), 4);
    double[] ours = simulate(new IqpEncoding(4, 2, Entanglement.FULL, 1.0).circuit(x));
    double[] def = iqpDefinition(x, 2);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as("amplitude component %d", i).isCloseTo(def[i], within(EPS));
    }
  }

  @Test
  void angle_kernelIsTheProductOfCosines() {
    double[] x = {0.3, -1.2, 2.0};
    double[] y = {1.0, 0.4, -0.5};
    for (AngleEncoding.Axis axis : AngleEncoding.Axis.values()) {
      AngleEncoding map = new AngleEncoding(3, axis, 1.0);
      double expected = 1;
      for (int i = 0; i < 3; i++) {
        expected *= Math.pow(Math.cos((x[i] - y[i]) / 2), 2);
      }
      double k = fidelity(simulate(map.circuit(x)), simulate(map.circuit(y)));
      assertThat(k).as(map.name()).isCloseTo(expected, within(EPS));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zz", "iqp", "angle_ry", "angle_rx", "amplitude", "mps"})
  void everyMap_agreesWithABruteForceDenseSimulation(String name) {
    double[] x = random(new SplittableRandom(name.hashCode()), 4);
    Circuit c = FeatureMaps.create(name, 4, 2, Entanglement.FULL, 0.8).circuit(x);
    assertThat(fidelity(simulate(c), DenseOracle.state(c))).isCloseTo(1.0, within(EPS));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zz", "iqp", "angle_ry", "angle_rx"})
  void everyMap_exportsToOpenQasmAndReadsBackToTheSameState(String name) {
    FeatureMap map = FeatureMaps.create(name, 3, 2, Entanglement.CIRCULAR, 1.3);
    double[] x = {0.4, -0.9, 2.2};
    Circuit c = map.circuit(x);
    Circuit back = OpenQasm.parse(OpenQasm.toQasm3(c));
    assertThat(fidelity(simulate(c), simulate(back))).isCloseTo(1.0, within(EPS));
    Circuit t = map.template();
    assertThat(t.isParameterized()).isTrue();
    assertThat(OpenQasm.parse(OpenQasm.toQasm3(t)).version()).isEqualTo(t.version());
    assertThat(t.gates()).hasSameSizeAs(c.gates());
  }

  @Test
  void report_countsDepthAndCx() {
    // n = 2, reps 2: each layer is H H | P P | CX P CX: depth 2 + 3 = 5, 2 CX.
    FeatureMap zz2 = new ZzFeatureMap(2, 2, Entanglement.FULL, 1);
    EncodingReport r = zz2.report(new double[] {0.1, 0.2});
    assertThat(r.depth()).isEqualTo(10);
    assertThat(r.cxCount()).isEqualTo(4);
    assertThat(r.gates()).isEqualTo(14);
    assertThat(r.fidelity()).isNaN();
    // n = 8, full: 28 pairs x 2 CX x 2 reps; linear: 7 pairs.
    double[] x8 = new double[8];
    assertThat(new ZzFeatureMap(8, 2, Entanglement.FULL, 1).report(x8).cxCount()).isEqualTo(112);
    assertThat(new IqpEncoding(8, 2, Entanglement.LINEAR, 1).report(x8).cxCount()).isEqualTo(28);
    EncodingReport angle = new AngleEncoding(8, AngleEncoding.Axis.Y, 1).report(x8);
    assertThat(angle.depth()).isEqualTo(1);
    assertThat(angle.cxCount()).isZero();
    assertThat(angle.encoding()).isEqualTo("angle_ry");
  }

  @Test
  void cxCount_usesTheStandardDecompositions() {
    Circuit c =
        Circuit.builder(3)
            .cx(0, 1)
            .cz(1, 2)
            .rzz(0, 2, 0.3)
            .swap(0, 1)
            .ccx(0, 1, 2)
            .unitary("u2", io.qstep.circuit.GateKind.SWAP.matrix(), 0, 1)
            .build();
    assertThat(EncodingReport.cxCount(c)).isEqualTo(1 + 1 + 2 + 3 + 6 + 3);
  }

  @Test
  void badInput_isRejected() {
    FeatureMap map = FeatureMaps.create("zz", 3, 2, Entanglement.FULL, 1);
    assertThatThrownBy(() -> map.circuit(new double[2])).hasMessageContaining("expected 3");
    assertThatThrownBy(() -> map.circuit(new double[] {0, Double.NaN, 0}))
        .hasMessageContaining("feature 1 is NaN");
    assertThatThrownBy(() -> FeatureMaps.create("zz", 3, 0, Entanglement.FULL, 1))
        .hasMessageContaining("reps must be >= 1");
    assertThatThrownBy(() -> FeatureMaps.create("pauli", 3, 1, Entanglement.FULL, 1))
        .hasMessageContaining("unknown feature map 'pauli'")
        .hasMessageContaining("zz, iqp");
    assertThatThrownBy(() -> Entanglement.parse("star")).hasMessageContaining("full, linear");
    assertThat(FeatureMaps.isKnown("")).isTrue();
    assertThat(FeatureMaps.isKnown("ANGLE")).isTrue();
    assertThat(FeatureMaps.isKnown("pauli")).isFalse();
  }

  /** Signed features in [−1, 1). */
  static double[] signed(SplittableRandom rng, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextDouble(-1, 1);
    }
    return x;
  }

  /** ⟨x, y⟩² / (|x|² |y|²): the squared cosine similarity. */
  static double cosine2(double[] x, int xo, double[] y, int yo, int d) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < d; i++) {
      xy += x[xo + i] * y[yo + i];
      xx += x[xo + i] * x[xo + i];
      yy += y[yo + i] * y[yo + i];
    }
    return xy * xy / (xx * yy);
  }

  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {1, 2, 5, 8, 64})
  void amplitude_preparesThePaddedNormalisedVector_onCeilLog2Qubits(int d) {
    FeatureMap map = FeatureMaps.create("amplitude", d, 1, Entanglement.FULL, 1);
    int n = d == 1 ? 1 : 32 - Integer.numberOfLeadingZeros(d - 1);
    assertThat(map.numQubits()).isEqualTo(n);
    double[] x = signed(new SplittableRandom(d), d);
    double norm = 0;
    for (double v : x) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    double[] psi = simulate(map.circuit(x));
    assertThat(psi).hasSize(2 << n);
    for (int i = 0; i < 1 << n; i++) {
      double want = i < d ? x[i] / norm : 0;
      assertThat(psi[2 * i]).as("re %d", i).isCloseTo(want, within(EPS));
      assertThat(psi[2 * i + 1]).as("im %d", i).isCloseTo(0, within(EPS));
    }
    EncodingReport r = map.report(x);
    assertThat(r.fidelity()).isEqualTo(1.0);
    assertThat(r.encoding()).isEqualTo("amplitude");
    assertThat(r.cxCount()).isEqualTo((1 << n) - 2);
  }

  @Test
  void amplitude_kernelIsTheSquaredCosineSimilarity_symmetricPsdUnitDiagonal() {
    int rows = 12;
    int d = 64; // digit pixels: 6 qubits
    SplittableRandom rng = new SplittableRandom(64);
    double[] x = signed(rng, rows * d);
    double[] t = signed(rng, 3 * d);
    FeatureMap map = FeatureMaps.create("amplitude", d, 1, Entanglement.FULL, 1);
    assertThat(map.numQubits()).isEqualTo(6);
    FidelityKernel.Result k = new FidelityKernel(map, 2).compute(x, rows, t, 3, () -> {});
    for (int i = 0; i < rows; i++) {
      assertThat(k.gram()[i * rows + i]).isCloseTo(1.0, within(EPS));
      for (int j = 0; j < rows; j++) {
        assertThat(k.gram()[i * rows + j])
            .as("K[%d][%d]", i, j)
            .isCloseTo(cosine2(x, i * d, x, j * d, d), within(EPS))
            .isEqualTo(k.gram()[j * rows + i]);
      }
    }
    for (int m = 0; m < 3; m++) {
      for (int j = 0; j < rows; j++) {
        assertThat(k.cross()[m * rows + j]).isCloseTo(cosine2(t, m * d, x, j * d, d), within(EPS));
      }
    }
    assertThat(KernelMetrics.minEigenvalue(k.gram(), rows)).isGreaterThan(-1e-10);
  }

  @Test
  void amplitude_template_isTheFixedMottonenStructure_boundToEveryCircuit() {
    FeatureMap map = FeatureMaps.create("amplitude", 6, 1, Entanglement.FULL, 1);
    Circuit t = map.template();
    assertThat(t.isParameterized()).isTrue();
    assertThat(t.parameters()).hasSize(7).startsWith("theta0"); // 1 + 2 + 4 RY on 3 qubits
    assertThat(OpenQasm.parse(OpenQasm.toQasm3(t)).version()).isEqualTo(t.version());
    SplittableRandom rng = new SplittableRandom(6);
    for (int trial = 0; trial < 3; trial++) {
      Circuit c = map.circuit(signed(rng, 6));
      assertThat(c.gates()).hasSameSizeAs(t.gates());
      Map<String, Double> binding = new HashMap<>();
      for (int g = 0; g < c.gates().size(); g++) {
        Gate gc = c.gates().get(g);
        Gate gt = t.gates().get(g);
        assertThat(gt.kind()).isEqualTo(gc.kind());
        assertThat(gt.qubits()).containsExactly(gc.qubits());
        if (gc.kind() == GateKind.RY) {
          binding.put(t.parameters().get(binding.size()), gc.angles(Map.of())[0]);
        }
      }
      assertThat(t.bind(binding)).isEqualTo(c);
    }
  }

  @Test
  void mps_kernelApproachesTheAmplitudeKernel_asTheEncodingFidelityGoesToOne() {
    int rows = 8;
    int d = 32; // 5 qubits: one bond-2 layer is far from exact for random data
    double[] x = signed(new SplittableRandom(32), rows * d);
    double[] amp =
        new FidelityKernel(FeatureMaps.create("amplitude", d, 1, Entanglement.FULL, 1), 1)
            .gram(x, rows, () -> {})
            .gram();
    double previousErr = Double.POSITIVE_INFINITY;
    for (double target : new double[] {0.8, 0.99, 0.99999}) {
      MpsFeatureMap map =
          new MpsFeatureMap(d, new MpsEncoding.Options(0, MpsEncoding.MAX_LAYERS, 10, target));
      assertThat(map.numQubits()).isEqualTo(5);
      double[] fid = new double[rows];
      for (int i = 0; i < rows; i++) {
        double[] row = java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d);
        fid[i] = map.report(row).fidelity();
        assertThat(fid[i]).isGreaterThanOrEqualTo(target).isLessThanOrEqualTo(1.0);
        // the reported fidelity is that of the simulated state to x̂ (the amplitude state)
        double[] psi = simulate(map.circuit(row));
        double[] exact = simulate(FeatureMaps.create("amplitude", d, 1, null, 1).circuit(row));
        assertThat(fidelity(psi, exact)).isCloseTo(fid[i], within(1e-9));
      }
      double[] k = new FidelityKernel(map, 1).gram(x, rows, () -> {}).gram();
      double err = 0;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < rows; j++) {
          double diff = Math.abs(k[i * rows + j] - amp[i * rows + j]);
          // |Tr A(ρ − ρ')| ≤ ‖ρ − ρ'‖₁ = 2√(1 − F) for pure states, for each of the two rows
          assertThat(diff).isLessThanOrEqualTo(2 * (Math.sqrt(1 - fid[i]) + Math.sqrt(1 - fid[j])));
          err = Math.max(err, diff);
        }
      }
      assertThat(err).as("target %s", target).isLessThanOrEqualTo(previousErr + 1e-12);
      previousErr = err;
    }
    assertThat(previousErr).isLessThan(0.02);
  }

  @Test
  void mps_defaultIsOneExactBond2Layer_andItsTemplateIsTheAllEqualVectorsCircuit() {
    MpsFeatureMap map = (MpsFeatureMap) FeatureMaps.create("mps", 3, 2, Entanglement.FULL, 1);
    assertThat(map.options()).isEqualTo(MpsFeatureMap.DEFAULT_OPTIONS);
    assertThat(map.numQubits()).isEqualTo(2); // at least two qubits for an MPS chain
    assertThat(FeatureMaps.create("mps", 1, 1, Entanglement.FULL, 1).numQubits()).isEqualTo(2);
    // 2 qubits: bond 2 is the whole state, so one layer is exact
    double[] x = {0.3, -0.8, 0.5};
    assertThat(map.report(x).fidelity()).isCloseTo(1.0, within(1e-10));
    assertThat(map.template()).isEqualTo(map.circuit(new double[] {1, 1, 1}));
    assertThat(map.template().isParameterized()).isFalse();
  }

  @Test
  void amplitudeAndMps_badInput_isRejected() {
    for (String name : new String[] {"amplitude", "mps", "AMP"}) {
      FeatureMap map = FeatureMaps.create(name, 4, 1, Entanglement.FULL, 1);
      assertThatThrownBy(() -> map.circuit(new double[4]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("zero vector");
      assertThatThrownBy(() -> map.circuit(new double[3])).hasMessageContaining("expected 4");
      assertThatThrownBy(() -> map.report(new double[] {1, Double.NaN, 0, 0}))
          .hasMessageContaining("feature 1 is NaN");
    }
    assertThat(FeatureMaps.NAMES).endsWith("amplitude", "mps");
    assertThat(FeatureMaps.isKnown("Amplitude")).isTrue();
    assertThatThrownBy(() -> FeatureMaps.create("amplitude", 0, 1, Entanglement.FULL, 1))
        .hasMessageContaining("numFeatures must be >= 1");
    assertThatThrownBy(() -> new MpsFeatureMap(4, null)).isInstanceOf(NullPointerException.class);
  }
}
