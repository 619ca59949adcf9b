package io.qstep.runner.stateprep;

/**
 * A real two-qubit gate on qubits (qa, qb) of a dense real state: 4×4 row-major, qa the most
 * significant bit of the local index. Mutable matrix (the sweeps overwrite it); package-private.
 */
final class RealGate {
  final int qa;
  final int qb;
  double[] m;

  RealGate(int qa, int qb, double[] m) {
    this.qa = qa;
    this.qb = qb;
    this.m = m;
  }

  RealGate copy() {
    return new RealGate(qa, qb, m.clone());
  }

  /** psi ← G psi, or Gᵀ psi when {@code transpose}. */
  void apply(double[] psi, boolean transpose) {
    int ma = 1 << qa;
    int mb = 1 << qb;
    double[] g = m;
    double[] v = new double[4];
    for (int base = 0; base < psi.length; base++) {
      if ((base & (ma | mb)) != 0) {
        continue;
      }
      int i0 = base;
      int i1 = base | mb;
      int i2 = base | ma;
      int i3 = base | ma | mb;
      v[0] = psi[i0];
      v[1] = psi[i1];
      v[2] = psi[i2];
      v[3] = psi[i3];
      if (transpose) {
        psi[i0] = g[0] * v[0] + g[4] * v[1] + g[8] * v[2] + g[12] * v[3];
        psi[i1] = g[1] * v[0] + g[5] * v[1] + g[9] * v[2] + g[13] * v[3];
        psi[i2] = g[2] * v[0] + g[6] * v[1] + g[10] * v[2] + g[14] * v[3];
        psi[i3] = g[3] * v[0] + g[7] * v[1] + g[11] * v[2] + g[15] * v[3];
      } else {
        psi[i0] = g[0] * v[0] + g[1] * v[1] + g[2] * v[2] + g[3] * v[3];
        psi[i1] = g[4] * v[0] + g[5] * v[1] + g[6] * v[2] + g[7] * v[3];
        psi[i2] = g[8] * v[0] + g[9] * v[1] + g[10] * v[2] + g[11] * v[3];
        psi[i3] = g[12] * v[0] + g[13] * v[1] + g[14] * v[2] + g[15] * v[3];
      }
    }
  }

  /** E[o][i] = Σ_rest after[o, rest] · before[i, rest]: ⟨after|G|before⟩ = Σ G[o][i] E[o][i]. */
  double[] environment(double[] before, double[] after) {
    int ma = 1 << qa;
    int mb = 1 << qb;
    int[] off = {0, mb, ma, ma | mb};
    double[] e = new double[16];
    for (int base = 0; base < before.length; base++) {
      if ((base & (ma | mb)) != 0) {
        continue;
      }
      for (int o = 0; o < 4; o++) {
        double a = after[base | off[o]];
        if (a == 0.0) {
          continue;
        }
        for (int i = 0; i < 4; i++) {
          e[4 * o + i] += a * before[base | off[i]];
        }
      }
    }
    return e;
  }
}
