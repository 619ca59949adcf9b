/**
 * The immutable circuit IR: {@link io.qstep.circuit.GateKind}, {@link io.qstep.circuit.Gate},
 * {@link io.qstep.circuit.Param}, {@link io.qstep.circuit.Circuit} and its builder, plus OpenQASM
 * 2/3 export and import. Every value here is immutable and thread-safe; builders are not.
 */
package io.qstep.circuit;
