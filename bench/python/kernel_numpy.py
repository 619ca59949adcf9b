"""A plain NumPy state-vector fidelity kernel: the peer of qstep's `kernel` task.

Builds the ZZ feature map states (Qiskit's ZZFeatureMap convention: per repetition H on every
qubit, P(2 s x_i) on qubit i, CX P(2 (pi - s x_i)(pi - s x_j)) CX on every coupled pair) for all
rows at once, as [N, 2^n] complex arrays (Hadamard layers as axis-wise butterflies, the phase
layer as one diagonal), then K = |S S^H|^2 with one complex matrix product.

Usage as a library: `zz_states(x, reps=2, scale=1.0, entanglement="full")`,
`fidelity_kernel(x_train, x_test=None, ...)`. As a script it times the Gram matrix for the sizes
given and prints one JSON line per size:
    python kernel_numpy.py --qubits 8 --sizes 50,100,200,500,1000
"""

import argparse
import json
import time

import numpy as np


def pairs(n, entanglement="full"):
    if entanglement == "full":
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    if entanglement == "linear":
        return [(i, i + 1) for i in range(n - 1)]
    if entanglement == "circular":
        return ([(n - 1, 0)] if n >= 3 else []) + [(i, i + 1) for i in range(n - 1)]
    raise ValueError(entanglement)


def _hadamard_all(states, n):
    """H on every qubit of [N, 2^n] states (qubit q = bit q of the index)."""
    rows = states.shape[0]
    s = states.reshape((rows,) + (2,) * n)
    for axis in range(1, n + 1):
        a = np.take(s, 0, axis=axis)
        b = np.take(s, 1, axis=axis)
        s = np.stack(((a + b), (a - b)), axis=axis) / np.sqrt(2.0)
    return s.reshape(rows, 1 << n)


def zz_states(x, reps=2, scale=1.0, entanglement="full"):
    x = np.asarray(x, dtype=np.float64) * scale
    rows, n = x.shape
    dim = 1 << n
    bits = ((np.arange(dim)[:, None] >> np.arange(n)[None, :]) & 1).astype(np.float64)  # [dim, n]
    phase = 2.0 * x @ bits.T  # P(2 phi_i) on every qubit: e^{i 2 phi_i b_i}
    for i, j in pairs(n, entanglement):
        parity = np.logical_xor(bits[:, i], bits[:, j]).astype(np.float64)  # CX P CX
        phase += 2.0 * ((np.pi - x[:, i]) * (np.pi - x[:, j]))[:, None] * parity[None, :]
    diag = np.exp(1j * phase)
    states = np.zeros((rows, dim), dtype=np.complex128)
    states[:, 0] = 1.0
    for _ in range(reps):
        states = _hadamard_all(states, n) * diag
    return states


def fidelity_kernel(x_train, x_test=None, reps=2, scale=1.0, entanglement="full"):
    s = zz_states(x_train, reps, scale, entanglement)
    gram = np.abs(s.conj() @ s.T) ** 2
    if x_test is None:
        return gram, None
    t = zz_states(x_test, reps, scale, entanglement)
    return gram, np.abs(t.conj() @ s.T) ** 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qubits", type=int, default=8)
    ap.add_argument("--sizes", default="50,100,200,500,1000")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", help="write the last Gram matrix here (.npy)")
    ap.add_argument("--x", help="rows to use (.npy); random in [0, 1) otherwise")
    a = ap.parse_args()
    for size in [int(v) for v in a.sizes.split(",")]:
        if a.x:
            x = np.load(a.x)[:size]
        else:
            x = np.random.default_rng(7).random((size, a.qubits))
        best_total = best_states = float("inf")
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            s = zz_states(x, a.reps)
            t1 = time.perf_counter()
            gram = np.abs(s.conj() @ s.T) ** 2
            t2 = time.perf_counter()
            best_total = min(best_total, t2 - t0)
            best_states = min(best_states, t1 - t0)
        if a.out:
            np.save(a.out, gram)
        print(json.dumps({"n": size, "qubits": x.shape[1], "total_ms": best_total * 1e3,
                          "states_ms": best_states * 1e3}))


if __name__ == "__main__":
    main()
