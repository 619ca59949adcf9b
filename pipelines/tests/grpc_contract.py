"""Cross-language contract check: a Python upstream stage calls a running Java step-runner.

    python pipelines/tests/grpc_contract.py HOST:PORT STUB_DIR

Generates Python stubs from proto/ with grpcio-tools into STUB_DIR (google/rpc/status.proto
comes from googleapis-common-protos, the well-known types from grpcio-tools), sends NumPy
tensors in the Open Inference Protocol layout (little-endian, row-major raw_contents; BYTES as
4-byte little-endian length + bytes) and checks every answer against NumPy: an independent
state-vector simulation of the quantum layer, cos(theta) for a Bell sweep, exact
diagonalisation for VQE, INVALID_ARGUMENT with a google.rpc.BadRequest naming the field for a
NaN feature, and per-request errors as google.rpc.Status inside RunStream. Prints a JSON report;
exits 1 on the first mismatch.
"""
import json
import os
import pathlib
import struct
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROTO = ROOT / "proto" / "src" / "main" / "proto"


def generate_stubs(out):
    import google.rpc.status_pb2 as status_pb2
    import grpc_tools
    from grpc_tools import protoc

    out.mkdir(parents=True, exist_ok=True)
    googleapis = pathlib.Path(status_pb2.__file__).resolve().parents[2]  # holds google/rpc/*.proto
    well_known = pathlib.Path(grpc_tools.__file__).resolve().parent / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO}",
        f"-I{googleapis}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        "qstep/v1/tensor.proto",
        "qstep/v1/step.proto",
    ]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed: {' '.join(args)}")
    sys.path.insert(0, str(out))


# ---- tensors: NumPy <-> qstep.v1.Tensor (KServe Open Inference Protocol raw layout) ----
DTYPES = {"FP64": "<f8", "FP32": "<f4", "INT64": "<i8", "INT32": "<i4", "BOOL": "|b1"}


def to_tensor(pb, name, a):
    if a.dtype.kind in "US":
        raw = b"".join(struct.pack("<I", len(s.encode())) + s.encode() for s in a.ravel().tolist())
        return pb.Tensor(name=name, datatype="BYTES", shape=list(a.shape), raw_contents=raw)
    datatype = {"f8": "FP64", "f4": "FP32", "i8": "INT64", "i4": "INT32", "b1": "BOOL"}[
        a.dtype.str[1:]
    ]
    raw = np.ascontiguousarray(a.astype(DTYPES[datatype], copy=False)).tobytes(order="C")
    return pb.Tensor(name=name, datatype=datatype, shape=list(a.shape), raw_contents=raw)


def from_tensor(t):
    return np.frombuffer(t.raw_contents, dtype=DTYPES[t.datatype]).reshape(tuple(t.shape))


# ---- NumPy oracles ----
I2 = np.eye(2)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]])
Z = np.diag([1.0, -1.0]).astype(complex)


def ry(t):
    c, s = np.cos(t / 2), np.sin(t / 2)
    return np.array([[c, -s], [s, c]], dtype=complex)


def rz(t):
    return np.diag([np.exp(-1j * t / 2), np.exp(1j * t / 2)])


def on(n, q, g):
    """g on qubit q of n, qubit 0 the leftmost tensor factor."""
    m = np.array([[1.0]], dtype=complex)
    for k in range(n):
        m = np.kron(m, g if k == q else I2)
    return m


def cx(n, c, t):
    p0, p1 = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])
    return on(n, c, p0) + on(n, c, p1) @ on(n, t, X)


def layer_oracle(features, weights):
    n = features.shape[1]
    out = []
    for x in features:
        psi = np.zeros(2**n, dtype=complex)
        psi[0] = 1
        for q in range(n):
            psi = on(n, q, ry(x[q])) @ psi
        for lw in weights:
            for q in range(n):
                psi = on(n, q, rz(lw[q, 1])) @ (on(n, q, ry(lw[q, 0])) @ psi)
            for q in range(n - 1):
                psi = cx(n, q, q + 1) @ psi
        out.append([np.real(np.vdot(psi, on(n, q, Z) @ psi)) for q in range(n)])
    return np.array(out)


def pauli_matrix(s):
    m = np.array([[1.0]], dtype=complex)
    for ch in s:
        m = np.kron(m, {"I": I2, "X": X, "Y": Y, "Z": Z}[ch])
    return m


BELL_SWEEP = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[2] q;
h q[0];
cx q[0], q[1];
ry(theta) q[1];
"""


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main(target, stub_dir):
    generate_stubs(pathlib.Path(stub_dir))
    import grpc
    from google.rpc import error_details_pb2, status_pb2
    from qstep.v1 import step_pb2, step_pb2_grpc, tensor_pb2

    class PB:  # one namespace for the messages
        Tensor = tensor_pb2.Tensor

    report = {}
    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=60)
        stub = step_pb2_grpc.QuantumStepStub(channel)

        backends = stub.ListBackends(step_pb2.ListBackendsRequest(), timeout=60)
        names = [b.name for b in backends.backends]
        check("statevector" in names, f"statevector not in {names}")
        report["backends"] = names

        # 1. quantum layer on a NumPy feature batch vs an independent NumPy simulation
        rng = np.random.default_rng(5)
        features = rng.uniform(-np.pi, np.pi, (4, 3))
        weights = rng.uniform(-np.pi, np.pi, (2, 3, 2))
        r = stub.Run(
            step_pb2.RunRequest(
                request_id="py-layer",
                inputs=[to_tensor(PB, "features", features), to_tensor(PB, "weights", weights)],
                task=step_pb2.TaskSpec(layer=step_pb2.LayerTask()),
                backend=step_pb2.BackendSpec(seed=3),
            ),
            timeout=120,
        )
        got = from_tensor({t.name: t for t in r.outputs}["expectations"])
        want = layer_oracle(features, weights)
        check(got.shape == want.shape, f"layer shape {got.shape} != {want.shape}")
        err = float(np.max(np.abs(got - want)))
        check(err < 1e-10, f"layer differs from NumPy by {err}")
        check(r.request_id == "py-layer" and r.seed == 3, "request id / seed not echoed")
        check(len(r.circuit_version) == 64, "circuit_version is not a sha256")
        report["layer_max_abs_error"] = err

        # 2. a Bell sweep: <ZZ> = cos(theta)
        theta = np.linspace(0, np.pi, 5).reshape(5, 1)
        r = stub.Run(
            step_pb2.RunRequest(
                inputs=[to_tensor(PB, "params", theta)],
                task=step_pb2.TaskSpec(
                    circuit=step_pb2.CircuitTask(qasm=BELL_SWEEP, observables=["ZZ"])
                ),
            ),
            timeout=120,
        )
        zz = from_tensor(r.outputs[0])[:, 0]
        check(np.allclose(zz, np.cos(theta[:, 0]), atol=1e-12), f"<ZZ> {zz} != cos(theta)")
        report["bell_zz"] = zz.tolist()

        # 3. VQE with a BYTES tensor of Pauli strings vs exact diagonalisation
        paulis = np.array(["ZZ", "XI", "IX", "YY"])
        coeffs = np.array([0.5, -0.8, 0.3, 0.2])
        h = sum(c * pauli_matrix(p) for p, c in zip(paulis, coeffs))
        exact = float(np.linalg.eigvalsh(h)[0])
        r = stub.Run(
            step_pb2.RunRequest(
                inputs=[to_tensor(PB, "paulis", paulis), to_tensor(PB, "coeffs", coeffs)],
                task=step_pb2.TaskSpec(vqe=step_pb2.VqeTask(depth=2)),
                backend=step_pb2.BackendSpec(seed=1),
            ),
            timeout=300,
        )
        check(abs(r.metrics["baseline_energy"] - exact) < 1e-9,
              f"baseline_energy {r.metrics['baseline_energy']} != eigvalsh {exact}")
        check(r.metrics["energy"] >= exact - 1e-9, "VQE energy below the ground state")
        report["vqe"] = {"exact": exact, "energy": r.metrics["energy"]}

        # 4. bad input: INVALID_ARGUMENT with google.rpc.BadRequest naming the field
        bad = features.copy()
        bad[1, 2] = np.nan
        try:
            stub.Run(
                step_pb2.RunRequest(
                    inputs=[to_tensor(PB, "features", bad), to_tensor(PB, "weights", weights)],
                    task=step_pb2.TaskSpec(layer=step_pb2.LayerTask()),
                ),
                timeout=60,
            )
            check(False, "NaN feature accepted")
        except grpc.RpcError as e:
            check(e.code() == grpc.StatusCode.INVALID_ARGUMENT, f"got {e.code()}")
            details = dict(e.trailing_metadata() or ()).get("grpc-status-details-bin")
            check(details is not None, "no grpc-status-details-bin trailer")
            st = status_pb2.Status.FromString(details)
            fields = []
            for d in st.details:
                if d.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    br = error_details_pb2.BadRequest()
                    d.Unpack(br)
                    fields += [v.field for v in br.field_violations]
            check(any("features" in f for f in fields), f"BadRequest fields {fields}")
            report["bad_request_fields"] = fields

        # 5. RunStream: one good and one bad request, answered in order, the error as a Status
        reqs = [
            step_pb2.RunRequest(
                request_id="s-ok",
                inputs=[to_tensor(PB, "params", theta[:2])],
                task=step_pb2.TaskSpec(circuit=step_pb2.CircuitTask(qasm=BELL_SWEEP)),
            ),
            step_pb2.RunRequest(
                request_id="s-bad",
                inputs=[to_tensor(PB, "features", bad), to_tensor(PB, "weights", weights)],
                task=step_pb2.TaskSpec(layer=step_pb2.LayerTask()),
            ),
        ]
        answers = list(stub.RunStream(iter(reqs), timeout=120))
        check([a.request_id for a in answers] == ["s-ok", "s-bad"], "stream order")
        check(answers[0].WhichOneof("outcome") == "result", "s-ok failed")
        check(answers[1].WhichOneof("outcome") == "error", "s-bad did not fail")
        check(answers[1].error.code == 3, f"s-bad code {answers[1].error.code} != INVALID_ARGUMENT")
        report["stream_error"] = answers[1].error.message

    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
