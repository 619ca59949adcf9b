package io.qstep.runner.qpu.dwave;

import io.qstep.runner.qaoa.Qubo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chainless embedding: each QUBO variable on its own working qubit, each nonzero quadratic term
 * on a working coupler (subgraph isomorphism by backtracking, most-constrained variable first, with
 * a step budget). Dense problems rarely embed this way on sparse hardware graphs; minor embedding
 * with chains is not implemented.
 */
public final class DirectEmbedding {
  /** Search steps before giving up. */
  static final long MAX_STEPS = 2_000_000;

  private DirectEmbedding() {}

  /** Variable i sits on qubit {@code result[i]}, or null when no direct embedding was found. */
  public static int[] find(Qubo f, Solver s) {
    int n = f.n();
    Map<Integer, Set<Integer>> adj = new HashMap<>();
    for (int q : s.qubits()) {
      adj.put(q, new HashSet<>());
    }
    for (int[] c : s.couplers()) {
      if (adj.containsKey(c[0]) && adj.containsKey(c[1])) {
        adj.get(c[0]).add(c[1]);
        adj.get(c[1]).add(c[0]);
      }
    }
    List<List<Integer>> nb = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Integer> l = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i && f.pair(i, j) != 0) {
          l.add(j);
        }
      }
      nb.add(l);
    }
    // order: BFS from the highest-degree variable, so each placed variable has placed neighbours
    Integer[] order = new Integer[n];
    boolean[] seen = new boolean[n];
    int k = 0;
    while (k < n) {
      int start = -1;
      for (int i = 0; i < n; i++) {
        if (!seen[i] && (start < 0 || nb.get(i).size() > nb.get(start).size())) {
          start = i;
        }
      }
      List<Integer> queue = new ArrayList<>(List.of(start));
      seen[start] = true;
      for (int h = 0; h < queue.size(); h++) {
        int v = queue.get(h);
        order[k++] = v;
        nb.get(v).stream()
            .filter(u -> !seen[u])
            .sorted((a, b) -> nb.get(b).size() - nb.get(a).size())
            .forEach(
                u -> {
                  seen[u] = true;
                  queue.add(u);
                });
      }
    }
    int[] map = new int[n];
    Arrays.fill(map, -1);
    Set<Integer> used = new HashSet<>();
    long[] steps = {0};
    int[] qubits = s.qubits();
    return place(0, order, nb, adj, qubits, map, used, steps) ? map : null;
  }

  private static boolean place(
      int k,
      Integer[] order,
      List<List<Integer>> nb,
      Map<Integer, Set<Integer>> adj,
      int[] qubits,
      int[] map,
      Set<Integer> used,
      long[] steps) {
    if (k == order.length) {
      return true;
    }
    int v = order[k];
    int deg = nb.get(v).size();
    // candidates: neighbours of an already placed neighbour, else every free qubit
    Iterable<Integer> cands = null;
    for (int u : nb.get(v)) {
      if (map[u] >= 0) {
        cands = adj.get(map[u]);
        break;
      }
    }
    if (cands == null) {
      List<Integer> all = new ArrayList<>();
      for (int q : qubits) {
        all.add(q);
      }
      cands = all;
    }
    for (int q : cands) {
      if (++steps[0] > MAX_STEPS) {
        return false;
      }
      if (used.contains(q) || adj.get(q).size() < deg) {
        continue;
      }
      boolean ok = true;
      for (int u : nb.get(v)) {
        if (map[u] >= 0 && !adj.get(q).contains(map[u])) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        continue;
      }
      map[v] = q;
      used.add(q);
      if (place(k + 1, order, nb, adj, qubits, map, used, steps)) {
        return true;
      }
      map[v] = -1;
      used.remove(q);
    }
    return false;
  }
}
