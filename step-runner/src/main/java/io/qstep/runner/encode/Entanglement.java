package io.qstep.runner.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which qubit pairs a feature map's two-qubit terms couple (Qiskit's names). */
public enum Entanglement {
  /** Every pair i &lt; j, in lexicographic order: n(n−1)/2 pairs (Qiskit's default). */
  FULL,
  /** Neighbours (i, i+1): n−1 pairs. */
  LINEAR,
  /** Neighbours and (n−1, 0) closing the ring (n ≥ 3): n pairs. */
  CIRCULAR;

  /** The pairs on {@code n} qubits, each as {i, j} with i the first (control) qubit. */
  public List<int[]> pairs(int n) {
    List<int[]> out = new ArrayList<>();
    switch (this) {
      case FULL -> {
        for (int i = 0; i < n; i++) {
          for (int j = i + 1; j < n; j++) {
            out.add(new int[] {i, j});
          }
        }
      }
      case LINEAR -> {
        for (int i = 0; i + 1 < n; i++) {
          out.add(new int[] {i, i + 1});
        }
      }
      case CIRCULAR -> {
        if (n >= 3) {
          out.add(new int[] {n - 1, 0});
        }
        for (int i = 0; i + 1 < n; i++) {
          out.add(new int[] {i, i + 1});
        }
      }
    }
    return out;
  }

  /** The lower-case name used in requests. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a request's name ({@code full}, {@code linear}, {@code circular}); empty means FULL.
   *
   * @throws IllegalArgumentException for other names
   */
  public static Entanglement parse(String s) {
    return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
      case "", "full" -> FULL;
      case "linear" -> LINEAR;
      case "circular" -> CIRCULAR;
      default ->
          throw new IllegalArgumentException(
              "unknown entanglement '" + s + "'; known: full, linear, circular");
    };
  }
}
