package io.qstep.runner.qpu.dwave;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chimera C(m, n, t) working graphs for tests, with D-Wave's linear qubit index {@code ((i·n + j)·2
 * + u)·t + k} (dwave_networkx's {@code chimera_graph} numbering): unit cells K_{t,t} between shore
 * u=0 and u=1, shore 0 coupled vertically to the cell below, shore 1 horizontally to the cell to
 * the right. Dead qubits and couplers are removed, as a real solver's working graph omits them.
 */
record Chimera(int[] qubits, int[][] couplers) {
  static int index(int n, int t, int i, int j, int u, int k) {
    return ((i * n + j) * 2 + u) * t + k;
  }

  static Chimera of(int m, int n, int t, Set<Integer> deadQubits, Set<List<Integer>> deadCouplers) {
    List<Integer> qs = new ArrayList<>();
    for (int q = 0; q < m * n * 2 * t; q++) {
      if (!deadQubits.contains(q)) {
        qs.add(q);
      }
    }
    List<int[]> cs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < t; k++) {
          for (int k2 = 0; k2 < t; k2++) {
            cs.add(new int[] {index(n, t, i, j, 0, k), index(n, t, i, j, 1, k2)});
          }
          if (i + 1 < m) {
            cs.add(new int[] {index(n, t, i, j, 0, k), index(n, t, i + 1, j, 0, k)});
          }
          if (j + 1 < n) {
            cs.add(new int[] {index(n, t, i, j, 1, k), index(n, t, i, j + 1, 1, k)});
          }
        }
      }
    }
    Set<Integer> dead = new HashSet<>(deadQubits);
    List<int[]> working = new ArrayList<>();
    for (int[] c : cs) {
      int a = Math.min(c[0], c[1]);
      int b = Math.max(c[0], c[1]);
      if (!dead.contains(a) && !dead.contains(b) && !deadCouplers.contains(List.of(a, b))) {
        working.add(new int[] {a, b});
      }
    }
    working.sort(
        (x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
    return new Chimera(
        qs.stream().mapToInt(Integer::intValue).toArray(), working.toArray(new int[0][]));
  }

  static Chimera of(int m) {
    return of(m, m, 4, Set.of(), Set.of());
  }

  Solver solver(String id) {
    return new Solver(id, true, qubits, couplers, 10_000, "{}");
  }
}
