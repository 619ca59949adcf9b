"""The downstream Python stage of a quantum-kernel pipeline: an SVM on qstep's kernel outputs.

`bin/qstep run --task kernel ... --out DIR` writes DIR/gram.npy [N, N] (train x train) and
DIR/cross.npy [M, N] (test x train). This stage trains scikit-learn's SVC on the precomputed Gram
matrix and scores the test rows; with the feature files it also trains the classical RBF SVC on the
same features and recomputes the kernel with the plain NumPy peer (kernel_numpy.py) as a cross-check.

    python bench/python/kernel_svm.py --out-dir DIR --y-train y_train.npy --y-test y_test.npy \
        [--x-train x_train.npy --x-test x_test.npy --reps 2 --scale 0.5 --entanglement linear]

Prints one JSON line: accuracy, rbf_accuracy, max_abs_diff_vs_numpy (when features are given).
"""

import argparse
import json
import os
import sys

import numpy as np
from sklearn.svm import SVC

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_numpy import fidelity_kernel  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", required=True, help="the --out directory of `qstep run`")
    ap.add_argument("--y-train", required=True)
    ap.add_argument("--y-test", required=True)
    ap.add_argument("--x-train")
    ap.add_argument("--x-test")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--entanglement", default="full")
    ap.add_argument("--C", type=float, default=1.0)
    a = ap.parse_args()

    gram = np.load(os.path.join(a.out_dir, "gram.npy"))
    cross = np.load(os.path.join(a.out_dir, "cross.npy"))
    y_train = np.load(a.y_train)
    y_test = np.load(a.y_test)
    svc = SVC(kernel="precomputed", C=a.C).fit(gram, y_train)
    result = {"accuracy": float((svc.predict(cross) == y_test).mean()),
              "train_rows": int(gram.shape[0]), "test_rows": int(cross.shape[0])}
    if a.x_train and a.x_test:
        x_train = np.load(a.x_train)
        x_test = np.load(a.x_test)
        rbf = SVC(kernel="rbf", gamma="scale", C=a.C).fit(x_train, y_train)
        result["rbf_accuracy"] = float((rbf.predict(x_test) == y_test).mean())
        g, c = fidelity_kernel(x_train, x_test, a.reps, a.scale, a.entanglement)
        result["max_abs_diff_vs_numpy"] = float(max(np.abs(g - gram).max(), np.abs(c - cross).max()))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
