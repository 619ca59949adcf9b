package io.qstep.runner.transpile;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.Measurement;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Compiles a circuit for a {@link Target}: lower to one-qubit gates and CX, lay out, route with
 * SABRE, resynthesise two-qubit blocks (KAK), translate to the target's gates, optimise. Stateless
 * and thread-safe; deterministic for a given {@link TranspileOptions#seed()}.
 */
public final class Transpiler {
  private Transpiler() {}

  /**
   * {@link #transpile(Circuit, Target, TranspileOptions)} with {@link TranspileOptions#defaults}.
   */
  public static TranspiledCircuit transpile(Circuit circuit, Target target, long seed) {
    return transpile(circuit, target, TranspileOptions.defaults(seed));
  }

  /**
   * The circuit compiled for {@code target}. Symbolic parameters stay symbolic (in RZ, or the λ of
   * a U); the output declares the input's parameters in the same order.
   *
   * @throws QStepException CAPABILITY_MISMATCH naming {@code circuit.numQubits} when the circuit is
   *     wider than the target, {@code target.couplingMap} when the coupling map's connected
   *     components cannot hold the circuit's interacting qubits, {@code circuit.gates[i]} for a
   *     custom unitary on more than 3 qubits
   */
  public static TranspiledCircuit transpile(
      Circuit circuit, Target target, TranspileOptions options) {
    Objects.requireNonNull(circuit, "circuit");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    int n = circuit.numQubits();
    int physical = target.numQubits();
    if (n > physical) {
      throw new QStepException(
          ErrorReason.CAPABILITY_MISMATCH,
          "circuit.numQubits",
          "the circuit has " + n + " qubits but target '" + target.name() + "' has " + physical);
    }
    List<Gate> logical = Lowering.lower(circuit);
    int[][] placement = Layouts.placeComponents(logical, n, target);
    Sabre sabre = new Sabre(logical, n, target);
    SplittableRandom rng = new SplittableRandom(options.seed());
    int[] initial =
        switch (options.layout()) {
          case TRIVIAL -> Layouts.trivial(n, target, placement);
          case DENSE -> Layouts.dense(logical, n, target, placement, rng.split());
          case SABRE -> Layouts.sabre(sabre, logical, n, target, placement, options, rng.split());
        };
    Sabre.Result best = null;
    Sabre.Result cheapest = null;
    long[] trialSeeds = new long[options.routingTrials()];
    for (int trial = 0; trial < options.routingTrials(); trial++) {
      trialSeeds[trial] = rng.nextLong();
      Sabre.Result r = sabre.route(initial, false, trialSeeds[trial], true);
      if (best == null || r.swaps() < best.swaps()) {
        best = r;
      }
      if (cheapest == null || r.cost() < cheapest.cost()) {
        cheapest = r;
      }
    }
    List<Gate> nat;
    if (options.optimize() && options.resynthesize2q()) {
      // the fewest swaps need not give the fewest two-qubit gates once swaps merge with the gates
      // before them: also route favouring such swaps; of the fewest swaps and the lowest
      // estimated cost, keep the output with the fewest two-qubit gates
      double cheapFactor = 1;
      long cheapSeed = 0;
      int cheapCost = cheapest.cost();
      for (double factor : MERGE_FACTORS) {
        for (long trialSeed : trialSeeds) {
          long s = trialSeed ^ MERGE_SEED;
          Sabre.Result r = sabre.route(initial, false, s, false, factor);
          if (r.cost() < cheapCost) {
            cheapCost = r.cost();
            cheapFactor = factor;
            cheapSeed = s;
          }
        }
      }
      if (cheapFactor < 1) {
        cheapest = sabre.route(initial, false, cheapSeed, true, cheapFactor);
      }
      List<Gate> cx = cxOptimized(best, physical, target);
      nat = toNative(cx, physical, target);
      int bestCount = twoQubit(nat);
      List<Gate> resynth =
          toNative(TwoQubitBlocks.optimize(cx, physical, target), physical, target);
      if (twoQubit(resynth) < bestCount) {
        nat = resynth;
        bestCount = twoQubit(resynth);
      }
      if (cheapest != best) {
        List<Gate> cand = nativeOptimized(cheapest, physical, target, true);
        if (twoQubit(cand) < bestCount) {
          nat = cand;
          best = cheapest;
        }
      }
    } else if (options.optimize()) {
      nat = nativeOptimized(best, physical, target, false);
    } else {
      nat =
          Native.translateEach(
              Native.cxToNative(Native.swapsToCx(best.gates(), target), target), target);
    }
    Circuit.Builder b = Circuit.builder(physical);
    for (String p : circuit.parameters()) {
      b.parameter(p);
    }
    for (Gate g : nat) {
      b.gate(g);
    }
    int[] l2p = best.finalLayout();
    b.clbits(circuit.numClbits());
    for (Measurement m : circuit.measurements()) {
      b.measure(l2p[m.qubit()], m.clbit());
    }
    Circuit out = b.build();
    String violation = Native.firstViolation(out.gates(), target);
    if (violation != null) {
      throw new IllegalStateException("transpiler bug: " + violation);
    }
    return new TranspiledCircuit(
        out,
        target,
        Arrays.copyOf(initial, n),
        Arrays.copyOf(l2p, n),
        best.swaps(),
        out.depth(),
        out.multiQubitGateCount());
  }

  /** Score factors tried for swaps that merge with the gate before them ({@link Sabre#route}). */
  private static final double[] MERGE_FACTORS = {0.95, 0.85};

  private static final long MERGE_SEED = 0x6D65726765L;

  /** Routed gates to the target's gates, optimised, with or without block resynthesis. */
  private static List<Gate> nativeOptimized(
      Sabre.Result routed, int physical, Target target, boolean resynthesize) {
    List<Gate> cx = cxOptimized(routed, physical, target);
    if (resynthesize) {
      cx = TwoQubitBlocks.optimize(cx, physical, target);
    }
    return toNative(cx, physical, target);
  }

  /** Swaps as CX, then one-qubit runs merged and CX pairs cancelled. */
  private static List<Gate> cxOptimized(Sabre.Result routed, int physical, Target target) {
    // cancel at the CX level first: CX pairs are no longer adjacent once translated to ECR
    return Native.optimize(Native.swapsToCx(routed.gates(), target), physical, target);
  }

  private static List<Gate> toNative(List<Gate> cx, int physical, Target target) {
    return Native.optimize(Native.cxToNative(cx, target), physical, target);
  }

  private static int twoQubit(List<Gate> gates) {
    return TwoQubitBlocks.cxCount(gates);
  }

  /** Layout methods; all return a permutation virtual → physical over every physical qubit. */
  static final class Layouts {
    private Layouts() {}

    /**
     * Assigns the circuit's interaction components (qubits joined by two-qubit gates) to the
     * coupling map's connected components, biggest first, each to the component with the most room
     * left. Returns {componentOfLogical[], couplingComponentOfInteraction[]}.
     */
    static int[][] placeComponents(List<Gate> logical, int n, Target t) {
      int[] parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
      for (Gate g : logical) {
        if (g.arity() == 2) {
          union(parent, g.qubit(0), g.qubit(1));
        }
      }
      int[] comp = new int[n];
      int[] ids = new int[n];
      Arrays.fill(ids, -1);
      List<Integer> sizes = new ArrayList<>();
      for (int q = 0; q < n; q++) {
        int r = find(parent, q);
        if (ids[r] < 0) {
          ids[r] = sizes.size();
          sizes.add(0);
        }
        comp[q] = ids[r];
        sizes.set(comp[q], sizes.get(comp[q]) + 1);
      }
      int[] room = t.componentSizes().clone();
      int[] assigned = new int[sizes.size()];
      Integer[] byBig = new Integer[sizes.size()];
      for (int i = 0; i < byBig.length; i++) {
        byBig[i] = i;
      }
      Arrays.sort(byBig, Comparator.comparingInt((Integer i) -> -sizes.get(i)));
      for (int c : byBig) {
        int bestC = -1;
        for (int k = 0; k < room.length; k++) {
          if (room[k] >= sizes.get(c) && (bestC < 0 || room[k] > room[bestC])) {
            bestC = k;
          }
        }
        if (bestC < 0) {
          int largest = Arrays.stream(t.componentSizes()).max().orElse(0);
          throw new QStepException(
              ErrorReason.CAPABILITY_MISMATCH,
              "target.couplingMap",
              "target '"
                  + t.name()
                  + "' is disconnected (largest connected component: "
                  + largest
                  + " qubits; components: "
                  + Arrays.toString(t.componentSizes())
                  + ") and cannot host the circuit's interacting groups of "
                  + sizes
                  + " qubits");
        }
        room[bestC] -= sizes.get(c);
        assigned[c] = bestC;
      }
      return new int[][] {comp, assigned};
    }

    private static int find(int[] p, int x) {
      while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
      }
      return x;
    }

    private static void union(int[] p, int a, int b) {
      p[find(p, a)] = find(p, b);
    }

    /** Fills the layout of ancillas (virtual n..N-1) with the unused physical qubits, in order. */
    private static int[] complete(int[] partial, int n, int physical, SplittableRandom rng) {
      int[] l2p = Arrays.copyOf(partial, physical);
      boolean[] used = new boolean[physical];
      for (int v = 0; v < n; v++) {
        used[l2p[v]] = true;
      }
      List<Integer> free = new ArrayList<>();
      for (int p = 0; p < physical; p++) {
        if (!used[p]) {
          free.add(p);
        }
      }
      if (rng != null) {
        shuffle(free, rng);
      }
      for (int v = n; v < physical; v++) {
        l2p[v] = free.get(v - n);
      }
      return l2p;
    }

    private static void shuffle(List<Integer> xs, SplittableRandom rng) {
      for (int i = xs.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer tmp = xs.get(i);
        xs.set(i, xs.get(j));
        xs.set(j, tmp);
      }
    }

    static int[] trivial(int n, Target t, int[][] placement) {
      int[] l2p = new int[n];
      for (int v = 0; v < n; v++) {
        l2p[v] = v;
      }
      checkPlacement(l2p, n, t, placement);
      return complete(l2p, n, t.numQubits(), null);
    }

    private static void checkPlacement(int[] l2p, int n, Target t, int[][] placement) {
      int[] comp = placement[0];
      for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
          if (comp[a] == comp[b] && t.component(l2p[a]) != t.component(l2p[b])) {
            throw new QStepException(
                ErrorReason.CAPABILITY_MISMATCH,
                "target.couplingMap",
                "the trivial layout puts interacting qubits "
                    + a
                    + " and "
                    + b
                    + " in different connected components of target '"
                    + t.name()
                    + "'; use the SABRE or dense layout");
          }
        }
      }
    }

    /** A random layout that keeps each interaction component inside its coupling component. */
    static int[] random(int n, Target t, int[][] placement, SplittableRandom rng) {
      int physical = t.numQubits();
      int[] comp = placement[0];
      int[] assigned = placement[1];
      List<List<Integer>> freeByComponent = new ArrayList<>();
      for (int k = 0; k < t.componentSizes().length; k++) {
        freeByComponent.add(new ArrayList<>());
      }
      for (int p = 0; p < physical; p++) {
        freeByComponent.get(t.component(p)).add(p);
      }
      for (List<Integer> f : freeByComponent) {
        shuffle(f, rng);
      }
      int[] l2p = new int[n];
      for (int v = 0; v < n; v++) {
        List<Integer> f = freeByComponent.get(assigned[comp[v]]);
        l2p[v] = f.remove(f.size() - 1);
      }
      return complete(l2p, n, physical, rng);
    }

    /**
     * The connected set of n physical qubits with the most internal edges among BFS balls; logical
     * qubits by two-qubit gate count onto physical qubits by internal degree. Falls back to {@link
     * #random} on a disconnected target.
     */
    static int[] dense(
        List<Gate> logical, int n, Target t, int[][] placement, SplittableRandom rng) {
      if (!t.connected()) {
        return random(n, t, placement, rng);
      }
      int physical = t.numQubits();
      int[] bestSet = null;
      int bestEdges = -1;
      for (int s = 0; s < physical; s++) {
        int[] set = bfs(t, s, n);
        int e = internalEdges(t, set);
        if (e > bestEdges) {
          bestEdges = e;
          bestSet = set;
        }
      }
      int[] load = new int[n];
      for (Gate g : logical) {
        if (g.arity() == 2) {
          load[g.qubit(0)]++;
          load[g.qubit(1)]++;
        }
      }
      boolean[] in = new boolean[physical];
      for (int p : bestSet) {
        in[p] = true;
      }
      int[] degree = new int[physical];
      for (int p : bestSet) {
        for (int nb : t.neighboursView(p)) {
          if (in[nb]) {
            degree[p]++;
          }
        }
      }
      Integer[] phys = Arrays.stream(bestSet).boxed().toArray(Integer[]::new);
      Arrays.sort(phys, Comparator.comparingInt((Integer p) -> -degree[p]));
      Integer[] virt = new Integer[n];
      for (int v = 0; v < n; v++) {
        virt[v] = v;
      }
      Arrays.sort(virt, Comparator.comparingInt((Integer v) -> -load[v]));
      int[] l2p = new int[n];
      for (int i = 0; i < n; i++) {
        l2p[virt[i]] = phys[i];
      }
      return complete(l2p, n, physical, null);
    }

    private static int[] bfs(Target t, int s, int n) {
      int[] out = new int[n];
      boolean[] seen = new boolean[t.numQubits()];
      java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
      q.add(s);
      seen[s] = true;
      int k = 0;
      while (!q.isEmpty() && k < n) {
        int u = q.poll();
        out[k++] = u;
        for (int v : t.neighboursView(u)) {
          if (!seen[v]) {
            seen[v] = true;
            q.add(v);
          }
        }
      }
      return out;
    }

    private static int internalEdges(Target t, int[] set) {
      boolean[] in = new boolean[t.numQubits()];
      for (int p : set) {
        in[p] = true;
      }
      int e = 0;
      for (int p : set) {
        for (int nb : t.neighboursView(p)) {
          if (in[nb]) {
            e++;
          }
        }
      }
      return e / 2;
    }

    /**
     * SABRE layout: from each start (random ones, plus dense on a connected target) route forward
     * and backward {@code layoutIterations} times, then count swaps of a forward pass; the start
     * with the fewest wins.
     */
    static int[] sabre(
        Sabre sabre,
        List<Gate> logical,
        int n,
        Target t,
        int[][] placement,
        TranspileOptions o,
        SplittableRandom rng) {
      if (sabre.twoQubitGates() == 0) {
        return dense(logical, n, t, placement, rng);
      }
      List<int[]> starts = new ArrayList<>();
      if (t.connected()) {
        starts.add(dense(logical, n, t, placement, rng));
      }
      for (int i = 0; i < o.layoutTrials(); i++) {
        starts.add(random(n, t, placement, rng));
      }
      int[] best = null;
      int bestSwaps = Integer.MAX_VALUE;
      for (int[] start : starts) {
        int[] l = start;
        for (int it = 0; it < o.layoutIterations(); it++) {
          l = sabre.route(l, false, rng.nextLong(), false).finalLayout();
          l = sabre.route(l, true, rng.nextLong(), false).finalLayout();
        }
        int swaps = sabre.route(l, false, rng.nextLong(), false).swaps();
        if (swaps < bestSwaps) {
          bestSwaps = swaps;
          best = l;
        }
      }
      return best;
    }
  }
}
