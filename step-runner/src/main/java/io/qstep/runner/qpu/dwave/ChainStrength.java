package io.qstep.runner.qpu.dwave;

import io.qstep.error.QStepException;
import io.qstep.runner.qaoa.Qubo;
import java.util.Map;

/**
 * The chain strength {@code C}: the magnitude of the ferromagnetic coupling, in Ising (spin) units
 * as in D-Wave Ocean's {@code embed_bqm}, that holds a chain's qubits together. In QUBO form each
 * chain edge {@code (a, b)} adds {@code 2C·(x_a + x_b − 2·x_a·x_b)} (the Ising term {@code
 * −C·s_a·s_b} up to a constant): zero when the two qubits agree, {@code 2C} when the chain breaks
 * there.
 *
 * <p>The default is Ocean's "uniform torque compensation" ({@code
 * dwave.embedding.chain_strength.uniform_torque_compensation}, prefactor 1.414): {@code prefactor ·
 * rms(J) · sqrt(mean degree)} over the problem's Ising couplings {@code J_ij = Q_ij / 4}, and 1
 * when the problem has no couplings. A request parameter {@code chain_strength} overrides it for
 * one step, {@code QSTEP_DWAVE_CHAIN_STRENGTH} for the runner.
 */
public final class ChainStrength {
  /** Ocean's default prefactor for uniform torque compensation. */
  public static final double UTC_PREFACTOR = 1.414;

  /** The request parameter that overrides the chain strength. */
  public static final String PARAMETER = "chain_strength";

  private ChainStrength() {}

  /** Uniform torque compensation of {@code f} (Ising units). */
  public static double uniformTorqueCompensation(Qubo f) {
    int n = f.n();
    double sumSq = 0;
    int edges = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double q = f.pair(i, j);
        if (q != 0) {
          double jij = q / 4;
          sumSq += jij * jij;
          edges++;
        }
      }
    }
    if (edges == 0) {
      return 1.0;
    }
    double rms = Math.sqrt(sumSq / edges);
    double meanDegree = 2.0 * edges / n;
    return UTC_PREFACTOR * rms * Math.sqrt(meanDegree);
  }

  /**
   * The strength to use: the request's {@code chain_strength}, else {@code configured} when it is
   * positive, else uniform torque compensation.
   *
   * @throws QStepException INVALID_ARGUMENT naming {@code chain_strength} for a value that is not a
   *     finite number > 0
   */
  public static double resolve(Map<String, String> parameters, double configured, Qubo f) {
    String v = parameters.get(PARAMETER);
    if (v != null && !v.isBlank()) {
      return parse(v.trim(), PARAMETER);
    }
    return configured > 0 ? configured : uniformTorqueCompensation(f);
  }

  /** Parses a strength; {@code field} names the setting in the error. */
  static double parse(String v, String field) {
    double c;
    try {
      c = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw QStepException.invalid(field, field + " is not a number: '" + v + "'");
    }
    if (!Double.isFinite(c) || c <= 0) {
      throw QStepException.invalid(field, field + " must be a finite number > 0, got " + v);
    }
    return c;
  }
}
