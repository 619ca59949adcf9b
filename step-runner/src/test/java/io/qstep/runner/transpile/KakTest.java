package io.qstep.runner.transpile;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KAK decomposition and minimal-CX synthesis. Oracles independent of {@link Kak}: the canonical
 * gate as a product of cos·I + i sin·σσ factors, dense products of the emitted gates' own matrices
 * ({@link Equivalence#unitary}), and the state-vector engine on the four basis inputs. Haar-random
 * inputs are Gram-Schmidt (QR with a positive-diagonal R, i.e. the phase fix) of complex Ginibre
 * matrices ({@link Equivalence#randomUnitary}), seeded.
 */
class KakTest {
  static final Kak.Orientation ANY = (c, t) -> true;

  static LongStream seeds() {
    return LongStream.range(0, 50);
  }

  /** exp(i(a XX + b YY + c ZZ)) as the product of cos·I + i sin·σσ (the terms commute). */
  static double[] canonical(double a, double b, double c) {
    double[] out = Kak.kron(OneQubit.identity(), OneQubit.identity());
    double[][] ps = {GateKind.X.matrix(), GateKind.Y.matrix(), GateKind.Z.matrix()};
    double[] cs = {a, b, c};
    for (int k = 0; k < 3; k++) {
      double[] ss = Kak.kron(ps[k], ps[k]);
      double[] e = new double[32];
      for (int i = 0; i < 16; i++) {
        e[2 * i] = (i % 5 == 0 ? Math.cos(cs[k]) : 0) - Math.sin(cs[k]) * ss[2 * i + 1];
        e[2 * i + 1] = Math.sin(cs[k]) * ss[2 * i];
      }
      out = Kak.mul(out, e, 4);
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decompose_haarRandom_reconstructs(long seed) {
    double[] u = Equivalence.randomUnitary(4, new SplittableRandom(seed));
    Kak.Decomposition d = Kak.decompose(u);
    double[] c = d.coeffs();
    double[] v =
        Kak.mul(
            Kak.mul(Kak.kron(d.a1(), d.b1()), canonical(c[0], c[1], c[2]), 4),
            Kak.kron(d.a2(), d.b2()),
            4);
    assertThat(1 - Equivalence.phaseFidelity(u, v)).isLessThan(1e-12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void threeCx_equalsCanonicalGate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double a = r.nextDouble(-1, 1);
    double b = r.nextDouble(-1, 1);
    double c = r.nextDouble(-1, 1);
    Kak.Emitter e = new Kak.Emitter(1, 0, ANY);
    Kak.threeCx(e, a, b, c);
    double[] v = Equivalence.unitary(2, e.finish());
    assertThat(1 - Equivalence.phaseFidelity(canonical(a, b, c), v)).isLessThan(1e-12);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void synthesize_haarRandom_matchesUpToPhase(long seed) {
    double[] u = Equivalence.randomUnitary(4, new SplittableRandom(seed));
    List<Gate> gates = Kak.synthesize(u, 1, 0, ANY);
    double[] v = Equivalence.unitary(2, gates);
    assertThat(1 - Equivalence.phaseFidelity(u, v)).isLessThan(1e-12);
  }

  /** A random SU(2)-ish one-qubit unitary. */
  static double[] local(SplittableRandom r) {
    return GateKind.U.matrix(
        r.nextDouble(Math.PI), r.nextDouble(-Math.PI, Math.PI), r.nextDouble(-Math.PI, Math.PI));
  }

  /** (a1 ⊗ b1) · core · (a2 ⊗ b2) with random locals. */
  static double[] dressed(double[] core, SplittableRandom r) {
    return Kak.mul(Kak.mul(Kak.kron(local(r), local(r)), core, 4), Kak.kron(local(r), local(r)), 4);
  }

  static double[] c(double... reIm) {
    return reIm;
  }

  static double[] diag(double[] phases) {
    double[] m = new double[32];
    for (int k = 0; k < 4; k++) {
      m[2 * (5 * k)] = Math.cos(phases[k]);
      m[2 * (5 * k) + 1] = Math.sin(phases[k]);
    }
    return m;
  }

  static final double[] IDENTITY = diag(new double[4]);
  static final double[] SWAP = GateKind.SWAP.matrix();
  static final double[] ISWAP = {
    1, 0, 0, 0, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 1, 0, 0, //
    0, 0, 0, 1, 0, 0, 0, 0, //
    0, 0, 0, 0, 0, 0, 1, 0
  };
  static final double[] SQRT_SWAP = {
    1, 0, 0, 0, 0, 0, 0, 0, //
    0, 0, 0.5, 0.5, 0.5, -0.5, 0, 0, //
    0, 0, 0.5, -0.5, 0.5, 0.5, 0, 0, //
    0, 0, 0, 0, 0, 0, 1, 0
  };

  static Stream<Arguments> classes() {
    double[] cxryry =
        Kak.mul(
            Kak.mul(
                GateKind.CX.matrix(),
                Kak.kron(GateKind.RY.matrix(0.7), GateKind.RY.matrix(-1.3)),
                4),
            GateKind.CX.matrix(),
            4);
    SplittableRandom r = new SplittableRandom(42);
    double[] so4 = randomSo4(r);
    return Stream.of(
        Arguments.of("identity", IDENTITY, 0, false),
        Arguments.of("local product", Kak.kron(local(r), local(r)), 0, false),
        Arguments.of("cx", GateKind.CX.matrix(), 1, false),
        Arguments.of("cz", GateKind.CZ.matrix(), 1, false),
        Arguments.of("ecr", GateKind.ECR.matrix(), 1, false),
        Arguments.of("cx dressed", GateKind.CX.matrix(), 1, true),
        Arguments.of("cz dressed", GateKind.CZ.matrix(), 1, true),
        Arguments.of("cy reversed", swappedQubits(GateKind.CY.matrix()), 1, true),
        Arguments.of("cx.(ry x ry).cx", cxryry, 2, false),
        Arguments.of("real SO(4)", so4, 2, false),
        Arguments.of("cp(0.3)", GateKind.CP.matrix(0.3), 2, true),
        // nearly degenerate spectra: eigenvalue gaps of 1e-7 and 1e-12
        Arguments.of("cp(1e-7)", GateKind.CP.matrix(1e-7), 2, true),
        Arguments.of("cp(1e-12) (below EPS_COEFF)", GateKind.CP.matrix(1e-12), 0, true),
        Arguments.of(
            "cz.cp(1e-7)", Kak.mul(GateKind.CZ.matrix(), GateKind.CP.matrix(1e-7), 4), 2, true),
        Arguments.of("rzz(1.1)", GateKind.RZZ.matrix(1.1), 2, true),
        Arguments.of(
            "rxx(0.4).ryy(0.9)",
            Kak.mul(GateKind.RXX.matrix(0.4), GateKind.RYY.matrix(0.9), 4),
            2,
            true),
        Arguments.of("iswap", ISWAP, 2, false),
        Arguments.of("iswap dressed", ISWAP, 2, true),
        Arguments.of("swap", SWAP, 3, false),
        Arguments.of("swap dressed", SWAP, 3, true),
        Arguments.of("sqrt swap", SQRT_SWAP, 3, false),
        Arguments.of("swap.cz", Kak.mul(SWAP, GateKind.CZ.matrix(), 4), 2, false),
        Arguments.of("swap.cp(0.3)", Kak.mul(SWAP, GateKind.CP.matrix(0.3), 4), 3, false),
        Arguments.of("canonical(0.1, 0.2, 0.3)", canonical(0.1, 0.2, 0.3), 3, true),
        Arguments.of(
            "canonical(pi/4, 0, 0) + 2 pi", canonical(Math.PI / 4 + 2 * Math.PI, 0, 0), 1, true),
        Arguments.of("canonical(-pi/4, 0, 0)", canonical(-Math.PI / 4, 0, 0), 1, true),
        Arguments.of("canonical(0, -pi/4, 0)", canonical(0, -Math.PI / 4, 0), 1, true),
        Arguments.of("canonical(0, 0, 3pi/4)", canonical(0, 0, 3 * Math.PI / 4), 1, true),
        Arguments.of(
            "canonical(pi/2, pi/2, 0.4)", canonical(Math.PI / 2, Math.PI / 2, 0.4), 2, true),
        Arguments.of("canonical(0.3, 0, 0.5)", canonical(0.3, 0, 0.5), 2, true),
        Arguments.of("canonical(0.3, 0.5, 0)", canonical(0.3, 0.5, 0), 2, true),
        Arguments.of("canonical(0, 0.3, 0.5)", canonical(0, 0.3, 0.5), 2, true));
  }

  static double[] swappedQubits(double[] m) {
    return Kak.mul(Kak.mul(SWAP, m, 4), SWAP, 4);
  }

  /**
   * Real orthogonal with det +1: Gram-Schmidt of a real Gaussian matrix, a column negated if
   * needed.
   */
  static double[] randomSo4(SplittableRandom r) {
    double[] m = new double[16];
    for (int i = 0; i < 16; i++) {
      m[i] = r.nextDouble(-1, 1);
    }
    for (int c = 0; c < 4; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int i = 0; i < 4; i++) {
          dot += m[4 * i + p] * m[4 * i + c];
        }
        for (int i = 0; i < 4; i++) {
          m[4 * i + c] -= dot * m[4 * i + p];
        }
      }
      double n = 0;
      for (int i = 0; i < 4; i++) {
        n += m[4 * i + c] * m[4 * i + c];
      }
      for (int i = 0; i < 4; i++) {
        m[4 * i + c] /= Math.sqrt(n);
      }
    }
    double[] z = Kak.real2complex(m);
    if (Kak.det4(z)[0] < 0) {
      for (int i = 0; i < 4; i++) {
        z[2 * (4 * i + 3)] = -z[2 * (4 * i + 3)];
      }
    }
    return z;
  }

  @ParameterizedTest(name = "{0}: {2} CX (dressed: {3})")
  @MethodSource("classes")
  void synthesize_knownClass_hitsMinimalCxCountAndMatches(
      String name, double[] core, int cx, boolean dress) {
    for (long seed = 0; seed < (dress ? 8 : 1); seed++) {
      double[] u = dress ? dressed(core, new SplittableRandom(seed)) : core;
      Kak.Decomposition d = Kak.decompose(u);
      assertThat(d).as(name).isNotNull();
      assertThat(d.cxCount()).as(name).isEqualTo(cx);
      List<Gate> gates = Kak.synthesize(u, 1, 0, ANY);
      assertThat(gates.stream().filter(g -> g.kind() == GateKind.CX).count()).isEqualTo(cx);
      // the cheap invariant filter never rules out a saving; it rules out 3 -> 2 when there is none
      // (2 -> 1 only by tr γ ∉ {0, ±4}: the iSWAP class passes the filter and the decomposition
      // decides)
      assertThat(TwoQubitBlocks.mayShrink(u, cx + 1)).as(name).isTrue();
      if (cx == 3) {
        assertThat(TwoQubitBlocks.mayShrink(u, cx)).as(name).isFalse();
      }
      assertThat(TwoQubitBlocks.distance(u, Equivalence.unitary(2, gates)))
          .as(name)
          .isLessThan(1e-9);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void synthesize_haarRandom_needsThreeCxAndMatchesEntrywise(long seed) {
    double[] u = Equivalence.randomUnitary(4, new SplittableRandom(seed + 1000));
    List<Gate> gates = Kak.synthesize(u, 1, 0, ANY);
    assertThat(gates.stream().filter(g -> g.arity() == 2).count()).isEqualTo(3);
    assertThat(TwoQubitBlocks.distance(u, Equivalence.unitary(2, gates))).isLessThan(1e-9);
    for (double x : Kak.decompose(u).coeffs()) {
      assertThat(Math.abs(x)).isLessThanOrEqualTo(Math.PI / 4 + 1e-12);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void synthesize_directedPair_orientsEveryCxAndStillMatches(long seed) {
    double[] u = Equivalence.randomUnitary(4, new SplittableRandom(seed + 2000));
    // physical qubits 3 (high bit) and 5; only 5 -> 3 allowed
    Kak.Orientation only53 = (c, t) -> c == 5 && t == 3;
    List<Gate> gates = Kak.synthesize(u, 3, 5, only53);
    for (Gate g : gates) {
      if (g.arity() == 2) {
        assertThat(g.qubits()).containsExactly(5, 3);
      }
    }
    List<Gate> remapped =
        gates.stream().map(g -> Equivalence.remap(g, q -> q == 3 ? 1 : 0)).toList();
    assertThat(TwoQubitBlocks.distance(u, Equivalence.unitary(2, remapped))).isLessThan(1e-9);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decompose_simulatedByStateVector_matchesEveryBasisColumn(long seed) {
    // second oracle: the state-vector engine on the four basis inputs
    double[] u = Equivalence.randomUnitary(4, new SplittableRandom(seed + 3000));
    List<Gate> gates = Kak.synthesize(u, 1, 0, ANY);
    double[] v = new double[32];
    for (int col = 0; col < 4; col++) {
      io.qstep.circuit.Circuit.Builder b = io.qstep.circuit.Circuit.builder(2);
      if ((col & 1) != 0) {
        b.x(0);
      }
      if ((col & 2) != 0) {
        b.x(1);
      }
      gates.forEach(b::gate);
      try (io.qstep.runner.sim.StateVector s =
          new io.qstep.runner.sim.StateVectorSimulator(
                  io.qstep.runner.sim.SimOptions.defaults().withThreads(1))
              .run(b.build())) {
        double[] amp = s.amplitudes();
        for (int row = 0; row < 4; row++) {
          v[2 * (4 * row + col)] = amp[2 * row];
          v[2 * (4 * row + col) + 1] = amp[2 * row + 1];
        }
      }
    }
    assertThat(TwoQubitBlocks.distance(u, v)).isLessThan(1e-9);
  }
}
