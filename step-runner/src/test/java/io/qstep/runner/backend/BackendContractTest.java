package io.qstep.runner.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suite every backend passes. A subclass supplies {@link #backend()} and, where its arithmetic
 * is coarser than double precision, a {@link #tolerance()}.
 *
 * <p>Oracles are analytic or {@link DenseOracle}, never another backend. Every random choice is
 * seeded from the test's arguments, so a failure replays. Tests skip (not fail) what a backend
 * declares it cannot do: exact mode, shots, a gate outside {@code nativeGates}, a circuit wider
 * than {@code maxQubits} (the caller rejects those before a backend sees them).
 */
public abstract class BackendContractTest {
  /** Expectation-value tolerance for double-precision backends. */
  protected static final double EPS_DOUBLE = 1e-9;

  /** Standard deviations a sampled count may stray from its binomial mean. */
  private static final double SIGMAS = 5;

  private static final long SEED = 20_240_601L;

  private Backend subject;

  /** A fresh backend under test; the suite closes it after each test. */
  protected abstract Backend backend();

  /** Absolute tolerance on expectation values; double precision unless overridden. */
  protected double tolerance() {
    return EPS_DOUBLE;
  }

  /**
   * The widest custom unitary the backend runs; wider ones must fail with CAPABILITY_MISMATCH
   * naming the field {@code qasm}. Unlimited unless overridden.
   */
  protected int maxUnitaryQubits() {
    return Integer.MAX_VALUE;
  }

  @BeforeEach
  final void openBackend() {
    subject = backend();
  }

  @AfterEach
  final void closeBackend() {
    subject.close();
  }

  // ---- capabilities ----

  @Test
  void capabilities_areSane() {
    BackendCapabilities caps = subject.capabilities();
    assertThat(subject.name()).isNotBlank();
    assertThat(subject.version()).isNotBlank();
    assertThat(caps.maxQubits()).isPositive();
    assertThat(caps.supportsExact() || caps.supportsShots()).isTrue();
    if (caps.supportsShots()) {
      assertThat(caps.maxShots()).isPositive();
    }
    assertThat(caps.nativeGates()).isNotEmpty();
    assertThat(caps.description()).isNotBlank();
    assertThat(subject.capabilities()).isEqualTo(caps);
  }

  // ---- exact mode: analytic states ----

  @Test
  void bell_hasPerfectCorrelations() {
    Circuit bell = Circuit.builder(2).h(0).cx(0, 1).build();
    assertThat(exact(bell, "ZZ", "XX", "YY", "ZI", "IZ", "XI"))
        .containsExactly(new double[] {1, 1, -1, 0, 0, 0}, within(tolerance()));
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {3, 4, 5, 6, 7, 8})
  void ghz_hasPerfectZCorrelationsAndXParity(int n) {
    Circuit.Builder b = Circuit.builder(n).h(0);
    for (int q = 1; q < n; q++) {
      b.cx(q - 1, q);
    }
    Circuit ghz = b.build();
    List<String> obs = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    obs.add("X".repeat(n));
    expected.add(1.0);
    obs.add("YY" + "X".repeat(n - 2));
    expected.add(-1.0);
    for (int k = 1; k < n; k++) {
      obs.add(pauliAt(n, 'Z', 0, k));
      expected.add(1.0);
      obs.add(pauliAt(n, 'Z', k));
      expected.add(0.0);
    }
    assertMatches(ghz, obs, expected.stream().mapToDouble(Double::doubleValue).toArray());
    assertThat(exact(ghz)).containsOnly(new double[] {0}, within(tolerance()));
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void ry_rotatesZTowardsX(long seed) {
    double theta = new SplittableRandom(seed).nextDouble(-2 * Math.PI, 2 * Math.PI);
    Circuit c = Circuit.builder(1).ry(0, theta).build();
    assertThat(exact(c, "Z", "X", "Y"))
        .containsExactly(new double[] {Math.cos(theta), Math.sin(theta), 0}, within(tolerance()));
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void rz_afterH_rotatesXTowardsY(long seed) {
    double phi = new SplittableRandom(seed).nextDouble(-2 * Math.PI, 2 * Math.PI);
    Circuit c = Circuit.builder(1).h(0).rz(0, phi).build();
    assertThat(exact(c, "X", "Y", "Z"))
        .containsExactly(new double[] {Math.cos(phi), Math.sin(phi), 0}, within(tolerance()));
  }

  @Test
  void defaultObservables_areZPerQubit() {
    Circuit c = Circuit.builder(3).x(1).build();
    assertThat(exact(c)).containsExactly(new double[] {1, -1, 1}, within(tolerance()));
  }

  @Test
  void circuitWithoutGates_staysInZeroState() {
    assertThat(exact(Circuit.builder(2).build()))
        .containsExactly(new double[] {1, 1}, within(tolerance()));
  }

  @ParameterizedTest(name = "x={0}")
  @ValueSource(ints = {0, 1, 6, 11, 15})
  void qft_ofBasisState_isProductOfPhases(int x) {
    int n = 4;
    List<String> obs = new ArrayList<>();
    double[] expected = new double[3 * n];
    for (int j = 0; j < n; j++) {
      // QFT|x⟩ = ⊗_j (|0⟩ + e^{2πi x 2^j / 2^n} |1⟩) / √2, qubit j as factor j
      double angle = 2 * Math.PI * x * (1 << j) / (1 << n);
      obs.add(pauliAt(n, 'X', j));
      obs.add(pauliAt(n, 'Y', j));
      obs.add(pauliAt(n, 'Z', j));
      expected[3 * j] = Math.cos(angle);
      expected[3 * j + 1] = Math.sin(angle);
    }
    assertMatches(qft(n, x), obs, expected);
  }

  // ---- exact mode: every gate against the dense oracle ----

  static Stream<Arguments> gatePlacements() {
    List<Arguments> out = new ArrayList<>();
    for (GateKind kind : GateKind.values()) {
      if (kind != GateKind.UNITARY) {
        for (List<Integer> qubits : orderedTuples(3, kind.numQubits())) {
          out.add(Arguments.of(kind, qubits));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("gatePlacements")
  void gate_onThreeQubits_matchesDenseOracle(GateKind kind, List<Integer> qubits) {
    assumeTrue(subject.capabilities().nativeGates().contains(kind), kind + " is not native");
    SplittableRandom rng = new SplittableRandom(kind.ordinal() * 1000L + qubits.hashCode());
    double[] angles = new double[kind.numParams()];
    for (int i = 0; i < angles.length; i++) {
      angles[i] = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
    }
    Circuit c = randomProductState(3, rng).gate(Gate.of(kind, ints(qubits), angles)).build();
    assertMatchesOracle(c);
  }

  static Stream<List<Integer>> unitaryPlacements() {
    return Stream.of(
        List.of(0),
        List.of(2),
        List.of(0, 1),
        List.of(1, 0),
        List.of(0, 2),
        List.of(2, 0),
        List.of(0, 1, 2),
        List.of(2, 0, 1));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("unitaryPlacements")
  void unitary_matchesDenseOracleOrIsCapabilityMismatch(List<Integer> qubits) {
    assumeTrue(subject.capabilities().nativeGates().contains(GateKind.UNITARY));
    SplittableRandom rng = new SplittableRandom(qubits.hashCode());
    double[] u = DenseOracle.randomUnitary(1 << qubits.size(), rng);
    Circuit c = randomProductState(3, rng).unitary("u", u, ints(qubits)).build();
    if (qubits.size() <= maxUnitaryQubits()) {
      assertMatchesOracle(c);
    } else {
      assertThatThrownBy(() -> exact(c))
          .isInstanceOfSatisfying(
              QStepException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
                assertThat(e.field()).isEqualTo("qasm");
              });
    }
  }

  // ---- shot mode ----

  @Test
  void sampling_returnsOneOutcomePerShotAndNoExpectations() {
    ExecutionResult r = sampled(Circuit.builder(2).h(0).cx(0, 1).build(), 1000, SEED);
    assertThat(r.expectations()).isNull();
    assertThat(r.samples()).hasSize(1000).containsOnly(0L, 3L);
    assertThat(r.numOutcomeBits()).isEqualTo(2);
  }

  @Test
  void sampling_sameSeed_givesIdenticalSamples() {
    Circuit c = uniform(4);
    assertThat(sampled(c, 2000, 7).samples()).isEqualTo(sampled(c, 2000, 7).samples());
  }

  @Test
  void sampling_differentSeed_givesDifferentSamples() {
    Circuit c = uniform(4);
    assertThat(sampled(c, 2000, 7).samples()).isNotEqualTo(sampled(c, 2000, 8).samples());
  }

  @Test
  void sampling_uniformSuperposition_countsWithinBinomialTolerance() {
    int n = 3;
    int shots = 20_000;
    long[] counts = counts(sampled(uniform(n), shots, SEED).samples(), 1 << n);
    for (int k = 0; k < counts.length; k++) {
      assertWithinBinomial(counts[k], shots, 1.0 / (1 << n), "outcome " + k);
    }
  }

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {11, 12, 13})
  void sampling_ry_countsWithinBinomialTolerance(long seed) {
    // p(1) = sin²(θ/2) kept in [0.12, 0.87] so that 5σ is a meaningful band
    double theta = new SplittableRandom(seed).nextDouble(0.7, 2.4);
    int shots = 10_000;
    long[] counts =
        counts(sampled(Circuit.builder(1).ry(0, theta).build(), shots, seed).samples(), 2);
    double p1 = Math.pow(Math.sin(theta / 2), 2);
    assertWithinBinomial(counts[1], shots, p1, "outcome 1");
  }

  @Test
  void sampling_measurementMapsQubitToClbit() {
    Circuit c = Circuit.builder(2).x(1).measure(1, 0).build();
    ExecutionResult r = sampled(c, 100, SEED);
    assertThat(r.samples()).containsOnly(1L);
    assertThat(r.numOutcomeBits()).isEqualTo(1);
  }

  @Test
  void sampling_measurementsPermuteBits() {
    Circuit c = Circuit.builder(3).x(0).measure(0, 2).measure(1, 0).measure(2, 1).build();
    ExecutionResult r = sampled(c, 100, SEED);
    assertThat(r.samples()).containsOnly(0b100L);
    assertThat(r.numOutcomeBits()).isEqualTo(3);
  }

  @Test
  void sampling_batch_answersEachRequestInOrder_withItsOwnShots() {
    BackendCapabilities caps = subject.capabilities();
    assumeTrue(caps.supportsShots(), "shots are not supported");
    List<Circuit> cs =
        List.of(
            Circuit.builder(3).x(0).build(),
            Circuit.builder(3).x(1).build(),
            Circuit.builder(3).x(0).x(2).build(),
            Circuit.builder(2).x(1).measure(1, 0).build());
    long[] want = {0b001, 0b010, 0b101, 1};
    List<ExecutionRequest> reqs = new ArrayList<>();
    for (int i = 0; i < cs.size(); i++) {
      reqs.add(ExecutionRequest.sampled(cs.get(i), 50 + 10 * i, SEED + i));
    }
    List<ExecutionResult> out = subject.executeBatch(reqs, StepContext.unbounded(SEED));
    assertThat(out).hasSize(cs.size());
    for (int i = 0; i < cs.size(); i++) {
      assertThat(out.get(i).samples()).as("request %d", i).hasSize(50 + 10 * i);
      assertThat(out.get(i).samples()).as("request %d", i).containsOnly(want[i]);
    }
    // a seeded simulator answers each request of a batch as it would alone
    if (caps.supportsExact()) {
      Circuit u = uniform(4);
      List<ExecutionResult> two =
          subject.executeBatch(
              List.of(ExecutionRequest.sampled(u, 500, 7), ExecutionRequest.sampled(u, 500, 8)),
              StepContext.unbounded(SEED));
      assertThat(two.get(0).samples()).isEqualTo(sampled(u, 500, 7).samples());
      assertThat(two.get(1).samples()).isEqualTo(sampled(u, 500, 8).samples());
    }
  }

  @Test
  void sampling_withoutMeasurements_outcomeIsBasisIndex() {
    ExecutionResult r = sampled(Circuit.builder(3).x(1).build(), 100, SEED);
    assertThat(r.samples()).containsOnly(0b010L);
    assertThat(r.numOutcomeBits()).isEqualTo(3);
  }

  // ---- execution contract ----

  @Test
  void execute_withCancelledContext_isCancelled() {
    StepContext ctx = StepContext.unbounded(SEED);
    ctx.cancel(ErrorReason.CANCELLED);
    long shots = subject.capabilities().supportsExact() ? 0 : 10;
    ExecutionRequest request =
        new ExecutionRequest(
            Circuit.builder(2).h(0).cx(0, 1).build(), shots, List.of(), SEED, 0, true);
    assertThatThrownBy(() -> subject.execute(request, ctx))
        .isInstanceOfSatisfying(
            QStepException.class, e -> assertThat(e.reason()).isEqualTo(ErrorReason.CANCELLED));
  }

  @Test
  void concurrentExecutions_agreeWithSequentialOnes() throws Exception {
    List<Circuit> circuits = new ArrayList<>();
    for (long seed = 0; seed < 6; seed++) {
      circuits.add(randomCircuit(4, 24, new SplittableRandom(seed)));
    }
    List<double[]> sequential = new ArrayList<>();
    for (Circuit c : circuits) {
      sequential.add(exact(c, "XYZI", "ZZZZ", "IXXI"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (Circuit c : circuits) {
          futures.add(pool.submit(() -> exact(c, "XYZI", "ZZZZ", "IXXI")));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(30, TimeUnit.SECONDS))
            .containsExactly(sequential.get(i % circuits.size()), within(tolerance()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- helpers for subclasses ----

  /** The backend of the running test. */
  protected final Backend subject() {
    return subject;
  }

  /** Exact expectations of {@code observables} (none: ⟨Z_i⟩ per qubit); skips where unsupported. */
  protected final double[] exact(Circuit c, String... observables) {
    BackendCapabilities caps = subject.capabilities();
    assumeTrue(caps.supportsExact(), "exact mode is not supported");
    assumeTrue(c.numQubits() <= caps.maxQubits(), "wider than maxQubits: the caller's job");
    ExecutionResult r =
        subject.execute(
            new ExecutionRequest(c, 0, List.of(observables), SEED, 0, true),
            StepContext.unbounded(SEED));
    assertThat(r.samples()).isNull();
    assertThat(r.executionMs()).isFinite().isGreaterThanOrEqualTo(0);
    assertThat(r.expectations())
        .hasSize(observables.length == 0 ? c.numQubits() : observables.length);
    return r.expectations();
  }

  /** A sampled run; skips where unsupported. */
  protected final ExecutionResult sampled(Circuit c, long shots, long seed) {
    BackendCapabilities caps = subject.capabilities();
    assumeTrue(caps.supportsShots(), "shots are not supported");
    assumeTrue(c.numQubits() <= caps.maxQubits(), "wider than maxQubits: the caller's job");
    assumeTrue(shots <= caps.maxShots(), "more than maxShots: the caller's job");
    ExecutionResult r =
        subject.execute(
            new ExecutionRequest(c, shots, List.of(), seed, 0, true), StepContext.unbounded(seed));
    assertThat(r.samples()).hasSize((int) shots);
    return r;
  }

  /** Compares all 4^n Pauli expectations (which fix the state up to a global phase). */
  protected final void assertMatchesOracle(Circuit c) {
    String[] paulis = DenseOracle.allPaulis(c.numQubits());
    double[] psi = DenseOracle.state(c);
    double[] expected = new double[paulis.length];
    for (int k = 0; k < paulis.length; k++) {
      expected[k] = DenseOracle.expectation(psi, paulis[k]);
    }
    assertMatches(c, Arrays.asList(paulis), expected);
  }

  private void assertMatches(Circuit c, List<String> observables, double[] expected) {
    double[] actual = exact(c, observables.toArray(String[]::new));
    List<String> wrong = new ArrayList<>();
    for (int k = 0; k < expected.length; k++) {
      if (!(Math.abs(actual[k] - expected[k]) <= tolerance())) {
        wrong.add("<" + observables.get(k) + "> = " + actual[k] + ", expected " + expected[k]);
      }
    }
    assertThat(wrong).as("expectations of %s", c.gates()).isEmpty();
  }

  private static void assertWithinBinomial(long count, long shots, double p, String what) {
    double sigma = Math.sqrt(shots * p * (1 - p));
    assertThat((double) count)
        .as("%s: %d of %d shots, p = %.4f", what, count, shots, p)
        .isCloseTo(shots * p, within(SIGMAS * sigma + 1));
  }

  /** The textbook QFT on |x⟩, qubit n−1 most significant, with the final swaps. */
  public static Circuit qft(int n, int x) {
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      if (((x >> q) & 1) != 0) {
        b.x(q);
      }
    }
    for (int j = n - 1; j >= 0; j--) {
      b.h(j);
      for (int k = j - 1; k >= 0; k--) {
        b.cp(k, j, Math.PI / (1 << (j - k)));
      }
    }
    for (int i = 0; i < n / 2; i++) {
      b.swap(i, n - 1 - i);
    }
    return b.build();
  }

  private static Circuit uniform(int n) {
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.h(q);
    }
    return b.build();
  }

  /** A random U(θ, φ, λ) on every qubit. */
  private static Circuit.Builder randomProductState(int n, SplittableRandom rng) {
    Circuit.Builder b = Circuit.builder(n);
    for (int q = 0; q < n; q++) {
      b.u(q, rng.nextDouble(Math.PI), rng.nextDouble(2 * Math.PI), rng.nextDouble(2 * Math.PI));
    }
    return b;
  }

  private Circuit randomCircuit(int n, int numGates, SplittableRandom rng) {
    List<GateKind> kinds = new ArrayList<>();
    for (GateKind k : GateKind.values()) {
      if (k != GateKind.UNITARY
          && k.numQubits() <= n
          && subject.capabilities().nativeGates().contains(k)) {
        kinds.add(k);
      }
    }
    Circuit.Builder b = randomProductState(n, rng);
    for (int g = 0; g < numGates; g++) {
      GateKind k = kinds.get(rng.nextInt(kinds.size()));
      List<List<Integer>> placements = orderedTuples(n, k.numQubits());
      int[] qubits = ints(placements.get(rng.nextInt(placements.size())));
      double[] angles = new double[k.numParams()];
      for (int i = 0; i < angles.length; i++) {
        angles[i] = rng.nextDouble(-Math.PI, Math.PI);
      }
      b.gate(Gate.of(k, qubits, angles));
    }
    return b.build();
  }

  /** Every ordered tuple of {@code k} distinct qubits out of {@code n}. */
  private static List<List<Integer>> orderedTuples(int n, int k) {
    List<List<Integer>> out = new ArrayList<>();
    extend(n, k, new ArrayList<>(), out);
    return out;
  }

  private static void extend(int n, int k, List<Integer> prefix, List<List<Integer>> out) {
    if (prefix.size() == k) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (int q = 0; q < n; q++) {
      if (!prefix.contains(q)) {
        prefix.add(q);
        extend(n, k, prefix, out);
        prefix.remove(prefix.size() - 1);
      }
    }
  }

  /** A Pauli string of identities with {@code p} at each of {@code qubits} (qubit 0 leftmost). */
  private static String pauliAt(int n, char p, int... qubits) {
    char[] s = "I".repeat(n).toCharArray();
    for (int q : qubits) {
      s[q] = p;
    }
    return new String(s);
  }

  private static long[] counts(long[] samples, int outcomes) {
    long[] c = new long[outcomes];
    for (long s : samples) {
      c[(int) s]++;
    }
    return c;
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
