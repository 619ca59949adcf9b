package io.qstep.runner.qpu.dwave;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Where each QUBO variable sits on the hardware: {@code chains[v]} is the ascending set of qubit
 * ids that together represent variable {@code v} (one qubit for a direct embedding). Immutable;
 * chains are non-empty and pairwise disjoint (connectivity and edge coverage are the embedder's job
 * and are checked by {@link MinorEmbedding#isValid}).
 *
 * @param chains per variable, the qubit ids of its chain
 * @param kind {@code direct} or {@code minor}, as provenance reports it
 */
public record ChainEmbedding(int[][] chains, Kind kind) {
  /** How the embedding was found. */
  public enum Kind {
    DIRECT,
    MINOR
  }

  public ChainEmbedding {
    int[][] copy = new int[chains.length][];
    Set<Integer> seen = new HashSet<>();
    for (int v = 0; v < chains.length; v++) {
      if (chains[v].length == 0) {
        throw new IllegalArgumentException("variable " + v + " has an empty chain");
      }
      copy[v] = chains[v].clone();
      Arrays.sort(copy[v]);
      for (int q : copy[v]) {
        if (!seen.add(q)) {
          throw new IllegalArgumentException("qubit " + q + " is in two chains");
        }
      }
    }
    chains = copy;
  }

  /** One qubit per variable: variable v on {@code qubitOf[v]}. */
  public static ChainEmbedding direct(int[] qubitOf) {
    int[][] c = new int[qubitOf.length][];
    for (int v = 0; v < qubitOf.length; v++) {
      c[v] = new int[] {qubitOf[v]};
    }
    return new ChainEmbedding(c, Kind.DIRECT);
  }

  @Override
  public int[][] chains() {
    int[][] c = new int[chains.length][];
    for (int v = 0; v < c.length; v++) {
      c[v] = chains[v].clone();
    }
    return c;
  }

  /** The qubits of variable {@code v}'s chain (a copy). */
  public int[] chain(int v) {
    return chains[v].clone();
  }

  public int variables() {
    return chains.length;
  }

  public int maxChainLength() {
    int m = 0;
    for (int[] c : chains) {
      m = Math.max(m, c.length);
    }
    return m;
  }

  public int physicalQubits() {
    int t = 0;
    for (int[] c : chains) {
      t += c.length;
    }
    return t;
  }

  /** A stable text form for the idempotency key. */
  public String canonical() {
    StringBuilder sb = new StringBuilder(kind.name());
    for (int[] c : chains) {
      sb.append(Arrays.toString(c));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainEmbedding e && e.kind == kind && Arrays.deepEquals(e.chains, chains);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(chains) + kind.hashCode();
  }

  @Override
  public String toString() {
    return "ChainEmbedding[" + kind + ", " + canonical() + "]";
  }
}
