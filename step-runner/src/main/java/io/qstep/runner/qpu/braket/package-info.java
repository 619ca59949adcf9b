/**
 * Amazon Braket through the AWS SDK for Java v2 ({@code braket}, {@code s3}) with the default
 * credential chain: {@code GetDevice} for capabilities and standardized calibration, {@code
 * CreateQuantumTask} with an OpenQASM 3 program action ({@code braket.ir.openqasm.program}, a
 * verbatim box of the transpiled circuit) and a client token, {@code GetQuantumTask} polling,
 * {@code SearchQuantumTasks} to find a task whose creation response was lost, results read from S3
 * ({@code results.json}, the gate-model task result schema), {@code CancelQuantumTask}. Written
 * from the AWS API reference and Braket schemas, tested against a local fake set as the SDK's
 * endpoint override; no AWS service is reachable from the build.
 */
package io.qstep.runner.qpu.braket;
