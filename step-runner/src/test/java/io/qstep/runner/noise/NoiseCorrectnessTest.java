package io.qstep.runner.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.runner.calibration.CalibrationSnapshot;
import io.qstep.runner.calibration.Calibrations;
import io.qstep.runner.sim.SimOptions;
import io.qstep.runner.sim.StateVector;
import io.qstep.runner.sim.StateVectorSimulator;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The noisy simulators against independent oracles: the ideal state-vector engine in the noise-free
 * limit, analytic T1 decay and T2 dephasing, the average gate fidelity of the calibrated error, and
 * the physical invariants of a density matrix (trace 1, Hermitian, PSD).
 */
class NoiseCorrectnessTest {
  static final double EPS_EXACT = 1e-12;
  static final StepContext CTX = StepContext.unbounded(1);
  static final SimOptions OPTS = SimOptions.defaults();

  static DensityMatrix dm(Circuit c, NoiseModel m) {
    return new DensityMatrixSimulator(m, OPTS).run(c, CTX);
  }

  /** A random circuit over every non-custom gate kind and a few custom unitaries. */
  static Circuit randomCircuit(int n, int gates, SplittableRandom rng) {
    List<GateKind> kinds = new ArrayList<>();
    for (GateKind k : GateKind.values()) {
      if (k != GateKind.UNITARY && k.numQubits() <= n) {
        kinds.add(k);
      }
    }
    Circuit.Builder b = Circuit.builder(n);
    for (int i = 0; i < gates; i++) {
      GateKind k = kinds.get(rng.nextInt(kinds.size()));
      int[] q = distinct(n, k.numQubits(), rng);
      double[] a = new double[k.numParams()];
      for (int j = 0; j < a.length; j++) {
        a[j] = rng.nextDouble(-Math.PI, Math.PI);
      }
      b.gate(Gate.of(k, q, a));
    }
    return b.build();
  }

  static int[] distinct(int n, int k, SplittableRandom rng) {
    int[] q = new int[k];
    for (int i = 0; i < k; i++) {
      boolean fresh;
      do {
        q[i] = rng.nextInt(n);
        fresh = true;
        for (int j = 0; j < i; j++) {
          fresh &= q[j] != q[i];
        }
      } while (!fresh);
    }
    return q;
  }

  // ---- noise-free limit ----

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void zeroErrorRates_giveTheIdealStateExactly(long seed) {
    int n = 5;
    Circuit c = randomCircuit(n, 40, new SplittableRandom(seed));
    NoiseModel ideal = NoiseModel.of(CalibrationSnapshot.uniform(n, 100, 80, 0, 0, 0, 0, 0, 0));
    try (StateVector psi = new StateVectorSimulator(OPTS).run(c);
        DensityMatrix rho = dm(c, ideal)) {
      double[] a = psi.amplitudes();
      int dim = 1 << n;
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          // ρ = |ψ⟩⟨ψ|: ρ_ij = a_i conj(a_j)
          double re = a[2 * i] * a[2 * j] + a[2 * i + 1] * a[2 * j + 1];
          double im = a[2 * i + 1] * a[2 * j] - a[2 * i] * a[2 * j + 1];
          assertThat(rho.re(i, j)).isCloseTo(re, within(EPS_EXACT));
          assertThat(rho.im(i, j)).isCloseTo(im, within(EPS_EXACT));
        }
      }
    }
  }

  @Test
  void noiseScaleZero_isTheIdealCircuitEvenOnANoisyDevice() {
    Circuit c = randomCircuit(4, 30, new SplittableRandom(9));
    NoiseModel m = NoiseModel.of(Calibrations.sample()).scaled(0);
    try (StateVector psi = new StateVectorSimulator(OPTS).run(c);
        DensityMatrix rho = dm(c, m)) {
      assertThat(rho.probabilities()).containsExactly(psi.probabilities(), within(EPS_EXACT));
    }
  }

  // ---- analytic relaxation ----

  /** One qubit with T1, T2, a noiseless X and an identity gate of {@code idNs}. */
  static NoiseModel idle(double t1Us, double t2Us, double idNs) {
    return NoiseModel.of(
        CalibrationSnapshot.builder("idle")
            .qubit(t1Us, t2Us, 0, 0)
            .gate("x", 0, 0, 0)
            .gate("sx", 0, 0, 0)
            .gate("id", 0, idNs, 0)
            .build());
  }

  @ParameterizedTest(name = "k={0}")
  @ValueSource(ints = {1, 5, 20, 60})
  void amplitudeDamping_followsExpMinusTOverT1(int k) {
    double t1 = 50;
    NoiseModel m = idle(t1, 2 * t1, 1000);
    Circuit.Builder b = Circuit.builder(1).x(0);
    for (int i = 0; i < k; i++) {
      b.i(0);
    }
    double tUs = k * 1.0;
    try (DensityMatrix rho = dm(b.build(), m)) {
      assertThat(rho.re(1, 1)).isCloseTo(Math.exp(-tUs / t1), within(EPS_EXACT));
      assertThat(rho.expectationsZ()[0]).isCloseTo(1 - 2 * Math.exp(-tUs / t1), within(EPS_EXACT));
    }
    // noise scale 2 stretches time: exp(-2t/T1)
    try (DensityMatrix rho = dm(b.build(), m.scaled(2))) {
      assertThat(rho.re(1, 1)).isCloseTo(Math.exp(-2 * tUs / t1), within(EPS_EXACT));
    }
  }

  @ParameterizedTest(name = "k={0}")
  @ValueSource(ints = {1, 7, 30})
  void coherence_decaysAsExpMinusTOverT2(int k) {
    double t1 = 60;
    double t2 = 35;
    NoiseModel m = idle(t1, t2, 500);
    Circuit.Builder b = Circuit.builder(1).h(0);
    for (int i = 0; i < k; i++) {
      b.i(0);
    }
    double tUs = k * 0.5;
    try (DensityMatrix rho = dm(b.build(), m)) {
      assertThat(rho.expectationPauli("X")).isCloseTo(Math.exp(-tUs / t2), within(EPS_EXACT));
      assertThat(rho.expectationPauli("Y")).isCloseTo(0, within(EPS_EXACT));
      // population relaxes towards |0⟩: P(1) = ½ exp(-t/T1)
      assertThat(rho.re(1, 1)).isCloseTo(0.5 * Math.exp(-tUs / t1), within(EPS_EXACT));
    }
  }

  // ---- calibrated gate error ----

  /** The six Pauli eigenstates (a 2-design) as circuits and Bloch vectors. */
  static final Object[][] CARDINAL = {
    {Circuit.builder(1).build(), new double[] {0, 0, 1}},
    {Circuit.builder(1).x(0).build(), new double[] {0, 0, -1}},
    {Circuit.builder(1).h(0).build(), new double[] {1, 0, 0}},
    {Circuit.builder(1).x(0).h(0).build(), new double[] {-1, 0, 0}},
    {Circuit.builder(1).h(0).s(0).build(), new double[] {0, 1, 0}},
    {Circuit.builder(1).h(0).sdg(0).build(), new double[] {0, -1, 0}},
  };

  @ParameterizedTest(name = "error={0}")
  @ValueSource(doubles = {1e-4, 1e-3, 5e-3, 2e-2})
  void noiseAfterAGate_hasTheCalibratedAverageGateError(double error) {
    // T1/T2 and a 35 ns gate: relaxation supplies part of the error, depolarising the rest
    CalibrationSnapshot cal =
        CalibrationSnapshot.builder("one").qubit(20, 15, 0, 0).gate("x", error, 35, 0).build();
    List<Channel> channels = NoiseModel.of(cal).after(Gate.of(GateKind.X, new int[] {0}));
    NoiseModel ideal = idle(100, 100, 0);
    double fidelity = 0;
    for (Object[] s : CARDINAL) {
      double[] r = (double[]) s[1];
      try (DensityMatrix rho = dm((Circuit) s[0], ideal)) {
        for (Channel ch : channels) {
          DensityMatrixSimulator.apply(rho, ch, 1);
        }
        double[] after = {
          rho.expectationPauli("X"), rho.expectationPauli("Y"), rho.expectationPauli("Z")
        };
        fidelity += (1 + r[0] * after[0] + r[1] * after[1] + r[2] * after[2]) / 2;
      }
    }
    fidelity /= CARDINAL.length;
    // relaxation over 35 ns alone costs ~1.1e-3: a smaller calibrated error cannot be met
    double relax = relaxInfidelity(20, 15, 35);
    assertThat(relax).isBetween(1e-3, 2e-3);
    assertThat(1 - fidelity).isCloseTo(Math.max(error, relax), within(1e-12));
  }

  /** Average gate infidelity of thermal relaxation alone: 1 − (2 Fe + 1)/3. */
  static double relaxInfidelity(double t1Us, double t2Us, double ns) {
    double fe = (1 + 2 * Math.exp(-ns / 1e3 / t2Us) + Math.exp(-ns / 1e3 / t1Us)) / 4;
    return 1 - (2 * fe + 1) / 3;
  }

  @Test
  void twoQubitError_isDepolarisingWithTheCalibratedRate() {
    double e2 = 0.02;
    NoiseModel m =
        NoiseModel.of(
            CalibrationSnapshot.builder("two")
                .qubit(100, 100, 0, 0)
                .qubit(100, 100, 0, 0)
                .gate("sx", 0, 0, 0)
                .gate("sx", 0, 0, 1)
                .gate("cx", e2, 0, 0, 1)
                .build());
    try (DensityMatrix rho = dm(Circuit.builder(2).h(0).cx(0, 1).build(), m)) {
      // average gate error r of a d=4 depolariser: p = r·d/(d−1); correlators shrink by 1 − p
      double shrink = 1 - e2 * 4 / 3;
      assertThat(rho.expectationPauli("ZZ")).isCloseTo(shrink, within(EPS_EXACT));
      assertThat(rho.expectationPauli("XX")).isCloseTo(shrink, within(EPS_EXACT));
      assertThat(rho.expectationPauli("YY")).isCloseTo(-shrink, within(EPS_EXACT));
    }
    try (DensityMatrix rho = dm(Circuit.builder(2).h(0).cx(0, 1).build(), m.scaled(3))) {
      assertThat(rho.expectationPauli("ZZ")).isCloseTo(Math.pow(1 - e2 * 4 / 3, 3), within(1e-12));
    }
  }

  // ---- physical invariants ----

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {11, 12, 13, 14})
  void densityMatrix_staysHermitianPsdWithUnitTrace(long seed) {
    int n = 4;
    Circuit c = randomCircuit(n, 30, new SplittableRandom(seed));
    NoiseModel m = NoiseModel.of(Calibrations.sample()).scaled(20);
    try (DensityMatrix rho = dm(c, m)) {
      assertThat(rho.trace()).isCloseTo(1, within(EPS_EXACT));
      int dim = 1 << n;
      // Hermitian H = A + iB has the eigenvalues of the real symmetric [[A, -B], [B, A]] (doubled)
      SimpleMatrix big = new SimpleMatrix(2 * dim, 2 * dim);
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          assertThat(rho.re(i, j)).isCloseTo(rho.re(j, i), within(EPS_EXACT));
          assertThat(rho.im(i, j)).isCloseTo(-rho.im(j, i), within(EPS_EXACT));
          big.set(i, j, rho.re(i, j));
          big.set(i + dim, j + dim, rho.re(i, j));
          big.set(i, j + dim, -rho.im(i, j));
          big.set(i + dim, j, rho.im(i, j));
        }
      }
      double min = Double.MAX_VALUE;
      double max = 0;
      var eig = big.eig();
      for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
        min = Math.min(min, eig.getEigenvalue(k).getReal());
        max = Math.max(max, eig.getEigenvalue(k).getReal());
      }
      assertThat(min).isGreaterThan(-1e-10);
      // noise made it mixed: purity below 1, largest eigenvalue below 1
      assertThat(max).isLessThan(0.999);
    }
  }

  @Test
  void circuitWiderThanCalibration_isCapabilityMismatchNamingQasm() {
    NoiseModel m = NoiseModel.of(CalibrationSnapshot.uniform(3, 100, 80, 0, 0, 0, 0, 0, 0));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dm(Circuit.builder(4).h(3).build(), m))
        .isInstanceOfSatisfying(
            io.qstep.error.QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(io.qstep.error.ErrorReason.CAPABILITY_MISMATCH);
              assertThat(e.field()).isEqualTo("qasm");
              assertThat(e.getMessage()).contains("4 qubits").contains("covers 3");
            });
  }
}
