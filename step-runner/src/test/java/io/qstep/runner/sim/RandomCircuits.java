package io.qstep.runner.sim;

import io.qstep.circuit.Circuit;
import io.qstep.circuit.Gate;
import io.qstep.circuit.GateKind;
import java.util.SplittableRandom;

/** Seeded random circuits over every {@link GateKind} for property tests. */
final class RandomCircuits {
  private RandomCircuits() {}

  /** {@code gates} random gates of every kind (custom unitaries on up to 3 qubits) on n qubits. */
  static Circuit random(int n, int gates, SplittableRandom rng) {
    GateKind[] kinds = GateKind.values();
    Circuit.Builder b = Circuit.builder(n);
    int added = 0;
    while (added < gates) {
      GateKind kind = kinds[rng.nextInt(kinds.length)];
      int arity = kind == GateKind.UNITARY ? 1 + rng.nextInt(3) : kind.numQubits();
      if (arity > n) {
        continue;
      }
      int[] qubits = distinctQubits(n, arity, rng);
      if (kind == GateKind.UNITARY) {
        b.gate(Gate.unitary("u" + arity, Oracle.randomUnitary(arity, rng), qubits));
      } else {
        double[] angles = new double[kind.numParams()];
        for (int i = 0; i < angles.length; i++) {
          angles[i] = (rng.nextDouble() * 2 - 1) * 2 * Math.PI;
        }
        b.gate(Gate.of(kind, qubits, angles));
      }
      added++;
    }
    return b.build();
  }

  /**
   * The benchmark's layered circuit: per layer H or RZ(random) on every qubit, then CX on a
   * brickwork of neighbouring pairs (even offsets on even layers, odd on odd).
   */
  static Circuit layered(int n, int layers, SplittableRandom rng) {
    Circuit.Builder b = Circuit.builder(n);
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        if (rng.nextBoolean()) {
          b.h(q);
        } else {
          b.rz(q, rng.nextDouble() * 2 * Math.PI);
        }
      }
      for (int q = l & 1; q + 1 < n; q += 2) {
        b.cx(q, q + 1);
      }
    }
    return b.build();
  }

  static int[] distinctQubits(int n, int k, SplittableRandom rng) {
    int[] q = new int[k];
    for (int i = 0; i < k; i++) {
      boolean fresh;
      do {
        q[i] = rng.nextInt(n);
        fresh = true;
        for (int j = 0; j < i; j++) {
          fresh &= q[j] != q[i];
        }
      } while (!fresh);
    }
    return q;
  }
}
