"""Qiskit's transpile() on the circuits TranspileBench writes, for the same coupling map and basis.
Usage: transpile_qiskit.py DIR LEVELS SEED REPS, where DIR holds target.txt (line 1: basis gate
names; then one directed edge "a b" per line) and *.qasm (OpenQASM 2). LEVELS is e.g. "1,2,3".
Prints one line per circuit and level: "<name> <level> <median ms> <2q gates> <depth> <size>"."""
import glob
import os
import statistics
import sys
import time

from qiskit import qasm2, transpile
from qiskit.transpiler import CouplingMap


def main():
    d, levels, seed, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    lines = open(os.path.join(d, "target.txt")).read().split("\n")
    basis = lines[0].split()
    edges = [tuple(map(int, l.split())) for l in lines[1:] if l.strip()]
    cmap = CouplingMap(edges)
    files = sorted(glob.glob(os.path.join(d, "*.qasm")))
    warm = qasm2.load(files[0], custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    transpile(warm, coupling_map=cmap, basis_gates=basis, optimization_level=1, seed_transpiler=seed)
    for f in files:
        name = os.path.basename(f)[:-5]
        qc = qasm2.load(f, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
        for level in map(int, levels.split(",")):
            times, out = [], None
            for _ in range(reps):
                t0 = time.perf_counter()
                out = transpile(qc, coupling_map=cmap, basis_gates=basis,
                                optimization_level=level, seed_transpiler=seed)
                times.append((time.perf_counter() - t0) * 1e3)
            two_q = sum(1 for inst in out.data if inst.operation.num_qubits == 2)
            print(name, level, "%.2f" % statistics.median(times), two_q, out.depth(), out.size(),
                  flush=True)


if __name__ == "__main__":
    main()
