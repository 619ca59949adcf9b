package io.qstep.runner.sim;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a bound circuit into kernel ops: lowering to matrices, optional {@link GateFuser fusion},
 * classification of each matrix by structure (the cheapest kernel that is exact for it), and cache
 * blocking for states larger than a block.
 */
final class CircuitCompiler {
  /**
   * From this many qubits an op costs tens of microseconds and fusion weighs its candidates; below,
   * the weighing would cost more than it saves and only 1-qubit runs are merged.
   */
  static final int COST_FUSION_MIN_QUBITS = 14;

  /** Qubits always placed in a block, so gathers copy runs of at least {@code 2^3} amplitudes. */
  static final int BLOCK_LOW_QUBITS = 3;

  private CircuitCompiler() {}

  /**
   * The ops that apply {@code circuit} to a state of {@code numQubits} qubits; with {@code fuse},
   * cost-model fusion from {@link #COST_FUSION_MIN_QUBITS} qubits and 1-qubit runs below.
   *
   * @param blockQubits cache block size in qubits; no blocking when {@code numQubits <=
   *     blockQubits}
   * @throws IllegalArgumentException when a gate is unbound or acts outside the register
   */
  static List<Op> compile(Circuit circuit, int numQubits, boolean fuse, int blockQubits) {
    GateFuser.Mode mode =
        !fuse
            ? GateFuser.Mode.NONE
            : numQubits >= COST_FUSION_MIN_QUBITS
                ? GateFuser.Mode.COST_MODEL
                : GateFuser.Mode.ONE_QUBIT_RUNS;
    return compile(circuit, numQubits, mode, blockQubits);
  }

  /** As above with the fusion mode chosen by the caller. */
  static List<Op> compile(Circuit circuit, int numQubits, GateFuser.Mode mode, int blockQubits) {
    List<GateFuser.Fused> lowered = lower(circuit, numQubits);
    List<GateFuser.Fused> fused = GateFuser.fuse(lowered, numQubits, mode);
    List<Op> ops = new ArrayList<>(fused.size());
    for (GateFuser.Fused f : fused) {
      Op op = f.plan().build();
      if (op != null) {
        ops.add(op);
      }
    }
    return numQubits > blockQubits ? block(ops, numQubits, blockQubits) : ops;
  }

  static List<GateFuser.Fused> lower(Circuit circuit, int numQubits) {
    if (circuit.numQubits() > numQubits) {
      throw new IllegalArgumentException(
          "circuit has " + circuit.numQubits() + " qubits, state has " + numQubits);
    }
    List<GateFuser.Fused> out = new ArrayList<>(circuit.gates().size());
    int index = 0;
    for (Gate g : circuit.gates()) {
      if (!g.isBound()) {
        throw new IllegalArgumentException(
            "gate " + index + " (" + g + ") has an unbound parameter; bind the circuit first");
      }
      for (int i = 0; i < g.arity(); i++) {
        if (g.qubit(i) >= numQubits) {
          throw new IllegalArgumentException(
              "gate " + index + " (" + g + ") acts outside a " + numQubits + "-qubit state");
        }
      }
      out.add(new GateFuser.Fused(g.qubits(), g.matrix()));
      index++;
    }
    return out;
  }

  /** The kernels {@link #plan} chooses between. */
  enum Kernel {
    IDENTITY,
    DIAGONAL,
    PAIR,
    SWAP,
    MONOMIAL,
    MAT2,
    MATK
  }

  /**
   * A kernel choice before the op is built: cheap enough to make for every candidate product the
   * fuser weighs.
   *
   * @param targets the qubits the kernel's matrix acts on (all qubits for a diagonal)
   * @param matrix on {@code targets}: the diagonal (interleaved) for {@link Kernel#DIAGONAL}, the
   *     full matrix with the controls peeled off otherwise
   * @param costPerAmplitude what {@link Op#costPerAmplitude()} of the built op will say
   */
  record Plan(
      Kernel kernel, int controlMask, int[] targets, double[] matrix, double costPerAmplitude) {

    /** The op; null for the identity. */
    Op build() {
      return switch (kernel) {
        case IDENTITY -> null;
        case DIAGONAL -> new DiagOp(targets, matrix);
        case PAIR -> new PairOp(targets[0], controlMask, matrix);
        case SWAP -> new SwapOp(targets[0], targets[1]);
        case MONOMIAL -> new MonomialOp(controlMask, targets, matrix);
        case MAT2 -> new Mat2Op(targets[0], targets[1], matrix);
        case MATK -> new MatKOp(controlMask, targets, matrix);
      };
    }
  }

  /** The cheapest exact kernel for {@code matrix} on {@code qubits}; null for the identity. */
  static Op classify(int[] qubits, double[] matrix) {
    return plan(qubits, matrix).build();
  }

  /**
   * Chooses the cheapest exact kernel for {@code matrix} on {@code qubits}. Order: identity;
   * diagonal; then controls are peeled off (a qubit is a control when the matrix is the identity
   * wherever that bit is 0) and what is left on the targets picks a 2x2 (flip, real, complex), a
   * swap, a phased permutation, a dense 4x4 or the generic kernel.
   */
  static Plan plan(int[] qubits, double[] matrix) {
    int k = qubits.length;
    if (Matrices.isDiagonal(matrix)) {
      if (Matrices.isIdentity(matrix)) {
        return new Plan(Kernel.IDENTITY, 0, qubits, matrix, 0);
      }
      double[] diag = Matrices.diagonal(matrix);
      return new Plan(Kernel.DIAGONAL, 0, qubits, diag, DiagOp.cost(qubits, diag));
    }
    int controlBits = 0;
    int controlMask = 0;
    int[] t = new int[k];
    int nt = 0;
    for (int r = 0; r < k; r++) {
      int bit = k - 1 - r;
      if (Matrices.isControl(matrix, bit)) {
        controlBits |= 1 << bit;
        controlMask |= 1 << qubits[r];
      } else {
        t[nt++] = qubits[r];
      }
    }
    t = Arrays.copyOf(t, nt);
    double[] sub = controlBits == 0 ? matrix : Matrices.subMatrix(matrix, controlBits, controlBits);
    if (nt == 1) {
      return new Plan(
          Kernel.PAIR, controlMask, t, sub, PairOp.cost(PairOp.kindOf(sub), controlMask));
    }
    if (nt == 2 && controlMask == 0 && isSwap(sub)) {
      return new Plan(Kernel.SWAP, 0, t, sub, SwapOp.COST);
    }
    if (MonomialOp.monomialPermutation(sub) != null) {
      return new Plan(Kernel.MONOMIAL, controlMask, t, sub, MonomialOp.cost(nt, controlMask));
    }
    if (nt == 2 && controlMask == 0) {
      return new Plan(Kernel.MAT2, 0, t, sub, Mat2Op.COST);
    }
    return new Plan(Kernel.MATK, controlMask, t, sub, MatKOp.cost(nt, controlMask));
  }

  private static boolean isSwap(double[] m) {
    return Matrices.isPermutation(m)
        && Matrices.isOne(m[2 * 0], m[1])
        && Matrices.isOne(m[2 * 6], m[2 * 6 + 1])
        && Matrices.isOne(m[2 * 9], m[2 * 9 + 1])
        && Matrices.isOne(m[2 * 15], m[2 * 15 + 1]);
  }

  /**
   * Pairing amplitudes {@code 2^25} or more apart (256 MiB per array) streams two regions that, on
   * the 2-vCPU Zen 4 VM the benchmarks ran on, collide in DRAM: an H on the top qubit of 26 took 10
   * times as long as on qubit 24. Gathering through a block reads one region at a time and costs
   * about a quarter of that.
   */
  static final int LONG_STRIDE_QUBIT = 25;

  private static boolean hasLongStride(Op op, int longStrideQubit) {
    if (op.isDiagonal()) {
      return false; // no pairing: one stream
    }
    for (int q : op.qubits()) {
      if (q >= longStrideQubit) {
        return true;
      }
    }
    return false;
  }

  /**
   * Groups ops into {@link BlockOp}s of at most {@code blockQubits} qubits. Greedy, and it may
   * reorder: an op joins the current block when it fits and shares no qubit with any op deferred so
   * far (so it commutes with everything it overtakes); an op that does not join is deferred to the
   * next round, keeping its order. A group of one op is emitted as is, unless it pairs amplitudes
   * across a {@link #LONG_STRIDE_QUBIT long stride}.
   */
  static List<Op> block(List<Op> ops, int numQubits, int blockQubits) {
    return block(ops, numQubits, blockQubits, LONG_STRIDE_QUBIT);
  }

  /** As above with the qubit from which pair strides count as long (for tests). */
  static List<Op> block(List<Op> ops, int numQubits, int blockQubits, int longStrideQubit) {
    int all = numQubits == 32 ? -1 : (1 << numQubits) - 1;
    int low = (1 << Math.min(BLOCK_LOW_QUBITS, blockQubits)) - 1;
    List<Op> out = new ArrayList<>();
    List<Op> remaining = ops;
    while (!remaining.isEmpty()) {
      int inBlock = low;
      int deferredMask = 0;
      List<Op> group = new ArrayList<>();
      List<Op> deferred = new ArrayList<>();
      for (int i = 0; i < remaining.size(); i++) {
        if (deferredMask == all) {
          deferred.addAll(remaining.subList(i, remaining.size()));
          break;
        }
        Op op = remaining.get(i);
        int m = Op.mask(op.qubits());
        if ((m & deferredMask) == 0 && Integer.bitCount(inBlock | m) <= blockQubits) {
          group.add(op);
          inBlock |= m;
        } else {
          deferred.add(op);
          deferredMask |= m;
        }
      }
      if (group.isEmpty()) {
        out.add(deferred.remove(0)); // too wide for a block
      } else if (group.size() == 1 && !hasLongStride(group.get(0), longStrideQubit)) {
        out.add(group.get(0));
      } else {
        for (int q = 0; Integer.bitCount(inBlock) < blockQubits; q++) {
          inBlock |= 1 << q; // more low qubits: longer contiguous runs per gather
        }
        out.add(new BlockOp(Op.bits(inBlock), group));
      }
      remaining = deferred;
    }
    return out;
  }
}
