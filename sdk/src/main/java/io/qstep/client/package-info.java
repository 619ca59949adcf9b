/**
 * The client: {@link io.qstep.client.QStep#connect} for a remote runner, {@link
 * io.qstep.client.QStep#local} for one in this JVM. Signatures expose no {@code io.grpc} types;
 * failures arrive as {@link io.qstep.error.QStepException} subclasses.
 */
package io.qstep.client;
