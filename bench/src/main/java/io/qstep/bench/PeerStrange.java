package io.qstep.bench;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.strange.StrangeBackendProvider;
import io.qstep.runner.stage.StepContext;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Cnot;
import org.redfx.strange.gate.SingleQubitMatrixGate;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * Strange (org.redfx:strange 0.1.3) on a peer circuit, two ways:
 *
 * <ul>
 *   <li>{@link #adapter}: our {@code strange} backend, the path a user takes; its capabilities stop
 *       at {@link #ADAPTER_MAX_QUBITS} qubits;
 *   <li>{@link #direct}: the same Strange program the adapter builds (one gate per step, every
 *       1-qubit gate as a {@code SingleQubitMatrixGate} from our matrix, which also avoids
 *       Strange's wrong {@code RotationZ}; CX as {@code Cnot}), run without the adapter's cap, for
 *       wider circuits.
 * </ul>
 */
final class PeerStrange implements AutoCloseable {
  /** The adapter's own qubit cap (its capabilities). */
  static final int ADAPTER_MAX_QUBITS = 16;

  private final Backend backend = new StrangeBackendProvider().create(30);

  /**
   * ⟨Z_q⟩ for every qubit through the adapter (which runs the whole circuit in Strange), or null
   * when it passed {@code timeoutMs}.
   */
  double[] adapter(Circuit circuit, long seed, long timeoutMs) {
    try {
      return backend
          .execute(ExecutionRequest.exact(circuit, seed), new StepContext(seed, timeoutMs))
          .expectations();
    } catch (QStepException e) {
      if (e.reason() == ErrorReason.DEADLINE_EXCEEDED) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The final state from Strange itself, interleaved (re, im), widened from its floats; null when
   * it passed {@code timeoutMs}.
   */
  static double[] direct(Circuit circuit, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    Program program = new Program(circuit.numQubits());
    for (Gate g : circuit.gates()) {
      org.redfx.strange.Gate s =
          switch (g.arity()) {
            case 1 -> new Matrix1(g.qubit(0), complex2x2(g.matrix()), deadline);
            case 2 -> {
              if (g.kind() != GateKind.CX) {
                throw new IllegalArgumentException("peer circuits have only H, RZ, CX: " + g);
              }
              yield new TimedCnot(g.qubit(0), g.qubit(1), deadline);
            }
            default -> throw new IllegalArgumentException("peer circuits have no " + g);
          };
      program.addStep(new Step(s));
    }
    Complex[] state;
    try {
      state = new SimpleQuantumExecutionEnvironment().runProgram(program).getProbability();
    } catch (PastDeadline e) {
      return null;
    }
    double[] out = new double[2 * state.length];
    for (int i = 0; i < state.length; i++) {
      out[2 * i] = state[i].r;
      out[2 * i + 1] = state[i].i;
    }
    return out;
  }

  private static Complex[][] complex2x2(double[] m) {
    Complex[][] c = new Complex[2][2];
    for (int r = 0; r < 2; r++) {
      for (int k = 0; k < 2; k++) {
        c[r][k] = new Complex(m[2 * (2 * r + k)], m[2 * (2 * r + k) + 1]);
      }
    }
    return c;
  }

  /** Thrown from inside Strange's run to abandon it; never escapes {@link #direct}. */
  private static final class PastDeadline extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastDeadline() {
      super(null, null, false, false);
    }
  }

  private static void check(long deadline) {
    if (System.nanoTime() > deadline) {
      throw new PastDeadline();
    }
  }

  private static final class Matrix1 extends SingleQubitMatrixGate {
    private final long deadline;

    Matrix1(int qubit, Complex[][] matrix, long deadline) {
      super(qubit, matrix);
      this.deadline = deadline;
    }

    @Override
    public Complex[][] getMatrix() {
      check(deadline);
      return super.getMatrix();
    }
  }

  private static final class TimedCnot extends Cnot {
    private final long deadline;

    TimedCnot(int control, int target, long deadline) {
      super(control, target);
      this.deadline = deadline;
    }

    @Override
    public Complex[][] getMatrix() {
      check(deadline);
      return super.getMatrix();
    }
  }

  @Override
  public void close() {
    backend.close();
  }
}
