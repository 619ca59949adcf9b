"""Exports scikit-learn's 8x8 handwritten digits (UCI ML hand-written digits, CC BY 4.0,
shipped inside scikit-learn) as .npy files for the tests and benchmarks.

usage: export_digits.py OUT_DIR
writes OUT_DIR/digits_x.npy (float64 [1797, 64], pixel values 0..16) and
       OUT_DIR/digits_y.npy (int64 [1797], labels 0..9). Idempotent.
"""

import os
import sys

import numpy as np
from sklearn.datasets import load_digits


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    digits = load_digits()
    x = np.ascontiguousarray(digits.data, dtype="<f8")
    y = np.ascontiguousarray(digits.target, dtype="<i8")
    np.save(os.path.join(out, "digits_x.npy"), x)
    np.save(os.path.join(out, "digits_y.npy"), y)
    return 0


if __name__ == "__main__":
    sys.exit(main())
