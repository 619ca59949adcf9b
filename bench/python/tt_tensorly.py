"""TensorLy 0.10.0 TT-SVD on the same vector as io.qstep.bench.TnBench, for a same-run comparison.

usage: tt_tensorly.py VECTOR.npy CHI REPEATS
Reshapes the 2^n vector to n modes of size 2 (C order, as ours), runs
tensorly.decomposition.tensor_train(rank=CHI) once to warm up and REPEATS more times, and prints
one JSON line: median seconds, relative Frobenius error of the reconstruction, ranks, versions.
"""
import json
import statistics
import sys
import time

import numpy as np
import tensorly as tl
from tensorly.decomposition import tensor_train


def main():
    path, chi, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    x = np.load(path)
    n = int(np.log2(x.size))
    t = tl.tensor(x.reshape([2] * n))
    tensor_train(t, rank=chi)  # warm-up
    times = []
    tt = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        tt = tensor_train(t, rank=chi)
        times.append(time.perf_counter() - t0)
    rec = tl.tt_to_tensor(tt).reshape(-1)
    err = float(np.linalg.norm(rec - x) / np.linalg.norm(x))
    print(json.dumps({
        "seconds": statistics.median(times),
        "relative_error": err,
        "max_rank": int(max(f.shape[2] for f in tt.factors)),
        "tensorly": tl.__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
