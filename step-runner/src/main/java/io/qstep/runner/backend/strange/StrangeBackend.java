package io.qstep.runner.backend.strange;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import io.qstep.runner.backend.Backend;
import io.qstep.runner.backend.BackendCapabilities;
import io.qstep.runner.backend.ExecutionRequest;
import io.qstep.runner.backend.ExecutionResult;
import io.qstep.runner.stage.StepContext;
import java.util.Objects;
import org.redfx.strange.Complex;
import org.redfx.strange.Program;
import org.redfx.strange.Result;
import org.redfx.strange.Step;
import org.redfx.strange.gate.Identity;
import org.redfx.strange.local.SimpleQuantumExecutionEnvironment;

/**
 * Runs circuits on Strange's local simulator. Thread-safe: every call builds its own Strange
 * objects, and Strange 0.1.3 keeps no shared mutable state on this path. {@code threads} and {@code
 * fuse} of a request are ignored (Strange is single-threaded and applies gates one by one).
 */
final class StrangeBackend implements Backend {
  static final String NAME = "strange";
  static final String VERSION = "strange-0.1.3";

  /** Strange is 65–180× slower than a plain state vector; past this a step takes seconds. */
  static final int OWN_MAX_QUBITS = 16;

  static final long MAX_SHOTS = 1_000_000L;

  private final BackendCapabilities capabilities;

  StrangeBackend(int serverMaxQubits) {
    this.capabilities =
        new BackendCapabilities(
            Math.min(OWN_MAX_QUBITS, serverMaxQubits),
            BackendCapabilities.allGates(),
            true,
            true,
            false,
            MAX_SHOTS,
            "Strange 0.1.3 local simulator, single precision; custom unitaries on at most 2"
                + " qubits");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public ExecutionResult execute(ExecutionRequest request, StepContext ctx) {
    Objects.requireNonNull(ctx, "ctx");
    return execute(request, ctx::checkpoint);
  }

  /** As {@link #execute(ExecutionRequest, StepContext)}, with the checkpoint as a hook. */
  ExecutionResult execute(ExecutionRequest request, Runnable checkpoint) {
    long t0 = System.nanoTime();
    Circuit circuit = request.circuit();
    int n = circuit.numQubits();
    if (n > capabilities.maxQubits()) {
      // The caller checks this; Strange would otherwise run out of memory or time.
      throw new QStepException(
          ErrorReason.TOO_MANY_QUBITS,
          "qasm",
          "backend 'strange' runs at most " + capabilities.maxQubits() + " qubits, got " + n);
    }
    if (request.shots() > MAX_SHOTS) {
      throw new QStepException(
          ErrorReason.TOO_MANY_SHOTS,
          "backend.shots",
          "backend 'strange' samples at most " + MAX_SHOTS + " shots, got " + request.shots());
    }
    int outcomeBits = circuit.measurements().isEmpty() ? n : circuit.numClbits();
    if (outcomeBits > Long.SIZE) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "qasm",
          "outcomes are 64-bit words; the circuit has " + outcomeBits + " classical bits");
    }
    double[] amplitudes = amplitudes(circuit, checkpoint);
    checkpoint.run();

    double[] expectations = null;
    long[] samples = null;
    if (request.shots() == 0) {
      expectations = Expectations.of(amplitudes, n, request.observables());
    } else {
      samples =
          Sampler.sample(
              amplitudes,
              circuit.measurements(),
              (int) request.shots(),
              request.seed(),
              checkpoint);
    }
    return new ExecutionResult(
        expectations, samples, outcomeBits, "", 0.0, (System.nanoTime() - t0) / 1e6);
  }

  /**
   * The final state of {@code circuit} from |0…0⟩ as Strange computes it, widened to interleaved
   * (re, im) doubles, qubit q at bit q of the index. Calls {@code checkpoint} before Strange starts
   * and from inside its run.
   */
  static double[] amplitudes(Circuit circuit, Runnable checkpoint) {
    Program program = program(circuit, checkpoint);
    checkpoint.run();
    return run(program, circuit);
  }

  /** One gate per step: Strange throws when two gates of a step share a qubit. */
  private static Program program(Circuit circuit, Runnable checkpoint) {
    Program program = new Program(circuit.numQubits());
    for (Gate g : circuit.gates()) {
      for (org.redfx.strange.Gate s : StrangeGates.translate(g, checkpoint)) {
        program.addStep(new Step(s));
      }
    }
    if (circuit.gates().isEmpty()) {
      // Strange 0.1.3 fails on a program without steps (index -1 in Result.calculateQubits).
      program.addStep(new Step(new Identity(0)));
    }
    return program;
  }

  private static double[] run(Program program, Circuit circuit) {
    Complex[] state;
    try {
      Result result = new SimpleQuantumExecutionEnvironment().runProgram(program);
      // Named "probability", but these are the amplitudes.
      state = result.getProbability();
    } catch (QStepException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QStepException(
          ErrorReason.INTERNAL, null, "Strange failed to run " + circuit + ": " + e, e);
    }
    double[] amplitudes = new double[2 * state.length];
    for (int i = 0; i < state.length; i++) {
      amplitudes[2 * i] = state[i].r;
      amplitudes[2 * i + 1] = state[i].i;
    }
    return amplitudes;
  }
}
