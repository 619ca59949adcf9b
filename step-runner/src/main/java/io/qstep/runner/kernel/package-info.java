/**
 * Fidelity quantum kernels {@code K(x, y) = |⟨φ(x)|φ(y)⟩|²} for a {@link
 * io.qstep.runner.encode.FeatureMap}, and the classical side: the RBF baseline and kernel alignment
 * metrics.
 *
 * <p>Exact mode ({@link io.qstep.runner.kernel.FidelityKernel}) prepares every state once on the
 * state-vector engine and fills the Gram matrix from a batched inner-product loop over its upper
 * triangle, rows split over threads; every entry is computed by the same arithmetic on whichever
 * thread runs it, so results do not depend on the thread count. Shot mode ({@link
 * io.qstep.runner.kernel.ShotKernel}) estimates each entry as the probability of {@code 0…0} after
 * the compute–uncompute circuit {@code U(y)† U(x)}, from seeded shots on any backend that samples.
 * No class here touches protocol types.
 */
package io.qstep.runner.kernel;
