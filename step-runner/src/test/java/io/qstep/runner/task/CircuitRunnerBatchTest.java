package io.qstep.runner.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.OpenQasm;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.backend.statevector.StateVectorBackendProvider;
import io.qstep.runner.stage.StepContext;
import io.qstep.task.StepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CircuitRunner} hands every shot-mode circuit of a step to {@link Backend#executeBatch} in
 * one call; on a simulator the answer is bit for bit what the earlier row-by-row loop gave (kept
 * here, verbatim in behaviour, as the oracle).
 */
class CircuitRunnerBatchTest {
  static final String TEMPLATE =
      "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] a;\ninput float[64] b;\n"
          + "qubit[3] q;\nry(a) q[0];\ncx q[0], q[1];\nry(b) q[2];\nrz(a) q[1];\nh q[2];\n"
          + "cx q[2], q[1];\n";
  static final String MEASURED =
      TEMPLATE + "bit[2] c;\nc[0] = measure q[1];\nc[1] = measure q[0];\n";
  static final List<String> OBSERVABLES = List.of("ZZI", "XIX", "IYZ", "III", "IIZ");

  /** Counts batch calls and the requests in them; runs them on the state-vector simulator. */
  static final class Recording implements Backend {
    final Backend sim = new StateVectorBackendProvider().create(10);
    final List<Integer> batches = new ArrayList<>();
    int singles;
    boolean exact = true;

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public BackendCapabilities capabilities() {
      BackendCapabilities c = sim.capabilities();
      // exact = false: a sampling-only backend, as a QPU
      return new BackendCapabilities(
          c.maxQubits(), c.nativeGates(), true, exact, c.noisy(), c.maxShots(), c.description());
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
      singles++;
      return sim.execute(request, ctx);
    }

    @Override
    public List<ExecutionResult> executeBatch(List<ExecutionRequest> requests, StepContext ctx) {
      batches.add(requests.size());
      List<ExecutionResult> out = new ArrayList<>();
      for (ExecutionRequest r : requests) {
        out.add(sim.execute(r, ctx));
      }
      return out;
    }

    @Override
    public void close() {
      sim.close();
    }
  }

  /** The row-by-row loop CircuitRunner ran before batching (shots > 0), as the oracle. */
  static CircuitRunner.Results oldPerRow(
      Backend backend,
      Circuit template,
      double[] params,
      int rows,
      List<String> observables,
      long shots,
      long seed) {
    int m = template.parameters().size();
    int n = template.numQubits();
    int k = observables.isEmpty() ? n : observables.size();
    boolean estimable = template.measurements().isEmpty();
    double[][] expectations = estimable ? new double[rows][] : null;
    long[][] samples = new long[rows][];
    SplittableRandom seeds = new SplittableRandom(seed);
    StepContext ctx = StepContext.unbounded(seed);
    double[] row = new double[m];
    for (int r = 0; r < rows; r++) {
      long rowSeed = seeds.nextLong();
      System.arraycopy(params, r * m, row, 0, m);
      Circuit bound = template.bind(row);
      ExecutionResult res =
          backend.execute(new ExecutionRequest(bound, shots, List.of(), rowSeed, 0, true), ctx);
      samples[r] = res.samples();
      if (!estimable) {
        continue;
      }
      double[] e = new double[k];
      if (observables.isEmpty()) {
        for (int q = 0; q < n; q++) {
          e[q] = CircuitRunner.zParity(res.samples(), 1L << q);
        }
      } else {
        for (int j = 0; j < k; j++) {
          String pauli = observables.get(j);
          if (pauli.chars().allMatch(c -> c == 'I' || c == 'Z')) {
            e[j] = CircuitRunner.zParity(res.samples(), CircuitRunner.mask(pauli));
          } else {
            Circuit.Builder b = Circuit.builder(bound.numQubits()).append(bound);
            for (int q = 0; q < pauli.length(); q++) {
              switch (pauli.charAt(q)) {
                case 'X' -> b.h(q);
                case 'Y' -> b.sdg(q).h(q);
                default -> {}
              }
            }
            long[] s =
                backend
                    .execute(
                        new ExecutionRequest(b.build(), shots, List.of(), rowSeed + 1 + j, 0, true),
                        ctx)
                    .samples();
            e[j] = CircuitRunner.zParity(s, CircuitRunner.mask(pauli));
          }
        }
      }
      expectations[r] = e;
    }
    return new CircuitRunner.Results(expectations, samples, 0);
  }

  static double[] params(int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] p = new double[rows * 2];
    for (int i = 0; i < p.length; i++) {
      p[i] = rng.nextDouble(-Math.PI, Math.PI);
    }
    return p;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42, 20260101})
  void shots_oneBatchCall_sameSamplesAndExpectationsAsRowByRow(long seed) {
    Circuit template = OpenQasm.parse(TEMPLATE);
    int rows = 7;
    double[] p = params(rows, seed);
    try (Recording rec = new Recording()) {
      CircuitRunner.Results got =
          new CircuitRunner(rec, StepOptions.defaults(), StepContext.unbounded(seed))
              .run(template, p, rows, OBSERVABLES, 200);
      // per row: the circuit and one rotated copy for each of XIX and IYZ
      assertThat(rec.batches).containsExactly(rows * 3);
      assertThat(rec.singles).isZero();
      CircuitRunner.Results want = oldPerRow(rec.sim, template, p, rows, OBSERVABLES, 200, seed);
      for (int r = 0; r < rows; r++) {
        assertThat(got.samples()[r]).as("row %d samples", r).isEqualTo(want.samples()[r]);
        assertThat(got.expectations()[r]).as("row %d", r).isEqualTo(want.expectations()[r]);
      }
      // ⟨Z_i⟩ per qubit when no observables are named
      CircuitRunner.Results z =
          new CircuitRunner(rec, StepOptions.defaults(), StepContext.unbounded(seed))
              .run(template, p, rows, List.of(), 64);
      CircuitRunner.Results wantZ = oldPerRow(rec.sim, template, p, rows, List.of(), 64, seed);
      for (int r = 0; r < rows; r++) {
        assertThat(z.samples()[r]).isEqualTo(wantZ.samples()[r]);
        assertThat(z.expectations()[r]).isEqualTo(wantZ.expectations()[r]);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 99})
  void measuredSubset_samplesOnly_sameAsRowByRow_onTheDefaultBatch(long seed) {
    Circuit template = OpenQasm.parse(MEASURED);
    int rows = 5;
    double[] p = params(rows, seed);
    // the plain state-vector backend: Backend's default executeBatch, request by request
    try (Backend sim = new StateVectorBackendProvider().create(10)) {
      CircuitRunner.Results got =
          new CircuitRunner(sim, StepOptions.defaults(), StepContext.unbounded(seed))
              .run(template, p, rows, List.of("XIX"), 300);
      CircuitRunner.Results want = oldPerRow(sim, template, p, rows, List.of("XIX"), 300, seed);
      assertThat(got.expectations()).isNull();
      assertThat(got.numOutcomeBits()).isEqualTo(2);
      for (int r = 0; r < rows; r++) {
        assertThat(got.samples()[r]).isEqualTo(want.samples()[r]);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void largeSweep_simulatorGetsChunks_qpuGetsOneCall_sameAnswers() {
    Circuit template = OpenQasm.parse(TEMPLATE);
    int rows = 400; // × 3 requests: over SIMULATOR_CHUNK
    double[] p = params(rows, 77);
    List<String> obs = List.of("XIX", "IYZ");
    try (Recording sim = new Recording();
        Recording qpu = new Recording()) {
      qpu.exact = false;
      CircuitRunner.Results a =
          new CircuitRunner(sim, StepOptions.defaults(), StepContext.unbounded(77))
              .run(template, p, rows, obs, 16);
      CircuitRunner.Results b =
          new CircuitRunner(qpu, StepOptions.defaults(), StepContext.unbounded(77))
              .run(template, p, rows, obs, 16);
      // the batch is flushed after the row that reaches the chunk size: 342 rows × 3 = 1026
      assertThat(sim.batches).containsExactly(1026, 174);
      assertThat(qpu.batches).containsExactly(rows * 3);
      CircuitRunner.Results want = oldPerRow(sim.sim, template, p, rows, obs, 16, 77);
      for (int r = 0; r < rows; r++) {
        assertThat(a.samples()[r]).isEqualTo(want.samples()[r]);
        assertThat(b.samples()[r]).isEqualTo(want.samples()[r]);
        assertThat(a.expectations()[r]).isEqualTo(want.expectations()[r]);
        assertThat(b.expectations()[r]).isEqualTo(want.expectations()[r]);
      }
    }
  }
}
