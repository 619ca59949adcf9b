package io.qstep.runner.sim;

import io.qstep.circuit.Circuit;
import java.util.List;
import java.util.Objects;

/**
 * The hand-written state-vector engine: compiles a bound circuit (gate fusion, kernel choice by
 * matrix structure, cache blocking) and applies it in place with specialised kernels, split over
 * worker threads for states of at least {@link #PARALLEL_MIN_QUBITS} qubits.
 *
 * <p>Measurements in the circuit are ignored here: sample the resulting state with {@link
 * StateVector#sampleCounts}. Thread-safe; one instance may serve concurrent calls on different
 * states. Worker threads come from one shared, bounded pool of daemon threads.
 */
public final class StateVectorSimulator {
  /**
   * Below this many qubits everything runs on the calling thread: a whole circuit is cheaper than
   * the hand-offs. From here on cache blocks (at least two per state) are split over threads, and
   * single ops outside blocks from {@link Op#SPLIT_MIN_QUBITS} qubits.
   */
  public static final int PARALLEL_MIN_QUBITS = 14;

  /**
   * Cache block size in qubits: {@code 2^13} amplitudes are 128 KiB, which stays in a core's L2
   * cache while every op of a block is applied to it.
   */
  static final int DEFAULT_BLOCK_QUBITS = 13;

  private final SimOptions options;
  private final int blockQubits;

  /** A simulator with the given options. */
  public StateVectorSimulator(SimOptions options) {
    this(options, DEFAULT_BLOCK_QUBITS);
  }

  /** For tests: a smaller block exercises cache blocking on small states. */
  StateVectorSimulator(SimOptions options, int blockQubits) {
    if (blockQubits < CircuitCompiler.BLOCK_LOW_QUBITS + 2) {
      throw new IllegalArgumentException("block too small: " + blockQubits);
    }
    this.options = Objects.requireNonNull(options, "options");
    this.blockQubits = blockQubits;
  }

  public SimOptions options() {
    return options;
  }

  /**
   * Runs {@code boundCircuit} from |0...0> on {@code boundCircuit.numQubits()} qubits. The caller
   * owns (and should close) the returned state.
   *
   * @throws IllegalArgumentException when a gate has an unbound parameter or the circuit has more
   *     than {@link StateVector#MAX_QUBITS} qubits
   */
  public StateVector run(Circuit boundCircuit) {
    if (boundCircuit.numQubits() > StateVector.MAX_QUBITS) {
      throw new IllegalArgumentException(
          "at most " + StateVector.MAX_QUBITS + " qubits, got " + boundCircuit.numQubits());
    }
    List<Op> ops = compile(boundCircuit, boundCircuit.numQubits());
    StateVector state = StateVector.zero(boundCircuit.numQubits());
    execute(state, ops);
    return state;
  }

  /**
   * Applies {@code boundCircuit} to {@code state} in place. The circuit may have fewer qubits than
   * the state; its qubit {@code q} is the state's qubit {@code q}.
   *
   * @throws IllegalArgumentException when a gate has an unbound parameter or acts on a qubit the
   *     state does not have; the state is then unchanged
   */
  public void apply(StateVector state, Circuit boundCircuit) {
    execute(state, compile(boundCircuit, state.numQubits()));
  }

  List<Op> compile(Circuit circuit, int numQubits) {
    return CircuitCompiler.compile(circuit, numQubits, options.fuse(), blockQubits);
  }

  void execute(StateVector state, List<Op> ops) {
    int n = state.numQubits();
    double[] re = state.re();
    double[] im = state.im();
    int threads = n >= PARALLEL_MIN_QUBITS ? options.effectiveThreads() : 1;
    for (Op op : ops) {
      if (threads == 1 || !op.worthSplitting(n)) {
        op.apply(re, im, 0, op.workItems(n));
      } else {
        Parallel.forRange(threads, op.workItems(n), op.grain(), (f, t) -> op.apply(re, im, f, t));
      }
    }
  }
}
