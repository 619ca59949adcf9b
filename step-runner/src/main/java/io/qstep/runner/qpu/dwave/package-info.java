/**
 * D-Wave quantum annealers through the Solver API (SAPI) REST interface: {@code X-Auth-Token},
 * {@code GET /solvers/remote/} for solvers and their properties (working qubits and couplers),
 * {@code POST /problems/} with a QUBO in the {@code qp} format (base64 little-endian float64 linear
 * biases over the solver's qubits, NaN for unused ones, and quadratic biases over its active
 * couplers), polling {@code GET /problems/{id}/}, answers in {@code qp} format (packed solution
 * bits, float64 energies, int32 occurrences over the active qubits), lookup by problem label,
 * cancel by {@code DELETE}. Problems are placed on the solver's working graph by a direct
 * (chainless) subgraph embedding when one exists, else by a seeded heuristic minor embedding with
 * chains ({@link io.qstep.runner.qpu.dwave.MinorEmbedding}, after Cai, Macready and Roy 2014), with
 * a chain strength from Ocean's uniform torque compensation unless overridden ({@link
 * io.qstep.runner.qpu.dwave.ChainStrength}); answers are unembedded by majority vote per chain and
 * energies recomputed on the original QUBO ({@link io.qstep.runner.qpu.dwave.Unembedding}). A
 * problem that embeds neither way, within bounded work, is refused as CAPABILITY_MISMATCH naming
 * {@code inputs}. Written from D-Wave's documentation and tested against a local fake of SAPI; no
 * D-Wave service is reachable from the build.
 */
package io.qstep.runner.qpu.dwave;
