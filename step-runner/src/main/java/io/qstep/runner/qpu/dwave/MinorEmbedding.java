package io.qstep.runner.qpu.dwave;

import io.qstep.runner.qaoa.Qubo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A heuristic minor embedding of a problem graph into a solver's working graph, after Cai, Macready
 * and Roy, "A practical heuristic for finding graph minors" (arXiv:1406.2741, 2014), the algorithm
 * behind D-Wave's minorminer.
 *
 * <p>Each variable's chain is grown from a root qubit: for every already placed neighbour a
 * node-weighted multi-source Dijkstra runs from the qubits next to that neighbour's chain, the root
 * is the qubit with the smallest summed distance, and the chain is the root plus the shortest paths
 * back to each neighbour. A qubit already used by {@code k} other chains weighs {@code (1 + h)·α^k}
 * with {@code α = 4}, so overlaps are allowed but expensive; {@code h} counts the rounds that ended
 * with the qubit over-used (the "history cost" of PathFinder's negotiated-congestion routing,
 * McMurchie and Ebeling 1995), which breaks the stalemates a fixed exponential weight settles into.
 * Ripping up a variable also tears out its neighbours' tentacles: leaf qubits of their chains that
 * no other neighbour needs (as minorminer does), so a reroute is not pinned to the old position.
 * After an initial placement (breadth-first from a random variable), rip-up-and-reroute rounds
 * re-place every variable in a random order until no qubit is shared (the embedding is then valid)
 * or {@link Limits#patience} rounds bring no improvement of (largest overlap, total overlap). Then
 * overlap-free rounds shorten chains: a reroute (with the same tear-out) is kept only when the
 * variable's and its neighbours' chains get no worse in (longest chain, qubits), and leaf qubits
 * that neither hold a chain together nor touch a neighbour's chain are pruned, while that measure
 * improves. A chain-length phase follows ({@code improveChains}): longest chains first, variables
 * are re-placed without overlaps as the smallest Prim-grown tree (each step joins the neighbour
 * chain cheapest to reach from the tree so far) over several candidate roots, and leaf qubits move
 * from long chains to shorter touching ones; the best embedding of that walk is kept. Tries restart
 * with the next draws of the same seeded generator; the best of the first {@value #KEEP_BEST_OF}
 * successful tries (shortest longest chain, then fewest qubits) is returned. Every result is
 * checked (disjoint, connected, every edge touched).
 *
 * <p>Deterministic: the same problem edges, working graph, seed and limits give the same embedding,
 * except when the wall-clock deadline (a safety net far above the work bound on the graphs tested)
 * cuts the search, which then returns the best embedding found so far, or none. Work is bounded by
 * tries × rounds and by a count of Dijkstra relaxations. Stateless and thread-safe.
 */
public final class MinorEmbedding {
  /**
   * Bounds on the search.
   *
   * @param tries independent restarts
   * @param rounds rip-up-and-reroute rounds per try while overlaps remain
   * @param patience rounds without improvement before a try is abandoned
   * @param shrinkRounds overlap-free rounds that shorten chains once the embedding is valid (the
   *     chain-length phase after them runs at most four times as many)
   * @param maxWork Dijkstra edge relaxations over all tries before giving up
   * @param deadlineMs wall-clock milliseconds before giving up with the best found so far (0: none)
   */
  public record Limits(
      int tries, int rounds, int patience, int shrinkRounds, long maxWork, long deadlineMs) {
    public Limits {
      if (tries < 1 || rounds < 0 || patience < 1 || shrinkRounds < 0 || maxWork < 1) {
        throw new IllegalArgumentException("embedding limits must be positive");
      }
    }

    /** What the D-Wave backend uses. */
    public static final Limits DEFAULT = new Limits(6, 200, 40, 20, 400_000_000L, 20_000);
  }

  /**
   * Base of the exponential qubit weight {@code α^(chains already on the qubit)} (tuned on
   * Chimera).
   */
  static final double ALPHA = 4;

  /** Successful tries compared before the best embedding (shortest longest chain) is returned. */
  static final int KEEP_BEST_OF = 3;

  /** Candidate roots tried per re-placement in the chain-length phase. */
  static final int ROOTS = 16;

  /**
   * Longest chains per chain-length round whose variable is re-placed together with its neighbours
   * (only where those are at most half the variables).
   */
  static final int RUINS = 4;

  /** Chain-length rounds without improvement before that phase stops. */
  static final int CHAIN_PATIENCE = 10;

  private static final double INF = Double.POSITIVE_INFINITY;

  private MinorEmbedding() {}

  /** The interaction graph of {@code f} (pairs with a nonzero coefficient), as {@code [i, j]}. */
  public static int[][] edges(Qubo f) {
    List<int[]> e = new ArrayList<>();
    for (int i = 0; i < f.n(); i++) {
      for (int j = i + 1; j < f.n(); j++) {
        if (f.pair(i, j) != 0) {
          e.add(new int[] {i, j});
        }
      }
    }
    return e.toArray(new int[0][]);
  }

  /** Embeds {@code f}'s interaction graph in {@code s}'s working graph with default limits. */
  public static Optional<ChainEmbedding> find(Qubo f, Solver s, long seed, Runnable checkpoint) {
    return find(f.n(), edges(f), s.qubits(), s.couplers(), seed, Limits.DEFAULT, checkpoint);
  }

  /**
   * Embeds a problem graph in a working graph.
   *
   * @param n problem variables 0..n-1
   * @param problemEdges pairs {@code [i, j]} of variables that must touch
   * @param qubits working qubit ids
   * @param couplers working couplers {@code [a, b]} (pairs with a non-working end are ignored)
   * @param checkpoint called once per round (may throw to abandon the search, e.g. on a step
   *     timeout)
   * @return the chains, or empty when none was found within {@code limits}
   */
  public static Optional<ChainEmbedding> find(
      int n,
      int[][] problemEdges,
      int[] qubits,
      int[][] couplers,
      long seed,
      Limits limits,
      Runnable checkpoint) {
    Map<Integer, Integer> index = new HashMap<>();
    for (int q : qubits) {
      index.putIfAbsent(q, index.size());
    }
    int size = index.size();
    int[] id = new int[size];
    index.forEach((q, i) -> id[i] = q);
    List<List<Integer>> ta = adjacency(size);
    int targetEdges = 0;
    for (int[] c : couplers) {
      Integer a = index.get(c[0]);
      Integer b = index.get(c[1]);
      if (a != null && b != null && !a.equals(b) && !ta.get(a).contains(b)) {
        ta.get(a).add(b);
        ta.get(b).add(a);
        targetEdges++;
      }
    }
    List<List<Integer>> pa = adjacency(n);
    int pEdges = 0;
    for (int[] e : problemEdges) {
      if (e[0] != e[1] && !pa.get(e[0]).contains(e[1])) {
        pa.get(e[0]).add(e[1]);
        pa.get(e[1]).add(e[0]);
        pEdges++;
      }
    }
    // cheap necessary conditions: a qubit per variable, a coupler per problem edge
    if (n > size || pEdges > targetEdges) {
      return Optional.empty();
    }
    Search s = new Search(n, toArrays(pa), size, toArrays(ta), seed, limits, checkpoint);
    int[][] chains = s.run();
    if (chains == null) {
      return Optional.empty();
    }
    int[][] out = new int[n][];
    for (int v = 0; v < n; v++) {
      out[v] = new int[chains[v].length];
      for (int k = 0; k < chains[v].length; k++) {
        out[v][k] = id[chains[v][k]];
      }
    }
    return Optional.of(new ChainEmbedding(out, ChainEmbedding.Kind.MINOR));
  }

  private static List<List<Integer>> adjacency(int n) {
    List<List<Integer>> a = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      a.add(new ArrayList<>());
    }
    return a;
  }

  private static int[][] toArrays(List<List<Integer>> a) {
    int[][] out = new int[a.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return out;
  }

  /**
   * Whether {@code e} is a valid minor embedding of the problem edges in the working graph: chains
   * non-empty, of working qubits, pairwise disjoint, each connected by working couplers, and every
   * problem edge joined by at least one working coupler.
   */
  public static boolean isValid(
      ChainEmbedding e, int[][] problemEdges, int[] qubits, int[][] couplers) {
    Map<Integer, Integer> owner = new HashMap<>();
    java.util.Set<Integer> working = new java.util.HashSet<>();
    for (int q : qubits) {
      working.add(q);
    }
    java.util.Set<Long> cs = new java.util.HashSet<>();
    for (int[] c : couplers) {
      cs.add(key(c[0], c[1]));
    }
    for (int v = 0; v < e.variables(); v++) {
      for (int q : e.chain(v)) {
        if (!working.contains(q) || owner.put(q, v) != null) {
          return false;
        }
      }
    }
    boolean[][] touch = new boolean[e.variables()][e.variables()];
    Map<Integer, Integer> uf = new HashMap<>();
    for (int q : owner.keySet()) {
      uf.put(q, q);
    }
    for (int[] c : couplers) {
      Integer a = owner.get(c[0]);
      Integer b = owner.get(c[1]);
      if (a == null || b == null) {
        continue;
      }
      if (a.equals(b)) {
        union(uf, c[0], c[1]);
      } else {
        touch[a][b] = touch[b][a] = true;
      }
    }
    for (int v = 0; v < e.variables(); v++) {
      int[] ch = e.chain(v);
      int root = find(uf, ch[0]);
      for (int q : ch) {
        if (find(uf, q) != root) {
          return false;
        }
      }
    }
    for (int[] pe : problemEdges) {
      if (pe[0] != pe[1] && !touch[pe[0]][pe[1]]) {
        return false;
      }
    }
    return true;
  }

  private static long key(int a, int b) {
    return ((long) Math.min(a, b) << 32) | (Math.max(a, b) & 0xffffffffL);
  }

  private static int find(Map<Integer, Integer> uf, int x) {
    int r = x;
    while (uf.get(r) != r) {
      r = uf.get(r);
    }
    return r;
  }

  private static void union(Map<Integer, Integer> uf, int a, int b) {
    uf.put(find(uf, a), find(uf, b));
  }

  /** Thrown inside the search when the work or time budget is spent. */
  private static final class OutOfBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfBudget() {
      super(null, null, false, false);
    }
  }

  /** One search: the mutable state of chains and qubit usage. */
  private static final class Search {
    final int n;
    final int[][] pa;
    final int size;
    final int[][] ta;
    final SplittableRandom rng;
    final Limits limits;
    final Runnable checkpoint;
    final long deadline;
    long work;

    int[][] chains;
    int[] usage;
    double[] history;
    final double[] w;
    final double[][] dist;
    final int[][] pred;
    final boolean[] inChain;
    final boolean[] mark;
    final boolean[] mark2;
    final int[] placedBuf;
    final int[] treeBuf;
    final double[] extra;
    final int[] from;
    final boolean[] joined;
    double treeWeight;
    boolean exhausted;
    // a binary heap of (distance, node) with lazy deletion
    double[] hk;
    int[] hv;
    int hs;

    Search(int n, int[][] pa, int size, int[][] ta, long seed, Limits limits, Runnable checkpoint) {
      this.n = n;
      this.pa = pa;
      this.size = size;
      this.ta = ta;
      this.rng = new SplittableRandom(seed);
      this.limits = limits;
      this.checkpoint = checkpoint;
      this.deadline =
          limits.deadlineMs() > 0 ? System.nanoTime() + limits.deadlineMs() * 1_000_000L : 0;
      int maxDeg = 0;
      for (int[] a : pa) {
        maxDeg = Math.max(maxDeg, a.length);
      }
      this.w = new double[size];
      this.dist = new double[maxDeg][size];
      this.pred = new int[maxDeg][size];
      this.inChain = new boolean[size];
      this.mark = new boolean[size];
      this.mark2 = new boolean[size];
      this.placedBuf = new int[maxDeg];
      this.treeBuf = new int[size];
      this.extra = new double[maxDeg];
      this.from = new int[maxDeg];
      this.joined = new boolean[maxDeg];
      int edges = 0;
      for (int[] a : ta) {
        edges += a.length;
      }
      this.hk = new double[edges + size + 1];
      this.hv = new int[edges + size + 1];
    }

    int[][] run() {
      int[][] best = null;
      int found = 0;
      try {
        for (int t = 0; t < limits.tries() && found < KEEP_BEST_OF; t++) {
          int[][] c = attempt();
          if (c != null && valid(c)) {
            found++;
            if (best == null || quality(c) < quality(best)) {
              best = c;
            }
          }
          if (exhausted) {
            break;
          }
        }
      } catch (OutOfBudget e) {
        return best;
      }
      return best;
    }

    /** Disjoint, connected chains touching along every problem edge (a guard on the search). */
    private boolean valid(int[][] c) {
      int[] owner = new int[size];
      Arrays.fill(owner, -1);
      for (int v = 0; v < n; v++) {
        for (int q : c[v]) {
          if (owner[q] >= 0) {
            return false;
          }
          owner[q] = v;
        }
      }
      for (int v = 0; v < n; v++) {
        // connectivity by a flood fill inside the chain
        boolean[] seen = new boolean[size];
        int[] stack = new int[c[v].length];
        int sp = 0;
        int reached = 1;
        stack[sp++] = c[v][0];
        seen[c[v][0]] = true;
        while (sp > 0) {
          int g = stack[--sp];
          for (int h : ta[g]) {
            if (owner[h] == v && !seen[h]) {
              seen[h] = true;
              stack[sp++] = h;
              reached++;
            }
          }
        }
        if (reached != c[v].length) {
          return false;
        }
        for (int u : pa[v]) {
          boolean touched = false;
          for (int g : c[v]) {
            for (int h : ta[g]) {
              touched |= owner[h] == u;
            }
          }
          if (!touched) {
            return false;
          }
        }
      }
      return true;
    }

    /** (longest chain, physical qubits) as one comparable number: smaller is better. */
    private static long quality(int[][] c) {
      long max = 0;
      long total = 0;
      for (int[] x : c) {
        max = Math.max(max, x.length);
        total += x.length;
      }
      return max * (1L << 32) + total;
    }

    private int[][] attempt() {
      chains = new int[n][];
      usage = new int[size];
      history = new double[size];
      for (int v : bfsOrder()) {
        place(v, false, 1);
      }
      long best = overlapScore();
      int stale = 0;
      int[] order = identity(n);
      for (int r = 0; r < limits.rounds() && best != 0; r++) {
        tick();
        shuffle(order);
        for (int v : order) {
          place(v, false, 1);
        }
        long sc = overlapScore();
        for (int q = 0; q < size; q++) {
          if (usage[q] > 1) {
            history[q] += 1;
          }
        }
        if (sc < best) {
          best = sc;
          stale = 0;
        } else if (++stale >= limits.patience()) {
          break;
        }
      }
      if (overlapScore() != 0) {
        return null;
      }
      for (int[] c : chains) {
        if (c == null) {
          return null;
        }
      }
      pruneAll();
      long total = quality(chains);
      for (int r = 0; r < limits.shrinkRounds(); r++) {
        tick();
        shuffle(order);
        for (int v : order) {
          // reroute v with its neighbours' tentacles torn out; undo unless no chain got longer
          // than the longest before and the qubit count did not grow
          int[] touched = new int[pa[v].length + 1];
          int[][] saved = new int[touched.length][];
          touched[0] = v;
          System.arraycopy(pa[v], 0, touched, 1, pa[v].length);
          for (int k = 0; k < touched.length; k++) {
            saved[k] = chains[touched[k]];
          }
          long before = quality(saved);
          place(v, true, 1);
          boolean ok = chains[v] != null;
          if (ok) {
            int[][] now = new int[touched.length][];
            for (int k = 0; k < touched.length; k++) {
              now[k] = chains[touched[k]];
            }
            ok = quality(now) <= before;
          }
          if (!ok) {
            for (int k = 0; k < touched.length; k++) {
              if (chains[touched[k]] != null) {
                release(chains[touched[k]]);
              }
            }
            for (int k = 0; k < touched.length; k++) {
              chains[touched[k]] = saved[k];
              claim(saved[k]);
            }
          }
        }
        pruneAll();
        long now = quality(chains);
        if (now >= total) {
          break;
        }
        total = now;
      }
      improveChains(order);
      return chains.clone();
    }

    /**
     * The chain-length phase (after minorminer's {@code chainlength_patience}), on a valid
     * embedding: rounds visit the variables longest chain first, rip each up (with its neighbours'
     * tentacles), re-place it without overlaps as the smallest tree grown from the best of {@value
     * #ROOTS} candidate roots, and let it and its neighbours hand leaf qubits to shorter chains
     * ({@link #rebalance}). Every such move keeps the embedding valid and is kept (a walk, so that
     * plateaus can be crossed). After each round the {@value #RUINS} longest chains' variables are
     * re-placed together with their neighbours ({@link #ruin}; sparse problems only), kept when no
     * worse. The best embedding seen in (longest chain, physical qubits) is restored at the end.
     * Stops after {@value #CHAIN_PATIENCE} rounds without a new best, after {@code 4 ×} {@link
     * Limits#shrinkRounds} rounds, or when the work or time budget runs out.
     */
    private void improveChains(int[] order) {
      long bestQ = quality(chains);
      int[][] bestChains = chains.clone();
      int stale = 0;
      int[] lens = new int[n];
      for (int r = 0; r < 4 * limits.shrinkRounds() && stale < CHAIN_PATIENCE; r++) {
        try {
          tick();
        } catch (OutOfBudget e) {
          exhausted = true;
          break;
        }
        shuffle(order);
        for (int v = 0; v < n; v++) {
          lens[v] = chains[v].length;
        }
        Integer[] sorted = Arrays.stream(order).boxed().toArray(Integer[]::new);
        Arrays.sort(sorted, (a, b) -> Integer.compare(lens[b], lens[a]));
        boolean improved = false;
        for (int v : sorted) {
          int[] touched = new int[pa[v].length + 1];
          int[][] saved = new int[touched.length][];
          touched[0] = v;
          System.arraycopy(pa[v], 0, touched, 1, pa[v].length);
          for (int k = 0; k < touched.length; k++) {
            saved[k] = chains[touched[k]];
          }
          try {
            place(v, true, ROOTS);
          } catch (OutOfBudget e) {
            chains[v] = null; // undone below: the embedding before this move stands
            exhausted = true;
          }
          if (chains[v] != null) {
            rebalance(touched);
            long now = quality(chains);
            if (now < bestQ) {
              improved = true;
              bestQ = now;
              bestChains = chains.clone();
            }
            continue;
          }
          // no overlap-free route (or out of budget): undo the rip-up and the tear-outs
          for (int k = 0; k < touched.length; k++) {
            if (chains[touched[k]] != null) {
              release(chains[touched[k]]);
            }
          }
          for (int k = 0; k < touched.length; k++) {
            chains[touched[k]] = saved[k];
            claim(saved[k]);
          }
          if (exhausted) {
            break;
          }
        }
        if (exhausted) {
          break;
        }
        pruneAll();
        rebalance(null);
        for (int i = 0; i < Math.min(RUINS, n) && !exhausted; i++) {
          int v = sorted[i];
          if (2 * (pa[v].length + 1) <= n) {
            try {
              ruin(v);
            } catch (OutOfBudget e) {
              exhausted = true;
            }
          }
        }
        if (exhausted) {
          break;
        }
        long now = quality(chains);
        if (now < bestQ) {
          improved = true;
          bestQ = now;
          bestChains = chains.clone();
        }
        stale = improved ? 0 : stale + 1;
      }
      restore(bestChains);
    }

    /**
     * Hands leaf qubits of long chains to a shorter chain they touch (valid, overlap-free
     * embeddings only): the qubits between two chains can belong to either, and moving one from a
     * chain of length {@code a} to one of length {@code b < a - 1} keeps every chain connected and
     * every contact (the leaf's parent now touches the receiving chain) while evening out lengths.
     */
    private void rebalance(int[] givers) {
      int[] owner = new int[size];
      Arrays.fill(owner, -1);
      for (int v = 0; v < n; v++) {
        for (int q : chains[v]) {
          owner[q] = v;
        }
      }
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int gi = 0; gi < (givers == null ? n : givers.length); gi++) {
          int v = givers == null ? gi : givers[gi];
          boolean again = true;
          while (again && chains[v].length > 2) {
            again = false;
            for (int q : chains[v]) {
              int inside = 0;
              int k = -1;
              for (int h : ta[q]) {
                int o = owner[h];
                if (o == v) {
                  inside++;
                } else if (o >= 0
                    && chains[o].length + 1 < chains[v].length
                    && (k < 0 || chains[o].length < chains[k].length)) {
                  k = o;
                }
              }
              if (inside != 1 || k < 0 || !touchesWithout(v, q, k, owner)) {
                continue;
              }
              owner[q] = k;
              chains[v] = Arrays.stream(chains[v]).filter(x -> x != q).toArray();
              chains[k] = Arrays.copyOf(chains[k], chains[k].length + 1);
              chains[k][chains[k].length - 1] = q;
              changed = again = true;
              break;
            }
          }
        }
      }
    }

    /** Whether {@code v}'s chain without {@code q} touches every neighbour other than {@code k}. */
    private boolean touchesWithout(int v, int q, int k, int[] owner) {
      for (int u : pa[v]) {
        if (u == k) {
          continue;
        }
        boolean touched = false;
        for (int g : chains[v]) {
          if (g == q) {
            continue;
          }
          for (int h : ta[g]) {
            if (owner[h] == u) {
              touched = true;
              break;
            }
          }
          if (touched) {
            break;
          }
        }
        if (!touched) {
          return false;
        }
      }
      return true;
    }

    /**
     * Rips up {@code v} and its neighbours and re-places them without overlaps, the neighbours
     * first (each towards its other neighbours), {@code v} last; undone unless every chain found a
     * route and (longest chain, qubits) got no worse.
     */
    private void ruin(int v) {
      long before = quality(chains);
      int[][] snap = chains.clone();
      int[] nb = pa[v].clone();
      shuffle(nb);
      int[] r = Arrays.copyOf(nb, nb.length + 1);
      r[nb.length] = v;
      for (int x : r) {
        release(chains[x]);
        chains[x] = null;
      }
      for (int x : r) {
        for (int u : pa[x]) {
          if (chains[u] != null) {
            trim(u);
          }
        }
      }
      boolean ok = true;
      for (int x : r) {
        place(x, true, ROOTS);
        if (chains[x] == null) {
          ok = false;
          break;
        }
      }
      if (ok) {
        pruneAll();
        rebalance(null);
        ok = quality(chains) <= before;
      }
      if (!ok) {
        restore(snap);
      }
    }

    private void restore(int[][] c) {
      Arrays.fill(usage, 0);
      for (int v = 0; v < n; v++) {
        chains[v] = c[v];
        claim(c[v]);
      }
    }

    /**
     * Drops leaf qubits that no chain edge or problem edge needs, from every chain (valid, overlap
     * free embeddings only): a neighbour's chain that moved closer leaves tentacles behind.
     *
     * @return the physical qubits in use afterwards
     */
    private int pruneAll() {
      int[] owner = new int[size];
      Arrays.fill(owner, -1);
      for (int v = 0; v < n; v++) {
        for (int q : chains[v]) {
          owner[q] = v;
        }
      }
      int total = 0;
      for (int v = 0; v < n; v++) {
        boolean changed = true;
        while (changed && chains[v].length > 1) {
          changed = false;
          for (int q : chains[v]) {
            if (prunable(v, q, owner)) {
              owner[q] = -1;
              usage[q]--;
              chains[v] = Arrays.stream(chains[v]).filter(x -> x != q).toArray();
              changed = true;
              break;
            }
          }
        }
        total += chains[v].length;
      }
      return total;
    }

    /**
     * Tears out the parts of {@code u}'s chain that only served variables without a chain (the one
     * being rerouted): leaf qubits whose removal keeps {@code u} touching every placed neighbour.
     * Works with overlapping chains (membership is marked per neighbour).
     */
    private void trim(int u) {
      boolean changed = true;
      while (changed && chains[u].length > 1) {
        changed = false;
        Arrays.fill(mark, false);
        for (int q : chains[u]) {
          mark[q] = true;
        }
        for (int q : chains[u]) {
          int inside = 0;
          for (int h : ta[q]) {
            if (mark[h]) {
              inside++;
            }
          }
          if (inside <= 1 && stillTouches(u, q)) {
            usage[q]--;
            chains[u] = Arrays.stream(chains[u]).filter(x -> x != q).toArray();
            changed = true;
            break;
          }
        }
      }
    }

    /** Whether {@code u}'s chain without {@code q} touches every placed neighbour's chain. */
    private boolean stillTouches(int u, int q) {
      for (int x : pa[u]) {
        if (chains[x] == null) {
          continue;
        }
        Arrays.fill(mark2, false);
        for (int g : chains[x]) {
          mark2[g] = true;
        }
        boolean touched = false;
        for (int g : chains[u]) {
          if (g == q || touched) {
            continue;
          }
          for (int h : ta[g]) {
            if (mark2[h]) {
              touched = true;
              break;
            }
          }
        }
        if (!touched) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether qubit {@code q} of {@code v}'s chain is a leaf whose neighbours all touch elsewhere.
     */
    private boolean prunable(int v, int q, int[] owner) {
      int inside = 0;
      for (int h : ta[q]) {
        if (owner[h] == v) {
          inside++;
        }
      }
      if (inside > 1) {
        return false;
      }
      for (int u : pa[v]) {
        boolean touched = false;
        for (int g : chains[v]) {
          if (g == q) {
            continue;
          }
          for (int h : ta[g]) {
            if (owner[h] == u) {
              touched = true;
              break;
            }
          }
          if (touched) {
            break;
          }
        }
        if (!touched) {
          return false;
        }
      }
      return true;
    }

    private void tick() {
      checkpoint.run();
      if (deadline != 0 && System.nanoTime() > deadline) {
        throw new OutOfBudget();
      }
    }

    /** (largest overlap, total overlap) as one comparable number; 0 when no qubit is shared. */
    private long overlapScore() {
      long max = 0;
      long total = 0;
      for (int u : usage) {
        if (u > 1) {
          max = Math.max(max, u - 1);
          total += u - 1;
        }
      }
      return max * (1L << 32) + total;
    }

    private int[] bfsOrder() {
      int[] order = new int[n];
      boolean[] seen = new boolean[n];
      int k = 0;
      int[] start = identity(n);
      shuffle(start);
      for (int s0 : start) {
        if (seen[s0]) {
          continue;
        }
        seen[s0] = true;
        order[k++] = s0;
        for (int h = k - 1; h < k; h++) {
          int[] nb = pa[order[h]].clone();
          shuffle(nb);
          for (int u : nb) {
            if (!seen[u]) {
              seen[u] = true;
              order[k++] = u;
            }
          }
        }
      }
      return order;
    }

    private static int[] identity(int m) {
      int[] a = new int[m];
      for (int i = 0; i < m; i++) {
        a[i] = i;
      }
      return a;
    }

    private void shuffle(int[] a) {
      for (int i = a.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }

    private void release(int[] chain) {
      for (int q : chain) {
        usage[q]--;
      }
    }

    private void claim(int[] chain) {
      for (int q : chain) {
        usage[q]++;
      }
    }

    /**
     * Rips up {@code v}'s chain and routes a new one. With {@code forbid}, qubits used by other
     * chains are unusable and {@code chains[v]} becomes null when no route exists. {@code roots}
     * candidate roots (those with the smallest summed distance) are each grown into a tree and the
     * smallest tree is kept.
     */
    private void place(int v, boolean forbid, int roots) {
      if (chains[v] != null) {
        release(chains[v]);
        chains[v] = null;
        for (int u : pa[v]) {
          if (chains[u] != null) {
            trim(u);
          }
        }
      }
      for (int q = 0; q < size; q++) {
        w[q] =
            usage[q] == 0
                ? 1
                : forbid ? INF : Math.min(1e30, (1 + history[q]) * Math.pow(ALPHA, usage[q]));
      }
      int p = 0;
      for (int u : pa[v]) {
        if (chains[u] != null) {
          placedBuf[p++] = u;
        }
      }
      if (p == 0) {
        int q = argmin(w);
        if (q >= 0 && w[q] < INF) {
          chains[v] = new int[] {q};
          claim(chains[v]);
        }
        return;
      }
      for (int k = 0; k < p; k++) {
        dijkstra(chains[placedBuf[k]], dist[k], pred[k]);
      }
      double[] cost = new double[size];
      for (int g = 0; g < size; g++) {
        double c = -(p - 1) * w[g];
        for (int k = 0; k < p && c < INF; k++) {
          c += dist[k][g];
        }
        cost[g] = Double.isNaN(c) ? INF : c;
      }
      int root = argmin(cost);
      if (root < 0 || cost[root] == INF) {
        return; // only in forbid mode, or on a disconnected working graph
      }
      int len = grow(root, p, treeBuf, roots > 1);
      int[] best = Arrays.copyOf(treeBuf, Math.max(len, 0));
      double bestW = treeWeight;
      if (roots > 1 && len > 0) {
        for (int g : smallest(cost, roots, root)) {
          int l = grow(g, p, treeBuf, true);
          if (l > 0
              && (treeWeight < bestW - 1e-9 || (treeWeight <= bestW + 1e-9 && l < best.length))) {
            best = Arrays.copyOf(treeBuf, l);
            bestW = treeWeight;
          }
        }
      }
      if (best.length == 0) {
        return;
      }
      chains[v] = best;
      claim(chains[v]);
    }

    /**
     * The up to {@code k - 1} qubits other than {@code skip} with the smallest finite cost (ties by
     * index), in increasing cost.
     */
    private int[] smallest(double[] cost, int k, int skip) {
      int[] top = new int[k - 1];
      double[] tc = new double[k - 1];
      int m = 0;
      for (int g = 0; g < size; g++) {
        double c = cost[g];
        if (g == skip || c == INF || (m == top.length && c >= tc[m - 1])) {
          continue;
        }
        int i = m < top.length ? m++ : m - 1;
        while (i > 0 && tc[i - 1] > c) {
          tc[i] = tc[i - 1];
          top[i] = top[i - 1];
          i--;
        }
        tc[i] = c;
        top[i] = g;
      }
      return Arrays.copyOf(top, m);
    }

    /**
     * Grows a chain from {@code root} to the first {@code p} placed neighbours (their distances in
     * {@code dist}/{@code pred}), Prim-like: each step joins the neighbour whose chain is cheapest
     * to reach from any qubit already in the tree, along that qubit's shortest path. Paths share
     * qubits where they can, so the tree is never larger than the union of the root's paths.
     *
     * @return the chain's length in {@code out} (its weight in {@link #treeWeight}), or -1 when a
     *     neighbour is unreachable
     */
    private int grow(int root, int p, int[] out, boolean prim) {
      int len = 0;
      out[len++] = root;
      inChain[root] = true;
      treeWeight = w[root];
      for (int k = 0; k < p; k++) {
        extra[k] = dist[k][root] - w[root];
        from[k] = root;
        joined[k] = false;
      }
      for (int step = 0; step < p; step++) {
        int kb = -1;
        for (int k = 0; k < p; k++) {
          if (!joined[k] && (kb < 0 || extra[k] < extra[kb])) {
            kb = k;
          }
        }
        if (!(extra[kb] < INF)) {
          len = -len - 1;
          break;
        }
        joined[kb] = true;
        for (int q = pred[kb][from[kb]]; q >= 0; q = pred[kb][q]) {
          if (inChain[q]) {
            continue;
          }
          inChain[q] = true;
          out[len++] = q;
          treeWeight += w[q];
          for (int k = 0; k < p && prim; k++) {
            double x = dist[k][q] - w[q];
            if (!joined[k] && x < extra[k]) {
              extra[k] = x;
              from[k] = q;
            }
          }
        }
      }
      int n0 = len < 0 ? -len - 1 : len;
      for (int i = 0; i < n0; i++) {
        inChain[out[i]] = false;
      }
      return len < 0 ? -1 : len;
    }

    /** Index of the smallest finite value, ties broken by the seeded generator; -1 if none. */
    private int argmin(double[] a) {
      double best = INF;
      for (double x : a) {
        best = Math.min(best, x);
      }
      if (best == INF) {
        return -1;
      }
      double tol = 1e-9 * Math.max(1, Math.abs(best));
      int count = 0;
      for (double x : a) {
        if (x - best <= tol) {
          count++;
        }
      }
      int r = count == 1 ? 0 : rng.nextInt(count);
      for (int i = 0; i < a.length; i++) {
        if (a[i] - best <= tol && r-- == 0) {
          return i;
        }
      }
      throw new AssertionError("unreachable");
    }

    /**
     * Node-weighted distances to the chain: a qubit next to the chain costs its own weight, each
     * further qubit adds its weight; qubits of the chain itself are unreachable. {@code pred[g]} is
     * the next qubit towards the chain (-1 at a qubit next to it).
     */
    private void dijkstra(int[] chain, double[] d, int[] p) {
      Arrays.fill(d, INF);
      Arrays.fill(p, -1);
      boolean[] own = new boolean[size];
      for (int q : chain) {
        own[q] = true;
      }
      hs = 0;
      for (int q : chain) {
        for (int h : ta[q]) {
          if (!own[h] && w[h] < d[h]) {
            d[h] = w[h];
            push(d[h], h);
          }
        }
      }
      long relaxed = 0;
      while (hs > 0) {
        double dk = hk[0];
        int g = pop();
        if (dk > d[g]) {
          continue;
        }
        for (int h : ta[g]) {
          relaxed++;
          double nd = dk + w[h];
          if (!own[h] && nd < d[h]) {
            d[h] = nd;
            p[h] = g;
            push(nd, h);
          }
        }
      }
      work += relaxed;
      if (work > limits.maxWork()) {
        throw new OutOfBudget();
      }
    }

    private void push(double k, int v) {
      if (hs == hk.length) {
        hk = Arrays.copyOf(hk, hs * 2);
        hv = Arrays.copyOf(hv, hs * 2);
      }
      int i = hs++;
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (hk[parent] <= k) {
          break;
        }
        hk[i] = hk[parent];
        hv[i] = hv[parent];
        i = parent;
      }
      hk[i] = k;
      hv[i] = v;
    }

    private int pop() {
      int top = hv[0];
      double k = hk[--hs];
      int v = hv[hs];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= hs) {
          break;
        }
        if (c + 1 < hs && hk[c + 1] < hk[c]) {
          c++;
        }
        if (hk[c] >= k) {
          break;
        }
        hk[i] = hk[c];
        hv[i] = hv[c];
        i = c;
      }
      hk[i] = k;
      hv[i] = v;
      return top;
    }
  }
}
