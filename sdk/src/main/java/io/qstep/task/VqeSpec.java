package io.qstep.task;

/**
 * VQE: the ground-state energy of a Pauli sum {@code H = Σ c_k P_k}. Inputs: {@code paulis} BYTES
 * [m] (strings over IXYZ of one length n, qubit 0 leftmost), {@code coeffs} FP64 [m] (real; or [m,
 * 2] with zero imaginary parts). Zero or empty fields take the runner's defaults: ansatz "hea",
 * depth 1, optimizer "bobyqa", {@code 200 + 20 P} evaluations, mode "shadow".
 *
 * @param ansatz "hea" (hardware-efficient RY/RZ + CX chain) or "ucc" (Givens rotations from the
 *     lowest-energy basis state)
 * @param depth ansatz layers L (1..64)
 * @param optimizer "bobyqa", "powell", "nelder-mead", "cma-es" or "spsa"
 * @param maxIterations evaluation budget
 * @param mode "shadow" (VQE and exact diagonalisation concurrently), "quantum" or "baseline"
 */
public record VqeSpec(String ansatz, int depth, String optimizer, int maxIterations, String mode)
    implements TaskSpec {
  public VqeSpec {
    ansatz = ansatz == null ? "" : ansatz;
    optimizer = optimizer == null ? "" : optimizer;
    mode = mode == null ? "" : mode;
  }

  /** A spec in the default mode. */
  public VqeSpec(String ansatz, int depth, String optimizer, int maxIterations) {
    this(ansatz, depth, optimizer, maxIterations, "");
  }

  /** This spec in the given mode ("shadow", "quantum", "baseline"). */
  public VqeSpec withMode(String m) {
    return new VqeSpec(ansatz, depth, optimizer, maxIterations, m);
  }

  @Override
  public Kind kind() {
    return Kind.VQE;
  }
}
