package io.qstep.runner.qaoa;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * A weighted graph for Max-Cut: a symmetric weight matrix with zero diagonal, and its edges (the
 * non-zero upper-triangle entries). Immutable.
 */
public final class MaxCutGraph {
  /** One edge {@code u < v} with weight {@code w}. */
  public record Edge(int u, int v, double w) {}

  private final int n;
  private final double[] weights;
  private final List<Edge> edges;

  /**
   * @param weights row-major [n, n], symmetric with zero diagonal (checked by the caller's decode);
   *     copied
   */
  public MaxCutGraph(int n, double[] weights) {
    if (weights.length != n * n) {
      throw new IllegalArgumentException("need n*n weights");
    }
    this.n = n;
    this.weights = weights.clone();
    List<Edge> e = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      for (int v = u + 1; v < n; v++) {
        double w = weights[u * n + v];
        if (w != 0) {
          e.add(new Edge(u, v, w));
        }
      }
    }
    this.edges = List.copyOf(e);
  }

  public int n() {
    return n;
  }

  public List<Edge> edges() {
    return edges;
  }

  public double weight(int u, int v) {
    return weights[u * n + v];
  }

  /** The cut value of the bits of {@code x} (bit i = side of vertex i). */
  public double cut(long x) {
    double c = 0;
    for (Edge e : edges) {
      if ((x >>> e.u() & 1) != (x >>> e.v() & 1)) {
        c += e.w();
      }
    }
    return c;
  }

  /** The objective as a {@link Qubo} (to maximise). */
  public Qubo qubo() {
    return Qubo.maxCut(n, weights);
  }

  /** Sum of all edge weights: an upper bound on the cut when weights are non-negative. */
  public double totalWeight() {
    double s = 0;
    for (Edge e : edges) {
      s += e.w();
    }
    return s;
  }

  /**
   * The p = 1 QAOA expectation {@code <γ,β|C|γ,β>} in closed form (Wang, Hadfield, Jiang, Rieffel,
   * PRA 97, 022304 (2018), in the weighted form), for {@code |γ,β> = exp(-iβΣX) exp(-iγC) |+>^n}:
   *
   * <pre>
   * <C_uv> = w/2 + (w/4) sin 4β sin γw (Π_k cos γw_uk + Π_k cos γw_vk)
   *              − (w/4) sin²2β (Π_k cos γ(w_uk − w_vk) − Π_k cos γ(w_uk + w_vk))
   * </pre>
   *
   * with products over every vertex k other than u and v. O(|E| n) time.
   */
  public double closedFormP1(double gamma, double beta) {
    double s4b = Math.sin(4 * beta);
    double s2b = Math.sin(2 * beta);
    double s2b2 = s2b * s2b;
    double total = 0;
    for (Edge e : edges) {
      int u = e.u();
      int v = e.v();
      double w = e.w();
      double pu = 1;
      double pv = 1;
      double pMinus = 1;
      double pPlus = 1;
      for (int k = 0; k < n; k++) {
        if (k == u || k == v) {
          continue;
        }
        double a = weights[u * n + k];
        double b = weights[v * n + k];
        if (a == 0 && b == 0) {
          continue;
        }
        pu *= Math.cos(gamma * a);
        pv *= Math.cos(gamma * b);
        pMinus *= Math.cos(gamma * (a - b));
        pPlus *= Math.cos(gamma * (a + b));
      }
      total +=
          w / 2 + w / 4 * s4b * Math.sin(gamma * w) * (pu + pv) - w / 4 * s2b2 * (pMinus - pPlus);
    }
    return total;
  }

  /**
   * The QAOA circuit with symbolic angles {@code gamma_l}, {@code beta_l}: H on every qubit, then
   * per layer {@code RZZ(-w·γ_l)} on every edge (equal to {@code exp(-iγ w (1 − ZZ)/2)} up to a
   * global phase) and {@code RX(2β_l)} on every qubit. Its {@link Circuit#version()} is the step's
   * circuit version; the diagonal fast path computes the same state.
   */
  public Circuit circuit(int p) {
    Circuit.Builder b = Circuit.builder(n);
    for (int l = 0; l < p; l++) {
      b.parameter("gamma_" + l);
    }
    for (int l = 0; l < p; l++) {
      b.parameter("beta_" + l);
    }
    for (int q = 0; q < n; q++) {
      b.h(q);
    }
    for (int l = 0; l < p; l++) {
      for (Edge e : edges) {
        b.rzz(e.u(), e.v(), new Param.Symbol("gamma_" + l, -e.w(), 0));
      }
      for (int q = 0; q < n; q++) {
        b.rx(q, new Param.Symbol("beta_" + l, 2, 0));
      }
    }
    return b.build();
  }
}
