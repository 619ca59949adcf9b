"""Mitiq 1.1.0 as the zero-noise-extrapolation peer of MitigationBench.

fold:        python mitiq_zne.py fold IN.json OUT.json
             IN  = {"scales": [1, 3, 5], "circuits": {"id": "OPENQASM 2.0 text", ...}}
             OUT = {"id": ["folded qasm at scale 1", "... at scale 3", ...], ...}
             (mitiq.zne.scaling.fold_global on Qiskit circuits)
extrapolate: python mitiq_zne.py extrapolate IN.json OUT.json
             IN  = {"scales": [...], "values": {"id": [[v at scale j for each observable] ...]}}
             OUT = {"id": [zero-noise value per observable]}   (RichardsonFactory.extrapolate)
The circuits run on qstep's noisy-dm backend in between, so both sides see the same noise.
"""
import json
import sys

import qiskit.qasm2 as qasm2
from mitiq.zne.inference import RichardsonFactory
from mitiq.zne.scaling import fold_global


def fold(inp, out):
    spec = json.load(open(inp))
    res = {}
    for cid, text in spec["circuits"].items():
        circ = qasm2.loads(text)
        res[cid] = [qasm2.dumps(fold_global(circ, s)) for s in spec["scales"]]
    json.dump(res, open(out, "w"))


def extrapolate(inp, out):
    spec = json.load(open(inp))
    scales = spec["scales"]
    res = {}
    for cid, per_scale in spec["values"].items():
        k = len(per_scale[0])
        res[cid] = [
            float(RichardsonFactory.extrapolate(scales, [v[i] for v in per_scale]))
            for i in range(k)
        ]
    json.dump(res, open(out, "w"))


if __name__ == "__main__":
    {"fold": fold, "extrapolate": extrapolate}[sys.argv[1]](sys.argv[2], sys.argv[3])
