package io.qstep.task;

/**
 * Sampling from a distribution. Input: {@code probabilities} FP64 [2^n]. The amplitudes √p are
 * compressed to an MPS of bond {@code maxBond}, prepared by a circuit and sampled with the
 * backend's shots. Outputs {@code samples} INT64 [shots], {@code counts}, {@code compressed},
 * {@code prepared}; metric {@code tvd} and friends. Zero or empty fields take the runner's
 * defaults.
 *
 * @param maxBond MPS bond dimension χ (0 = 2)
 * @param encoding "mps" (default) or "amplitude" (exact, 2^n − 2 CX)
 * @param layers staircase layers of the MPS circuit (0 = 1 for χ ≤ 2, else 3)
 * @param sweeps optimisation sweeps after each layer (0 = none for χ ≤ 2, else 10)
 * @param fidelity stop adding layers at this fidelity to the compressed state (0 = no target)
 * @param order MPS chain order: "natural" (default) or "auto" (searched)
 * @param prune with a fidelity target, drop gates of the newest layer while the target holds
 */
public record SampleSpec(
    int maxBond,
    String encoding,
    int layers,
    int sweeps,
    double fidelity,
    String order,
    boolean prune)
    implements TaskSpec {
  public SampleSpec {
    encoding = encoding == null ? "" : encoding;
    order = order == null ? "" : order;
  }

  /** MPS sampling with bond {@code maxBond} and the other settings at their defaults. */
  public SampleSpec(int maxBond) {
    this(maxBond, "", 0, 0, 0, "", false);
  }

  /** Natural chain order, no pruning. */
  public SampleSpec(int maxBond, String encoding, int layers, int sweeps, double fidelity) {
    this(maxBond, encoding, layers, sweeps, fidelity, "", false);
  }

  @Override
  public Kind kind() {
    return Kind.SAMPLE;
  }
}
