/**
 * The Encode stage: classical feature vectors become state-preparation circuits in the SDK circuit
 * IR ({@link io.qstep.circuit.Circuit}), so every encoding exports to OpenQASM and runs on any
 * backend.
 *
 * <p>Contract: a {@link io.qstep.runner.encode.FeatureMap} maps a feature vector {@code x} (length
 * {@link io.qstep.runner.encode.FeatureMap#numFeatures()}) to a bound circuit preparing {@code
 * |φ(x)⟩ = U(x)|0…0⟩}, deterministically and thread-safely, and describes its cost in an {@link
 * io.qstep.runner.encode.EncodingReport} (depth, CX count after the standard decomposition, and a
 * fidelity where the encoding targets a given state). Feature maps here: angle encoding (RX or RY),
 * the ZZ feature map of Havlíček et al. (2019) and IQP encoding, with repetitions, and amplitude
 * ({@link io.qstep.runner.encode.AmplitudeFeatureMap}, exact) and MPS ({@link
 * io.qstep.runner.encode.MpsFeatureMap}, approximate, with a fidelity) state preparation of the
 * normalised, zero-padded features on ⌈log₂ d⌉ qubits, built on {@code io.qstep.runner.stateprep}.
 * {@link io.qstep.runner.encode.Adjoint} gives {@code U(x)†} for compute–uncompute circuits.
 */
package io.qstep.runner.encode;
