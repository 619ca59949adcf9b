package io.qstep.runner.noise;

/**
 * A quantum channel the noise model inserts after a gate. Closed set: the density-matrix simulator
 * applies each exactly, the trajectory simulator samples one of its Kraus branches.
 */
public sealed interface Channel permits Channel.Depolarizing, Channel.ThermalRelaxation {

  /** The kinds, for exhaustive switches. */
  enum Kind {
    DEPOLARIZING,
    THERMAL_RELAXATION
  }

  Kind kind();

  /**
   * ρ → (1 − p) ρ + p · Tr_Q(ρ) ⊗ I/d on 1 or 2 qubits: with probability p a uniformly random Pauli
   * from the d² (identity included) hits the qubits.
   *
   * @param qubits the qubits, 1 or 2
   * @param p depolarising probability in [0, 1]
   */
  record Depolarizing(int[] qubits, double p) implements Channel {
    public Depolarizing {
      qubits = qubits.clone();
      if (qubits.length < 1 || qubits.length > 2) {
        throw new IllegalArgumentException("depolarising acts on 1 or 2 qubits");
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p must be in [0, 1], got " + p);
      }
    }

    @Override
    public int[] qubits() {
      return qubits.clone();
    }

    @Override
    public Kind kind() {
      return Kind.DEPOLARIZING;
    }
  }

  /**
   * Amplitude damping then pure dephasing of one qubit over a time t: γ = 1 − exp(−t/T1) (ρ11 → (1
   * − γ) ρ11), coherences × exp(−t/T2) = √(1 − γ) · λ, so λ = exp(−t/T2 + t/(2 T1)) ≤ 1.
   *
   * @param qubit the qubit
   * @param gamma amplitude-damping probability in [0, 1]
   * @param lambda extra coherence factor of pure dephasing in [0, 1]
   */
  record ThermalRelaxation(int qubit, double gamma, double lambda) implements Channel {
    public ThermalRelaxation {
      if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
        throw new IllegalArgumentException("gamma and lambda must be in [0, 1]");
      }
    }

    /** The relaxation of a qubit with {@code t1} and {@code t2} over {@code t} (same units). */
    public static ThermalRelaxation of(int qubit, double t1, double t2, double t) {
      double gamma = -Math.expm1(-t / t1);
      double lambda = Math.min(1, Math.exp(-t / t2 + t / (2 * t1)));
      return new ThermalRelaxation(qubit, gamma, lambda);
    }

    @Override
    public Kind kind() {
      return Kind.THERMAL_RELAXATION;
    }

    /** Entanglement (process) fidelity (1 + 2 coherence + (1 − γ)) / 4. */
    double processFidelity() {
      return (1 + 2 * lambda * Math.sqrt(1 - gamma) + (1 - gamma)) / 4;
    }
  }
}
