"""One QAOA layer (cost + mixer from |+>) for QaoaBench: QOKit's C CPU simulator (its NumPy one
when the C library is not built) and
Qiskit Aer's statevector simulator on the same graph. Usage: qaoa_layer.py N EDGES_FILE.
Prints "qokit <median ms>" and "aer <median ms>" ("n/a (...)" when a peer is missing)."""
import statistics
import sys
import time


def median_ms(fn, reps):
    fn()  # warm-up (JIT, allocation, plan caches)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    n = int(sys.argv[1])
    edges = [tuple(map(int, line.split())) for line in open(sys.argv[2]) if line.strip()]
    reps = 3 if n >= 20 else 11
    gamma, beta = [0.4], [0.3]
    try:
        from qokit.fur import choose_simulator

        terms = [(1.0, (u, v)) for u, v in edges]
        try:  # the C simulator needs QOKit's compiled library; the wheel may come without it
            sim, kind = choose_simulator(name="c")(n, terms=terms), "c"
            sim.simulate_qaoa(gamma, beta)
        except ImportError:
            sim, kind = choose_simulator(name="python")(n, terms=terms), "numpy"
        ms = median_ms(lambda: sim.simulate_qaoa(gamma, beta), reps)
        print(f"qokit {ms:.2f} ({kind})", flush=True)
    except Exception as e:  # report and go on to the next peer
        print(f"qokit n/a ({type(e).__name__})", flush=True)
    try:
        from qiskit import QuantumCircuit, transpile
        from qiskit_aer import AerSimulator

        qc = QuantumCircuit(n)
        qc.h(range(n))
        for u, v in edges:
            qc.rzz(2 * gamma[0], u, v)
        for q in range(n):
            qc.rx(2 * beta[0], q)
        qc.save_statevector()
        backend = AerSimulator(method="statevector", precision="double")
        tqc = transpile(qc, backend)
        ms = median_ms(lambda: backend.run(tqc).result(), reps)
        print(f"aer {ms:.2f}", flush=True)
    except Exception as e:
        print(f"aer n/a ({type(e).__name__})", flush=True)


if __name__ == "__main__":
    main()
