package io.qstep.runner.sim;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a bound circuit into kernel ops: lowering to matrices, optional {@link GateFuser fusion},
 * classification of each matrix by structure (the cheapest kernel that is exact for it), and cache
 * blocking for states larger than a block.
 */
final class CircuitCompiler {
  /** Qubits always placed in a block, so gathers copy runs of at least {@code 2^3} amplitudes. */
  static final int BLOCK_LOW_QUBITS = 3;

  private CircuitCompiler() {}

  /**
   * The ops that apply {@code circuit} to a state of {@code numQubits} qubits.
   *
   * @param blockQubits cache block size in qubits; no blocking when {@code numQubits <=
   *     blockQubits}
   * @throws IllegalArgumentException when a gate is unbound or acts outside the register
   */
  static List<Op> compile(Circuit circuit, int numQubits, boolean fuse, int blockQubits) {
    List<GateFuser.Fused> lowered = lower(circuit, numQubits);
    List<GateFuser.Fused> fused = fuse ? GateFuser.fuse(lowered, numQubits) : lowered;
    List<Op> ops = new ArrayList<>(fused.size());
    for (GateFuser.Fused f : fused) {
      Op op = f.op();
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

  /**
   * The cheapest exact kernel for {@code matrix} on {@code qubits}; null for the identity. Order:
   * diagonal; then controls are peeled off (a qubit is a control when the matrix is the identity
   * wherever that bit is 0) and what is left on the targets picks a flip, 2x2, swap, 4x4 or the
   * generic kernel.
   */
  static Op classify(int[] qubits, double[] matrix) {
    int k = qubits.length;
    if (Matrices.isDiagonal(matrix)) {
      return Matrices.isIdentity(matrix) ? null : new DiagOp(qubits, Matrices.diagonal(matrix));
    }
    int controlBits = 0;
    int controlMask = 0;
    List<Integer> targets = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      int bit = k - 1 - r;
      if (Matrices.isControl(matrix, bit)) {
        controlBits |= 1 << bit;
        controlMask |= 1 << qubits[r];
      } else {
        targets.add(qubits[r]);
      }
    }
    double[] sub = controlBits == 0 ? matrix : Matrices.subMatrix(matrix, controlBits, controlBits);
    int[] t = targets.stream().mapToInt(Integer::intValue).toArray();
    if (t.length == 1) {
      return new PairOp(t[0], controlMask, sub);
    }
    if (t.length == 2 && controlMask == 0 && isSwap(sub)) {
      return new SwapOp(t[0], t[1]);
    }
    if (MonomialOp.monomialPermutation(sub) != null) {
      return new MonomialOp(controlMask, t, sub);
    }
    if (t.length == 2 && controlMask == 0) {
      return new Mat2Op(t[0], t[1], sub);
    }
    return new MatKOp(controlMask, t, sub);
  }

  private static boolean isSwap(double[] m) {
    return Matrices.isPermutation(m)
        && Matrices.isOne(m[2 * 0], m[1])
        && Matrices.isOne(m[2 * 6], m[2 * 6 + 1])
        && Matrices.isOne(m[2 * 9], m[2 * 9 + 1])
        && Matrices.isOne(m[2 * 15], m[2 * 15 + 1]);
  }

  /**
   * Groups ops into {@link BlockOp}s of at most {@code blockQubits} qubits. Greedy, and it may
   * reorder: an op joins the current block when it fits and shares no qubit with any op deferred so
   * far (so it commutes with everything it overtakes); an op that does not join is deferred to the
   * next round, keeping its order. A group of one op is emitted as is.
   */
  static List<Op> block(List<Op> ops, int numQubits, int blockQubits) {
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
      } else if (group.size() == 1) {
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
