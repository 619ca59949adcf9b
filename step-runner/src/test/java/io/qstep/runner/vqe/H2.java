package io.qstep.runner.vqe;

import java.util.List;

/**
 * The two-qubit H2 Hamiltonian at 0.735 Å (STO-3G, parity mapping with two-qubit reduction), as
 * published in Qiskit's VQE documentation and tutorials ({@code SparsePauliOp.from_list([("II",
 * -1.052373245772859), ("IZ", 0.39793742484318045), ("ZI", -0.39793742484318045), ("ZZ",
 * -0.01128010425623538), ("XX", 0.18093119978423156)])}); the same molecule as O'Malley et al., PRX
 * 6, 031007 (2016). Electronic energy only: the nuclear repulsion 0.71996899 Ha is not included.
 *
 * <p>The ground state lies in span{|01⟩, |10⟩}, where H is the 2×2 block {@code c_II − c_ZZ ± (c_IZ
 * − c_ZI)} on the diagonal and {@code c_XX} off it, so {@code E0 = c_II − c_ZZ − hypot(c_IZ − c_ZI,
 * c_XX) = −1.8572750302023804} — the published −1.85727503 Ha.
 */
public final class H2 {
  public static final List<String> PAULIS = List.of("II", "IZ", "ZI", "ZZ", "XX");

  public static final double[] COEFFS = {
    -1.052373245772859,
    0.39793742484318045,
    -0.39793742484318045,
    -0.01128010425623538,
    0.18093119978423156
  };

  /** The published exact electronic ground energy, Hartree. */
  public static final double GROUND_ENERGY = -1.85727503;

  /** The closed form of the 2×2 block (see the class comment). */
  public static double closedForm() {
    return COEFFS[0] - COEFFS[3] - Math.hypot(COEFFS[1] - COEFFS[2], COEFFS[4]);
  }

  public static PauliSum hamiltonian() {
    return new PauliSum(PAULIS, COEFFS);
  }

  private H2() {}
}
