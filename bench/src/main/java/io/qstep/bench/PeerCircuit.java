package io.qstep.bench;

import io.qstep.circuit.Circuit;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded layered random circuit of the peer comparison, as our IR and as the JSON gate list the
 * Python peers read ({@code [{"g":"h","q":[0]}, {"g":"rz","q":[1],"p":0.3}, {"g":"cx","q":[0,1]}]},
 * qubit 0 least significant, angles printed so that they parse back to the same double).
 *
 * <p>Each layer puts H or RZ(θ), θ uniform in [0, 2π), on every qubit (a seeded coin per qubit),
 * then CX on a brickwork of neighbouring pairs: (0,1), (2,3), … in even layers and (1,2), (3,4), …
 * in odd layers.
 */
record PeerCircuit(int numQubits, int depth, long seed, Circuit circuit, String json) {

  /** The circuit for {@code numQubits} qubits; the same arguments give the same circuit. */
  static PeerCircuit layered(int numQubits, int depth, long seed) {
    if (numQubits < 2 || depth < 1) {
      throw new IllegalArgumentException("need >= 2 qubits and >= 1 layer");
    }
    // One stream per width, so adding a width to the list does not change the others.
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + numQubits);
    Circuit.Builder b = Circuit.builder(numQubits);
    StringBuilder json = new StringBuilder("[");
    for (int layer = 0; layer < depth; layer++) {
      for (int q = 0; q < numQubits; q++) {
        if (rng.nextBoolean()) {
          b.h(q);
          gate(json, "h", Double.NaN, q);
        } else {
          double theta = rng.nextDouble(0, 2 * Math.PI);
          b.rz(q, theta);
          gate(json, "rz", theta, q);
        }
      }
      for (int a = layer % 2; a + 1 < numQubits; a += 2) {
        b.cx(a, a + 1);
        gate(json, "cx", Double.NaN, a, a + 1);
      }
    }
    json.append("]\n");
    return new PeerCircuit(numQubits, depth, seed, b.build(), json.toString());
  }

  /** Appends one gate object; {@code param} is NaN for a gate without a parameter. */
  private static void gate(StringBuilder json, String name, double param, int... qubits) {
    if (json.length() > 1) {
      json.append(",\n");
    }
    json.append(String.format(Locale.ROOT, "{\"g\":\"%s\",\"q\":[", name));
    for (int i = 0; i < qubits.length; i++) {
      json.append(i == 0 ? "" : ",").append(qubits[i]);
    }
    json.append(']');
    if (!Double.isNaN(param)) {
      json.append(",\"p\":").append(Double.toString(param));
    }
    json.append('}');
  }

  int gateCount() {
    return circuit.gates().size();
  }
}
