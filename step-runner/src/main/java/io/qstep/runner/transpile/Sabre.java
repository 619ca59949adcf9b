package io.qstep.runner.transpile;

import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SABRE swap insertion (Li, Ding, Xie, ASPLOS 2019, with the decay and release valve of Qiskit's
 * LightSABRE): route the front layer of the two-qubit-gate DAG; when no front gate is on a coupled
 * pair, insert the swap on an edge touching the front layer that minimises {@code max(decay) · (Σ_F
 * d / |F| + W · Σ_E d / |E|)} over the front layer F and an extended set E of upcoming gates, ties
 * broken by a seeded generator. Distances ignore edge direction.
 *
 * <p>A {@code Sabre} holds one circuit (logical gates: one-qubit gates and CX) prepared for routing
 * in either direction. Not thread-safe; cheap to build.
 */
final class Sabre {
  static final int EXTENDED_SET_SIZE = 20;
  static final double EXTENDED_WEIGHT = 0.5;
  static final double DECAY_INCREMENT = 0.001;
  static final int DECAY_RESET_INTERVAL = 5;

  private final Target target;
  private final int numPhysical;
  private final int[][] dist;
  // two-qubit gates, in order: logical qubits a[i], b[i]
  private final int[] ga;
  private final int[] gb;
  // one-qubit gates that precede two-qubit gate i on its qubits; trailing ones per logical qubit
  private final List<List<Gate>> before;
  private final List<List<Gate>> trailing;

  /**
   * Routing outcome. {@code merged}: swaps placed right after a two-qubit gate on the same pair,
   * which cost 1 extra CX rather than 3 once merged with it.
   */
  record Result(List<Gate> gates, int[] finalLayout, int swaps, int merged) {
    /** Estimated CX added by routing. */
    int cost() {
      return 3 * swaps - 2 * merged;
    }
  }

  /**
   * @param gates logical gates: one-qubit gates and CX only
   * @param numLogical logical qubits (at most the target's)
   */
  Sabre(List<Gate> gates, int numLogical, Target target) {
    this.target = target;
    this.numPhysical = target.numQubits();
    this.dist = target.distances();
    int count = 0;
    for (Gate g : gates) {
      if (g.arity() == 2) {
        count++;
      }
    }
    ga = new int[count];
    gb = new int[count];
    before = new ArrayList<>(count);
    trailing = new ArrayList<>(numLogical);
    for (int q = 0; q < numLogical; q++) {
      trailing.add(new ArrayList<>());
    }
    int i = 0;
    for (Gate g : gates) {
      if (g.arity() == 1) {
        trailing.get(g.qubit(0)).add(g);
      } else if (g.kind() == GateKind.CX) {
        ga[i] = g.qubit(0);
        gb[i] = g.qubit(1);
        List<Gate> pre = new ArrayList<>(trailing.get(ga[i]));
        pre.addAll(trailing.get(gb[i]));
        trailing.get(ga[i]).clear();
        trailing.get(gb[i]).clear();
        before.add(pre);
        i++;
      } else {
        throw new IllegalArgumentException("route only one-qubit gates and CX, got " + g);
      }
    }
  }

  int twoQubitGates() {
    return ga.length;
  }

  /**
   * Routes the circuit (or its reverse, for layout passes) from {@code initial} (virtual →
   * physical, a permutation of all physical qubits; virtual qubits past the logical ones are idle).
   *
   * @param emit whether to build the routed gate list (layout passes only need the layout)
   */
  Result route(int[] initial, boolean reverse, long seed, boolean emit) {
    return route(initial, reverse, seed, emit, 1.0);
  }

  /**
   * As {@link #route(int[], boolean, long, boolean)}, with the score of a swap on the pair of the
   * two-qubit gate that just ran on both its qubits multiplied by {@code mergeFactor} (≤ 1 favours
   * it): such a swap merges with that gate (CX then SWAP is 2 CX, a CP then SWAP 3 rather than 5).
   */
  Result route(int[] initial, boolean reverse, long seed, boolean emit, double mergeFactor) {
    int m = ga.length;
    SplittableRandom rng = new SplittableRandom(seed);
    int[] l2p = initial.clone();
    int[] p2l = new int[numPhysical];
    for (int v = 0; v < numPhysical; v++) {
      p2l[l2p[v]] = v;
    }
    // DAG over two-qubit gates in the chosen direction
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = reverse ? m - 1 - i : i;
    }
    int[] indeg = new int[m];
    int[][] succ = new int[m][];
    int[] last = new int[numPhysical];
    Arrays.fill(last, -1);
    int[] succCount = new int[m];
    int[][] succTmp = new int[m][2];
    for (int k = 0; k < m; k++) {
      int i = order[k];
      for (int q : new int[] {ga[i], gb[i]}) {
        int prev = last[q];
        if (prev >= 0 && (succCount[prev] == 0 || succTmp[prev][succCount[prev] - 1] != i)) {
          succTmp[prev][succCount[prev]++] = i;
          indeg[i]++;
        }
        last[q] = i;
      }
    }
    for (int i = 0; i < m; i++) {
      succ[i] = Arrays.copyOf(succTmp[i], succCount[i]);
    }
    List<Integer> front = new ArrayList<>();
    for (int k = 0; k < m; k++) {
      if (indeg[order[k]] == 0) {
        front.add(order[k]);
      }
    }
    List<Gate> out = emit ? new ArrayList<>(m * 3) : null;
    double[] decay = new double[numPhysical];
    Arrays.fill(decay, 1.0);
    int swaps = 0;
    int merged = 0;
    int swapsSinceProgress = 0;
    int swapsSinceReset = 0;
    int valve = Math.max(10 * numPhysical, 100);
    int done = 0;
    int[] ext = new int[EXTENDED_SET_SIZE];
    boolean[] inFront = new boolean[m];
    int[] lastTwo = new int[numPhysical];
    Arrays.fill(lastTwo, -1);
    for (int i : front) {
      inFront[i] = true;
    }
    while (done < m) {
      boolean progress = false;
      for (int fi = 0; fi < front.size(); ) {
        int g = front.get(fi);
        int pa = l2p[ga[g]];
        int pb = l2p[gb[g]];
        if (target.coupled(pa, pb)) {
          if (emit) {
            for (Gate o : before.get(g)) {
              out.add(remap1(o, l2p[o.qubit(0)]));
            }
            out.add(Gate.of(GateKind.CX, new int[] {pa, pb}));
          }
          lastTwo[pa] = g;
          lastTwo[pb] = g;
          front.remove(fi);
          inFront[g] = false;
          done++;
          progress = true;
          for (int s : succ[g]) {
            if (--indeg[s] == 0) {
              front.add(s);
              inFront[s] = true;
            }
          }
        } else {
          fi++;
        }
      }
      if (progress) {
        Arrays.fill(decay, 1.0);
        swapsSinceProgress = 0;
        swapsSinceReset = 0;
        continue;
      }
      if (front.isEmpty()) {
        break;
      }
      if (swapsSinceProgress >= valve) {
        swaps += releaseValve(front, l2p, p2l, out);
        Arrays.fill(lastTwo, -1);
        swapsSinceProgress = 0;
        Arrays.fill(decay, 1.0);
        continue;
      }
      int extSize = extendedSet(front, succ, inFront, ext);
      int bestA = -1;
      int bestB = -1;
      double best = Double.POSITIVE_INFINITY;
      int ties = 0;
      for (int g : front) {
        for (int p : new int[] {l2p[ga[g]], l2p[gb[g]]}) {
          for (int nb : target.neighboursView(p)) {
            double score = score(front, ext, extSize, l2p, p2l, p, nb, decay);
            if (mergeFactor < 1 && lastTwo[p] >= 0 && lastTwo[p] == lastTwo[nb]) {
              score *= mergeFactor;
            }
            if (score < best - 1e-12) {
              best = score;
              bestA = p;
              bestB = nb;
              ties = 1;
            } else if (score <= best + 1e-12) {
              ties++;
              if (rng.nextInt(ties) == 0) {
                bestA = p;
                bestB = nb;
              }
            }
          }
        }
      }
      applySwap(bestA, bestB, l2p, p2l, out);
      if (lastTwo[bestA] >= 0 && lastTwo[bestA] == lastTwo[bestB]) {
        merged++;
      }
      lastTwo[bestA] = -1;
      lastTwo[bestB] = -1;
      swaps++;
      swapsSinceProgress++;
      decay[bestA] += DECAY_INCREMENT;
      decay[bestB] += DECAY_INCREMENT;
      if (++swapsSinceReset >= DECAY_RESET_INTERVAL) {
        Arrays.fill(decay, 1.0);
        swapsSinceReset = 0;
      }
    }
    if (emit) {
      for (List<Gate> t : trailing) {
        for (Gate o : t) {
          out.add(remap1(o, l2p[o.qubit(0)]));
        }
      }
    }
    return new Result(out, l2p, swaps, merged);
  }

  private static Gate remap1(Gate g, int p) {
    return g.kind() == GateKind.UNITARY
        ? Gate.unitary(g.label(), g.matrix(), p)
        : Gate.of(g.kind(), new int[] {p}, g.params());
  }

  private int extendedSet(List<Integer> front, int[][] succ, boolean[] inFront, int[] ext) {
    int n = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>(front);
    java.util.BitSet seen = new java.util.BitSet();
    while (!queue.isEmpty() && n < ext.length) {
      int g = queue.poll();
      for (int s : succ[g]) {
        if (!seen.get(s) && !inFront[s]) {
          seen.set(s);
          ext[n++] = s;
          if (n == ext.length) {
            break;
          }
          queue.add(s);
        }
      }
    }
    return n;
  }

  private double score(
      List<Integer> front,
      int[] ext,
      int extSize,
      int[] l2p,
      int[] p2l,
      int pa,
      int pb,
      double[] decay) {
    double f = 0;
    for (int g : front) {
      f += dist[moved(l2p[ga[g]], pa, pb)][moved(l2p[gb[g]], pa, pb)];
    }
    f /= front.size();
    double e = 0;
    if (extSize > 0) {
      for (int k = 0; k < extSize; k++) {
        int g = ext[k];
        e += dist[moved(l2p[ga[g]], pa, pb)][moved(l2p[gb[g]], pa, pb)];
      }
      e = EXTENDED_WEIGHT * e / extSize;
    }
    return Math.max(decay[pa], decay[pb]) * (f + e);
  }

  private static int moved(int p, int pa, int pb) {
    return p == pa ? pb : p == pb ? pa : p;
  }

  private static void applySwap(int pa, int pb, int[] l2p, int[] p2l, List<Gate> out) {
    int va = p2l[pa];
    int vb = p2l[pb];
    p2l[pa] = vb;
    p2l[pb] = va;
    l2p[va] = pb;
    l2p[vb] = pa;
    if (out != null) {
      out.add(Gate.of(GateKind.SWAP, new int[] {pa, pb}));
    }
  }

  /** Brings the closest front gate's qubits together along a shortest path. */
  private int releaseValve(List<Integer> front, int[] l2p, int[] p2l, List<Gate> out) {
    int best = front.get(0);
    for (int g : front) {
      if (dist[l2p[ga[g]]][l2p[gb[g]]] < dist[l2p[ga[best]]][l2p[gb[best]]]) {
        best = g;
      }
    }
    int swaps = 0;
    int a = l2p[ga[best]];
    int b = l2p[gb[best]];
    while (dist[a][b] > 1) {
      int next = -1;
      for (int nb : target.neighboursView(a)) {
        if (dist[nb][b] == dist[a][b] - 1) {
          next = nb;
          break;
        }
      }
      applySwap(a, next, l2p, p2l, out);
      swaps++;
      a = next;
    }
    return swaps;
  }
}
