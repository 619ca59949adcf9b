/**
 * Compression of tensors before encoding: tensor-train (MPS) decomposition by TT-SVD with a
 * relative error budget or a maximum bond dimension, and PCA / truncated SVD across a batch (exact
 * or randomised, Halko et al. 2011) whose fitted projection is a versioned artifact applied
 * unchanged at inference.
 *
 * <p>All linear algebra is EJML's dense row-major double routines. Every method is deterministic:
 * the randomised ones take a seed. Bad arguments throw {@link io.qstep.error.QStepException} with
 * reason INVALID_VALUE or INVALID_TENSOR naming the request field ({@code param.epsilon}, {@code
 * param.max_bond}, ...), so the task layer can pass them through unchanged. Classes here never
 * import proto or gRPC types; instances are immutable and thread-safe.
 */
package io.qstep.runner.compress;
