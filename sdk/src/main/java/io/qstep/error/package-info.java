/**
 * The failure model shared by the SDK and the step-runner: one unchecked {@link
 * io.qstep.error.QStepException} with a stable {@link io.qstep.error.ErrorReason} and the name of
 * the field at fault. The client maps gRPC statuses back to it, so SDK users never see {@code
 * io.grpc} types.
 */
package io.qstep.error;
