/**
 * QAOA for diagonal cost Hamiltonians (Max-Cut, QUBO): the cost of every bitstring is computed once
 * per problem ({@link io.qstep.runner.qaoa.Qubo#costVector()}), so a cost layer is one elementwise
 * phase pass and the mixer a pass of RX rotations ({@link io.qstep.runner.qaoa.DiagonalQaoa}), the
 * approach of QAOA simulators such as QOKit. Angle schedules, optimizers and sampling live here
 * too; the classical baselines live in {@code io.qstep.runner.baseline}. This package never imports
 * protobuf or gRPC types.
 */
package io.qstep.runner.qaoa;
