package io.qstep.runner.backend.strange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.BackendContractTest;
import io.qstep.runner.backend.DenseOracle;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.stage.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StrangeBackendTest extends BackendContractTest {
  /** Strange keeps amplitudes in floats; a few dozen gates stay well inside this. */
  private static final double EPS_FLOAT = 1e-5;

  @Override
  protected Backend backend() {
    return new StrangeBackendProvider().create(30);
  }

  @Override
  protected double tolerance() {
    return EPS_FLOAT;
  }

  @Override
  protected int maxUnitaryQubits() {
    return 2;
  }

  @Test
  void provider_isAvailableUnderItsName() {
    StrangeBackendProvider p = new StrangeBackendProvider();
    assertThat(p.name()).isEqualTo("strange");
    assertThat(p.priority()).isEqualTo(5);
    assertThat(p.isAvailable()).isTrue();
    assertThat(p.unavailableReason()).isEmpty();
  }

  @Test
  void provider_withoutStrangeClasses_isUnavailableWithoutThrowing() {
    StrangeBackendProvider p = new StrangeBackendProvider("org.redfx.strange.NoSuchClass");
    assertThat(p.isAvailable()).isFalse();
    assertThat(p.unavailableReason()).contains("not on the class path");
  }

  @Test
  void capabilities_capWidthAtSixteenOrTheServerLimit() {
    BackendCapabilities caps = subject().capabilities();
    assertThat(caps.maxQubits()).isEqualTo(16);
    assertThat(new StrangeBackendProvider().create(5).capabilities().maxQubits()).isEqualTo(5);
    assertThat(caps.nativeGates()).containsExactlyInAnyOrder(GateKind.values());
    assertThat(caps.supportsShots()).isTrue();
    assertThat(caps.supportsExact()).isTrue();
    assertThat(caps.noisy()).isFalse();
    assertThat(caps.maxShots()).isEqualTo(1_000_000L);
    assertThat(subject().version()).isEqualTo("strange-0.1.3");
  }

  @Test
  void unitaryOnThreeQubits_isCapabilityMismatchNamingQasm() {
    double[] u = DenseOracle.randomUnitary(8, new SplittableRandom(1));
    Circuit c = Circuit.builder(3).unitary("u3", u, 0, 1, 2).build();
    assertThatThrownBy(() -> run(ExecutionRequest.exact(c, 1)))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.CAPABILITY_MISMATCH);
              assertThat(e.field()).isEqualTo("qasm");
              assertThat(e.getMessage()).contains("at most 2 qubits");
            });
  }

  @Test
  void observable_ofWrongLength_isInvalidValueNamingIt() {
    Circuit c = Circuit.builder(2).h(0).build();
    ExecutionRequest r = new ExecutionRequest(c, 0, List.of("ZZ", "ZZZ"), 1, 0, true);
    assertThatThrownBy(() -> run(r))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
              assertThat(e.field()).isEqualTo("task.circuit.observables[1]");
            });
  }

  @Test
  void observable_withUnknownLetter_isInvalidValueNamingIt() {
    Circuit c = Circuit.builder(2).h(0).build();
    ExecutionRequest r = new ExecutionRequest(c, 0, List.of("ZA"), 1, 0, true);
    assertThatThrownBy(() -> run(r))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_VALUE);
              assertThat(e.field()).isEqualTo("task.circuit.observables[0]");
              assertThat(e.getMessage()).contains("'A'");
            });
  }

  @Test
  void tooWideCircuit_isTooManyQubitsBeforeStrangeRuns() {
    Circuit c = Circuit.builder(17).h(16).build();
    assertThatThrownBy(() -> run(ExecutionRequest.exact(c, 1)))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> assertThat(e.reason()).isEqualTo(ErrorReason.TOO_MANY_QUBITS));
  }

  @Test
  void tooManyShots_isTooManyShotsNamingTheField() {
    Circuit c = Circuit.builder(1).h(0).build();
    assertThatThrownBy(() -> run(ExecutionRequest.sampled(c, 1_000_001, 1)))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.TOO_MANY_SHOTS);
              assertThat(e.field()).isEqualTo("backend.shots");
            });
  }

  @Test
  void checkpoint_isCalledFromInsideStrangesRun() {
    Circuit c = Circuit.builder(3).h(0).cx(0, 1).cry(1, 2, 0.3).ccx(0, 1, 2).build();
    AtomicInteger calls = new AtomicInteger();
    // the first call is the one just before Strange starts; later ones come from its run
    Runnable checkpoint =
        () -> {
          if (calls.incrementAndGet() == 3) {
            throw new QStepException(ErrorReason.CANCELLED, null, "stop");
          }
        };
    assertThatThrownBy(
            () -> new StrangeBackend(16).execute(ExecutionRequest.exact(c, 1), checkpoint))
        .isInstanceOfSatisfying(
            QStepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ErrorReason.CANCELLED);
              assertThat(Arrays.stream(e.getStackTrace()).map(StackTraceElement::getClassName))
                  .anyMatch(name -> name.startsWith("org.redfx.strange."));
            });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GateKind.class)
  void gate_onEveryPlacementOfFiveQubits_matchesOracleAmplitudesIncludingPhase(GateKind kind) {
    // Strange's gate placement (permutations for non-adjacent qubits) is where it went wrong for
    // Toffoli, so every ordered placement on a wider register, amplitude by amplitude.
    int n = 5;
    int arity = kind == GateKind.UNITARY ? 2 : kind.numQubits();
    SplittableRandom rng = new SplittableRandom(kind.ordinal());
    List<String> wrong = new ArrayList<>();
    for (int[] qubits : placements(n, arity)) {
      Circuit.Builder b = Circuit.builder(n);
      for (int q = 0; q < n; q++) {
        b.u(q, rng.nextDouble(Math.PI), rng.nextDouble(2 * Math.PI), rng.nextDouble(2 * Math.PI));
      }
      if (kind == GateKind.UNITARY) {
        b.unitary("u", DenseOracle.randomUnitary(4, rng), qubits);
      } else {
        double[] angles = rng.doubles(kind.numParams(), -2 * Math.PI, 2 * Math.PI).toArray();
        b.gate(Gate.of(kind, qubits, angles));
      }
      Circuit c = b.build();
      double[] expected = DenseOracle.state(c);
      double[] actual = StrangeBackend.amplitudes(c, () -> {});
      for (int i = 0; i < expected.length; i++) {
        if (Math.abs(actual[i] - expected[i]) > EPS_FLOAT) {
          wrong.add(Arrays.toString(qubits));
          break;
        }
      }
    }
    assertThat(wrong).as("placements of %s that disagree with the oracle", kind).isEmpty();
  }

  @Test
  void run_logsNothingThroughJavaUtilLogging() {
    // Strange 0.1.3 has no JUL logger (its debug output goes to System.err, and only with
    // -Ddbg=true); this keeps it that way should the dependency change.
    Logger redfx = Logger.getLogger("org.redfx");
    Level before = redfx.getLevel();
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    redfx.setLevel(Level.ALL);
    redfx.addHandler(capture);
    try {
      run(ExecutionRequest.exact(Circuit.builder(2).h(0).cx(0, 1).cz(1, 0).build(), 1));
    } finally {
      redfx.removeHandler(capture);
      redfx.setLevel(before);
    }
    assertThat(records).isEmpty();
  }

  @Test
  void deepCircuit_staysWithinFloatTolerance() {
    // 200 gates on 5 qubits: rounding grows with depth; this pins how far EPS_FLOAT holds
    SplittableRandom rng = new SplittableRandom(99);
    Circuit.Builder b = Circuit.builder(5);
    for (int g = 0; g < 100; g++) {
      int q = rng.nextInt(5);
      b.u(q, rng.nextDouble(Math.PI), rng.nextDouble(2 * Math.PI), rng.nextDouble(2 * Math.PI));
      b.cx(q, (q + 1 + rng.nextInt(4)) % 5);
    }
    Circuit c = b.build();
    double[] psi = DenseOracle.state(c);
    String[] obs = {"ZIIII", "XXIII", "YIZIX", "ZZZZZ", "IYIYI"};
    double[] e = exact(c, obs);
    for (int k = 0; k < obs.length; k++) {
      assertThat(e[k])
          .as(obs[k])
          .isCloseTo(DenseOracle.expectation(psi, obs[k]), within(EPS_FLOAT));
    }
  }

  private static List<int[]> placements(int n, int k) {
    List<int[]> out = new ArrayList<>();
    for (int code = 0; code < Math.pow(n, k); code++) {
      int[] q = new int[k];
      int rest = code;
      for (int i = 0; i < k; i++) {
        q[i] = rest % n;
        rest /= n;
      }
      if (Arrays.stream(q).distinct().count() == k) {
        out.add(q);
      }
    }
    return out;
  }

  private static void run(ExecutionRequest request) {
    new StrangeBackend(16).execute(request, StepContext.unbounded(request.seed()));
  }
}
