package io.qstep.runner.sim;

import java.util.Arrays;
import java.util.List;

/**
 * Cache blocking: a run of ops that together touch at most {@code L} qubits, applied sub-state by
 * sub-state. Each work item fixes the bits outside the block, gathers the {@code 2^L} amplitudes it
 * selects into a local buffer (contiguous runs of at least {@code 2^3}, since the block always
 * holds the lowest qubits), applies every op there while it is cache-resident, and scatters back.
 * One read and one write of the state replace one per op.
 */
final class BlockOp implements Op {
  /** Gather and scatter of each amplitude, ns (two copies of L2-resident runs). */
  private static final double GATHER_COST = 0.5;

  private final int[] blockQubits;
  private final List<Op> localOps;
  private final int lowRunBits;
  private final int[] highOffsets;

  /**
   * @param blockQubits ascending; local qubit {@code j} is global qubit {@code blockQubits[j]}
   * @param ops in global numbering, each acting only on block qubits
   */
  BlockOp(int[] blockQubits, List<Op> ops) {
    this.blockQubits = blockQubits.clone();
    int[] toLocal = new int[32];
    Arrays.fill(toLocal, -1);
    for (int j = 0; j < blockQubits.length; j++) {
      toLocal[blockQubits[j]] = j;
      if (j > 0 && blockQubits[j] <= blockQubits[j - 1]) {
        throw new IllegalArgumentException("block qubits must ascend");
      }
    }
    for (int q : ops.stream().flatMapToInt(o -> Arrays.stream(o.qubits())).toArray()) {
      if (toLocal[q] < 0) {
        throw new IllegalArgumentException("op on qubit " + q + " outside the block");
      }
    }
    this.localOps = ops.stream().map(o -> o.remap(toLocal)).toList();
    int c = 0;
    while (c < blockQubits.length && blockQubits[c] == c) {
      c++;
    }
    lowRunBits = c;
    int highCount = blockQubits.length - c;
    highOffsets = new int[1 << highCount];
    for (int h = 0; h < highOffsets.length; h++) {
      int off = 0;
      for (int r = 0; r < highCount; r++) {
        if (((h >>> r) & 1) != 0) {
          off |= 1 << blockQubits[c + r];
        }
      }
      highOffsets[h] = off;
    }
  }

  /** The ops inside, in local numbering. */
  List<Op> localOps() {
    return localOps;
  }

  @Override
  public int workItems(int n) {
    return 1 << (n - blockQubits.length);
  }

  @Override
  public int grain() {
    return 1;
  }

  /** A block applies all its ops to every sub-state: always worth splitting. */
  @Override
  public boolean worthSplitting(int n) {
    return true;
  }

  @Override
  public double costPerAmplitude() {
    double c = GATHER_COST;
    for (Op op : localOps) {
      c += op.costPerAmplitude();
    }
    return c;
  }

  @Override
  public int[] qubits() {
    return blockQubits.clone();
  }

  @Override
  public Op remap(int[] map) {
    throw new UnsupportedOperationException("blocks do not nest");
  }

  @Override
  public void apply(double[] re, double[] im, int from, int to) {
    int bits = blockQubits.length;
    int size = 1 << bits;
    int run = 1 << lowRunBits;
    double[] lre = new double[size];
    double[] lim = new double[size];
    for (int k = from; k < to; k++) {
      int base = Op.insertZeros(k, blockQubits);
      for (int h = 0; h < highOffsets.length; h++) {
        System.arraycopy(re, base + highOffsets[h], lre, h * run, run);
        System.arraycopy(im, base + highOffsets[h], lim, h * run, run);
      }
      for (Op op : localOps) {
        op.apply(lre, lim, 0, op.workItems(bits));
      }
      for (int h = 0; h < highOffsets.length; h++) {
        System.arraycopy(lre, h * run, re, base + highOffsets[h], run);
        System.arraycopy(lim, h * run, im, base + highOffsets[h], run);
      }
    }
  }

  @Override
  public String toString() {
    return "Block" + Arrays.toString(blockQubits) + localOps;
  }
}
