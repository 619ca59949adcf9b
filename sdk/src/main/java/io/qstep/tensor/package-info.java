/**
 * Tensors as qstep exchanges them: {@link io.qstep.tensor.DType}, the immutable {@link
 * io.qstep.tensor.Tensor} in the KServe Open Inference Protocol raw layout (little-endian,
 * row-major), {@link io.qstep.tensor.TensorLimits} and NumPy {@code .npy} files ({@link
 * io.qstep.tensor.Npy}).
 *
 * <p>Contract: untrusted tensors are validated before any work and before anything proportional to
 * their claimed size is allocated; every failure is an {@link io.qstep.error.QStepException} with
 * {@link io.qstep.error.ErrorReason#INVALID_TENSOR} (malformed) or {@link
 * io.qstep.error.ErrorReason#TOO_LARGE} (over the limits) that names the field at fault. Every type
 * here is immutable or stateless and thread-safe. Parameters and return values are never null
 * unless documented otherwise.
 */
package io.qstep.tensor;
