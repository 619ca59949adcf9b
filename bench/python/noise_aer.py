"""Qiskit Aer peer for io.qstep.bench.NoiseBench.

Reads a JSON job (n, layers, angles, uniform calibration figures) on argv[1], builds the same
layered circuit and the same noise model as qstep's NoiseModel for a uniform device (thermal
relaxation over the gate duration, then depolarising chosen so the average gate error is the
calibrated one), and prints one JSON line: density-matrix time (median ms), trajectory time for
`trajectories` shots on the statevector method (ms), and <Z_i> of Aer's density matrix (for the
cross-check against ours).
"""
import json
import math
import sys
import time

from qiskit import QuantumCircuit
from qiskit.quantum_info import DensityMatrix, Pauli
from qiskit_aer import AerSimulator
from qiskit_aer.noise import NoiseModel, depolarizing_error, thermal_relaxation_error


def relax_fe(t1, t2, t):
    return (1 + 2 * math.exp(-t / t2) + math.exp(-t / t1)) / 4


def depol_p(error, fe_relax, d):
    if error <= 0:
        return 0.0
    d2 = d * d
    fe_target = ((1 - error) * (d + 1) - 1) / d
    denom = d2 * fe_relax - 1
    if denom <= 0:
        return 0.0
    return max(0.0, min(1.0, 1 - (d2 * fe_target - 1) / denom))


def main():
    job = json.load(open(sys.argv[1]))
    n, layers, angles = job["n"], job["layers"], job["angles"]
    t1, t2 = job["t1_ns"], job["t2_ns"]
    # ry is two native pulses in qstep's model: error 1-(1-e)^2 over twice the duration
    e1 = 1 - (1 - job["e1"]) ** 2
    d1 = 2 * job["d1_ns"]
    e2, d2 = job["e2"], job["d2_ns"]
    relax1 = thermal_relaxation_error(t1, t2, d1)
    p1 = depol_p(e1, relax_fe(t1, t2, d1), 2)
    err1 = relax1.compose(depolarizing_error(p1, 1)) if p1 > 0 else relax1
    relax2 = thermal_relaxation_error(t1, t2, d2).expand(thermal_relaxation_error(t1, t2, d2))
    p2 = depol_p(e2, relax_fe(t1, t2, d2) ** 2, 4)
    err2 = relax2.compose(depolarizing_error(p2, 2)) if p2 > 0 else relax2
    model = NoiseModel()
    model.add_all_qubit_quantum_error(err1, ["ry"])
    model.add_all_qubit_quantum_error(err2, ["cx"])

    qc = QuantumCircuit(n)
    k = 0
    for layer in range(layers):
        for q in range(n):
            qc.ry(angles[k], q)
            k += 1
        for start in (0, 1):
            for q in range(start, n - 1, 2):
                qc.cx(q, q + 1)
    out = {"n": n}
    if n <= job["dm_max"]:
        dm = qc.copy()
        dm.save_density_matrix()
        sim = AerSimulator(method="density_matrix", noise_model=model)
        times = []
        rho = None
        for _ in range(job["reps"] + 1):
            t0 = time.perf_counter()
            res = sim.run(dm, shots=1).result()
            times.append((time.perf_counter() - t0) * 1e3)
            rho = res.data(0)["density_matrix"]
        times = sorted(times[1:])
        out["dm_ms"] = times[len(times) // 2]
        rho = DensityMatrix(rho)
        out["z"] = [
            float(rho.expectation_value(Pauli("I" * (n - 1 - q) + "Z" + "I" * q)).real)
            for q in range(n)
        ]
    traj = qc.copy()
    traj.measure_all()
    sim = AerSimulator(method="statevector", noise_model=model, seed_simulator=7)
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        sim.run(traj, shots=job["trajectories"]).result()
        times.append((time.perf_counter() - t0) * 1e3)
    out["traj_ms"] = min(times[1:])
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
