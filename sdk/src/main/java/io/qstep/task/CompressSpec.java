package io.qstep.task;

/**
 * Compression only, no circuit. Input {@code x} (any shape; for PCA [N, d], plus optionally the
 * fitted {@code components} [k, d] and {@code mean} [d] to apply unchanged). Zero or empty fields
 * take the runner's defaults.
 *
 * @param method "tt" (tensor train / MPS by TT-SVD, default) or "pca"
 * @param epsilon relative Frobenius error budget in (0, 1]; 0 = none
 * @param maxBond TT: largest bond dimension χ; 0 = unlimited
 * @param components PCA: number of components; 0 = chosen by epsilon (or all)
 * @param randomized use the seeded randomised SVD (Halko et al.)
 * @param layout TT of a rank-2 input: "rows" (default, one train per row) or "tensor"
 * @param pad TT of rows: zero-pad a length that is not a power of two (else refused)
 * @param reconstruct TT: also return the reconstruction
 */
public record CompressSpec(
    String method,
    double epsilon,
    int maxBond,
    int components,
    boolean randomized,
    String layout,
    boolean pad,
    boolean reconstruct)
    implements TaskSpec {
  public CompressSpec {
    method = method == null ? "" : method;
    layout = layout == null ? "" : layout;
  }

  /** TT-SVD of {@code x} with budget ε and bond χ (either may be 0). */
  public static CompressSpec tt(double epsilon, int maxBond) {
    return new CompressSpec("tt", epsilon, maxBond, 0, false, "", false, false);
  }

  /** PCA with {@code components} components (0 = by epsilon). */
  public static CompressSpec pca(int components, double epsilon, boolean randomized) {
    return new CompressSpec("pca", epsilon, 0, components, randomized, "", false, false);
  }

  @Override
  public Kind kind() {
    return Kind.COMPRESS;
  }
}
