package io.qstep.runner.qpu.dwave;

import io.qstep.runner.qaoa.Qubo;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.QuboSampler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reads QUBO variables back from physical samples: each variable takes the majority value of its
 * chain's qubits (a tie, possible in an even chain, is broken by a coin from {@code
 * SplittableRandom(seed)} drawn in read order, so the same answer and seed unembed the same way),
 * energies are recomputed on the original QUBO (the embedded energy includes chain penalties and
 * split biases and is never reported), and reads that unembed to the same assignment are merged
 * with their occurrences summed, in order of first appearance.
 */
public final class Unembedding {
  /**
   * @param samples distinct assignments, {@code f(x)}, occurrences
   * @param chainBreakFraction broken chains / variables, averaged over reads (weighted by
   *     occurrences); 0 for a direct embedding
   */
  public record Result(QuboSampler.SampleSet samples, double chainBreakFraction) {}

  private Unembedding() {}

  /**
   * @param rows per distinct read, the 0/1 value of each active qubit (columns as {@code active})
   * @param active the qubit id of each column
   * @param occurrences how often each row was read
   */
  public static Result unembed(
      List<int[]> rows, int[] active, long[] occurrences, Qubo f, ChainEmbedding e, long seed) {
    if (occurrences.length != rows.size()) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED, 0, -1, "dwave: answer lengths disagree");
    }
    Map<Integer, Integer> column = new HashMap<>();
    for (int k = 0; k < active.length; k++) {
      column.put(active[k], k);
    }
    int n = e.variables();
    int[][] cols = new int[n][];
    for (int v = 0; v < n; v++) {
      int[] chain = e.chain(v);
      cols[v] = new int[chain.length];
      for (int i = 0; i < chain.length; i++) {
        Integer k = column.get(chain[i]);
        if (k == null) {
          throw new ProviderException(
              ProviderException.Kind.REJECTED,
              0,
              -1,
              "dwave: the answer has no value for qubit " + chain[i] + " of variable " + v);
        }
        cols[v][i] = k;
      }
    }
    SplittableRandom coin = new SplittableRandom(seed);
    Map<Long, long[]> merged = new LinkedHashMap<>();
    double broken = 0;
    long reads = 0;
    for (int r = 0; r < rows.size(); r++) {
      int[] row = rows.get(r);
      long x = 0;
      int brokenHere = 0;
      for (int v = 0; v < n; v++) {
        int ones = 0;
        for (int k : cols[v]) {
          ones += row[k] != 0 ? 1 : 0;
        }
        int len = cols[v].length;
        if (ones != 0 && ones != len) {
          brokenHere++;
        }
        boolean one = 2 * ones > len || (2 * ones == len && coin.nextBoolean());
        if (one) {
          x |= 1L << v;
        }
      }
      broken += (double) brokenHere / n * occurrences[r];
      reads += occurrences[r];
      merged.computeIfAbsent(x, k -> new long[1])[0] += occurrences[r];
    }
    long[] sols = new long[merged.size()];
    double[] energies = new double[sols.length];
    long[] occ = new long[sols.length];
    int i = 0;
    for (Map.Entry<Long, long[]> m : merged.entrySet()) {
      sols[i] = m.getKey();
      energies[i] = f.value(sols[i]);
      occ[i] = m.getValue()[0];
      i++;
    }
    return new Result(
        new QuboSampler.SampleSet(sols, energies, occ), reads == 0 ? 0 : broken / reads);
  }
}
