/**
 * The {@code strange} backend: runs the circuit IR on Strange 0.1.3's {@code
 * SimpleQuantumExecutionEnvironment}, one gate per {@code Step}, and derives exact expectations and
 * seeded shot samples from the final single-precision amplitudes. Strange types never leave this
 * package. It is 65–180× slower than a plain state vector, so it caps circuits at 16 qubits and
 * serves as a second opinion and an adapter for Strange users, not as the engine.
 */
package io.qstep.runner.backend.strange;
