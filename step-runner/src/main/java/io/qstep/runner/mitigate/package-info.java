/**
 * Error mitigation, the Mitigate stage: readout mitigation with per-qubit (tensored) confusion
 * matrices (exact inversion, simplex-constrained least squares, the M3 subspace method), zero-noise
 * extrapolation (unitary folding and extrapolators that return their fit and residual) and a
 * learned surrogate in the spirit of Clifford data regression. Mitigation runs circuits through a
 * small {@link io.qstep.runner.mitigate.Executor} (circuit + noise scale → expectations or
 * samples), so it is tested against analytic noise and wired to real backends alike. Every
 * mitigated value carries its provenance: method, settings, raw and mitigated values, estimated
 * uncertainty and noise-model hash. No proto or gRPC types here.
 */
package io.qstep.runner.mitigate;
