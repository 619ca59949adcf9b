#!/usr/bin/env python3
"""Python side of the peer comparison (io.qstep.bench.PeerBench): times Qiskit Aer and qulacs on
circuits given as JSON gate lists, e.g.

    [{"g": "h", "q": [0]}, {"g": "rz", "q": [1], "p": 0.3}, {"g": "cx", "q": [0, 1]}]

(qubit 0 least significant, RZ(t) = diag(exp(-it/2), exp(it/2)) as in Qiskit).

Two modes:

  peer_bench.py serve ENGINE
      A worker for PeerBench: reads one JSON request per line on stdin, answers one JSON line on
      stdout. Request: {"circuit": PATH, "threads": T, "min_runs": R, "budget_s": S,
      "dump": PATH or null}. It runs the circuit at least R times and until S seconds of measured
      time have passed, and answers {"n", "best_s", "runs", "sim_s"} where best_s is the fastest
      wall time and sim_s the simulator's own time of that run (Aer's time_taken; qulacs: = best_s).
      With "dump", the final state is written there as float64 .npy of shape (2^n, 2) (re, im).

  peer_bench.py run ENGINE --threads T [--min-runs R] [--budget-s S] CIRCUIT.json...
      The same measurement from the command line, one JSON line per circuit.

ENGINE is "aer" or "qulacs".

What is timed (state allocation and simulation from |0...0>, never circuit construction):
  aer     AerSimulator(method="statevector", precision="double", max_parallel_threads=T), its
          default fusion; the circuit is transpiled once (optimization_level=0, so Aer gets the
          same gates as the other engines; transpiling is not timed) and ends in save_statevector.
          Timed: sim.run(tqc).result(), which includes returning the state to Python.
  qulacs  QuantumState(n) + QuantumCircuit.update_quantum_state. qulacs fixes its OpenMP thread
          count when it is imported, so a worker serves one thread count: start it with
          OMP_NUM_THREADS=T (PeerBench does), and a request for another count is an error.
          qulacs 0.6.x rotates the other way (RZ(t) = exp(+itZ/2)), so it is given -t.
"""

import argparse
import json
import os
import sys
import time

import numpy as np


def load(path):
    with open(path, encoding="utf-8") as f:
        gates = json.load(f)
    n = 1 + max(q for g in gates for q in g["q"])
    return n, gates


class Aer:
    name = "aer"

    def __init__(self):
        from qiskit import QuantumCircuit, transpile
        from qiskit_aer import AerSimulator

        self._qc = QuantumCircuit
        self._transpile = transpile
        self._sim_class = AerSimulator
        self._sims = {}
        self._cache = {}

    def _sim(self, threads):
        if threads not in self._sims:
            self._sims[threads] = self._sim_class(
                method="statevector", precision="double", max_parallel_threads=threads
            )
        return self._sims[threads]

    def _compiled(self, path, threads):
        key = (path, threads)
        if key not in self._cache:
            self._cache.clear()  # one circuit at a time: large n must not pile up
            n, gates = load(path)
            qc = self._qc(n)
            for g in gates:
                kind, q = g["g"], g["q"]
                if kind == "h":
                    qc.h(q[0])
                elif kind == "rz":
                    qc.rz(g["p"], q[0])
                elif kind == "cx":
                    qc.cx(q[0], q[1])
                else:
                    raise ValueError(f"unsupported gate {kind!r}")
            qc.save_statevector()
            self._cache[key] = (n, self._transpile(qc, self._sim(threads), optimization_level=0))
        return self._cache[key]

    def measure(self, path, threads, min_runs, budget_s, dump):
        n, tqc = self._compiled(path, threads)
        sim = self._sim(threads)
        best, best_sim, runs, spent = float("inf"), float("nan"), 0, 0.0
        while runs < min_runs or spent < budget_s:
            t0 = time.perf_counter()
            result = sim.run(tqc).result()
            dt = time.perf_counter() - t0
            if not result.success:
                raise RuntimeError(f"Aer failed: {result.status}")
            if dump and runs == 0:
                save(dump, np.asarray(result.get_statevector(), dtype=np.complex128))
            if dt < best:
                best, best_sim = dt, float(result.results[0].time_taken)
            del result
            runs += 1
            spent += dt
        return {"n": n, "best_s": best, "runs": runs, "sim_s": best_sim}


class Qulacs:
    name = "qulacs"

    def __init__(self):
        import qulacs

        self._q = qulacs
        self.threads = int(os.environ.get("OMP_NUM_THREADS", "0"))
        self._cache = {}

    def _compiled(self, path):
        if path not in self._cache:
            self._cache.clear()
            n, gates = load(path)
            c = self._q.QuantumCircuit(n)
            for g in gates:
                kind, q = g["g"], g["q"]
                if kind == "h":
                    c.add_H_gate(q[0])
                elif kind == "rz":
                    c.add_RZ_gate(q[0], -g["p"])
                elif kind == "cx":
                    c.add_CNOT_gate(q[0], q[1])
                else:
                    raise ValueError(f"unsupported gate {kind!r}")
            self._cache[path] = (n, c)
        return self._cache[path]

    def measure(self, path, threads, min_runs, budget_s, dump):
        if threads != self.threads:
            raise ValueError(
                f"this qulacs worker runs OMP_NUM_THREADS={self.threads}, asked for {threads}"
            )
        n, c = self._compiled(path)
        best, runs, spent = float("inf"), 0, 0.0
        while runs < min_runs or spent < budget_s:
            t0 = time.perf_counter()
            state = self._q.QuantumState(n)
            c.update_quantum_state(state)
            dt = time.perf_counter() - t0
            if dump and runs == 0:
                save(dump, state.get_vector())
            del state
            best = min(best, dt)
            runs += 1
            spent += dt
        return {"n": n, "best_s": best, "runs": runs, "sim_s": best}


def save(path, amplitudes):
    a = np.ascontiguousarray(amplitudes, dtype=np.complex128)
    np.save(path, a.view(np.float64).reshape(-1, 2))


def engine(name):
    if name == "aer":
        return Aer()
    if name == "qulacs":
        return Qulacs()
    raise SystemExit(f"unknown engine {name!r}: aer or qulacs")


def versions(name):
    if name == "aer":
        import qiskit
        import qiskit_aer

        return f"qiskit {qiskit.__version__}, qiskit-aer {qiskit_aer.__version__}"
    from importlib.metadata import version

    return f"qulacs {version('qulacs')}"


def serve(name):
    eng = engine(name)
    print(json.dumps({"ready": name, "version": versions(name)}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            out = eng.measure(
                req["circuit"],
                int(req["threads"]),
                int(req.get("min_runs", 1)),
                float(req.get("budget_s", 0.0)),
                req.get("dump"),
            )
        except Exception as e:  # answer, so the Java side reports it instead of hanging
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("serve")
    s.add_argument("engine", choices=["aer", "qulacs"])
    r = sub.add_parser("run")
    r.add_argument("engine", choices=["aer", "qulacs"])
    r.add_argument("--threads", type=int, required=True)
    r.add_argument("--min-runs", type=int, default=3)
    r.add_argument("--budget-s", type=float, default=0.0)
    r.add_argument("circuits", nargs="+")
    a = p.parse_args()
    if a.mode == "serve":
        serve(a.engine)
        return
    if a.engine == "qulacs" and os.environ.get("OMP_NUM_THREADS") != str(a.threads):
        raise SystemExit(f"run qulacs with OMP_NUM_THREADS={a.threads} in the environment")
    eng = engine(a.engine)
    for path in a.circuits:
        out = eng.measure(path, a.threads, a.min_runs, a.budget_s, None)
        print(json.dumps({"circuit": path, "engine": a.engine, "threads": a.threads, **out}))


if __name__ == "__main__":
    main()
