#!/usr/bin/env python3
"""NumPy side of the .npy interop tests for io.qstep.tensor.Npy.

  npy_interop.py write DIR   write arrays with known contents (and files Java must refuse) to DIR
  npy_interop.py check DIR   assert that the .npy files Java wrote to DIR hold the same contents

The expected contents below are mirrored by hand in
sdk/src/test/java/io/qstep/tensor/NumpyFixtures.java: change both together.
`write` also regenerates the committed fixtures:  npy_interop.py write sdk/src/test/resources/npy
Needs only numpy. Exits non-zero on any mismatch.
"""

import io
import pathlib
import sys

import numpy as np


def expected():
    """name -> array; every name is written by `write` as NAME.npy and checked by `check`."""
    return {
        "f8_2x3": np.array([[-0.5, -0.25, 0.0], [0.25, 0.5, 0.75]], dtype="<f8"),
        "f8_special": np.array(
            [np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308], dtype="<f8"
        ),
        "f8_scalar": np.array(3.25, dtype="<f8"),
        "f8_0x3": np.zeros((0, 3), dtype="<f8"),
        "f8_1000": np.arange(1000, dtype="<f8") / 8.0,
        "f4_3": np.array([1.5, -2.25, 3.4028235e38], dtype="<f4"),
        "i4_2x3x4": (np.arange(24, dtype="<i4") - 12).reshape(2, 3, 4),
        "i4_extremes": np.array([[-(2**31), -1], [0, 2**31 - 1]], dtype="<i4"),
        "i8_4": np.array([-(2**63), -1, 0, 2**63 - 1], dtype="<i8"),
        "b1_2x3": np.array([[True, False, True], [False, False, True]], dtype="|b1"),
    }


# Same contents as an entry of expected(), written with an explicit format version.
VERSIONED = {
    "v2_i8_2x2": ((2, 0), np.array([[1, 2], [3, 4]], dtype="<i8")),
    "v3_f4_3": ((3, 0), expected()["f4_3"]),
}


def refused():
    """name -> array that Java must refuse to read (INVALID_TENSOR)."""
    f8 = expected()["f8_2x3"]
    return {
        "bad_fortran": np.asfortranarray(f8),
        "bad_big_endian": f8.astype(">f8"),
        "bad_unicode": np.array(["ab", "c"]),
        "bad_object": np.array([1, "x"], dtype=object),
        "bad_structured": np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]),
        "bad_u1": np.arange(3, dtype="u1"),
    }


def write(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, arr in expected().items():
        np.save(out / f"{name}.npy", arr)
    for name, (version, arr) in VERSIONED.items():
        with open(out / f"{name}.npy", "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
    for name, arr in refused().items():
        np.save(out / f"{name}.npy", arr, allow_pickle=(arr.dtype == object))
    return 0


def check_one(path, want):
    """Returns a list of problems with the Java-written file `path`."""
    problems = []
    raw = path.read_bytes()
    f = io.BytesIO(raw)
    version = np.lib.format.read_magic(f)
    if version != (1, 0):
        problems.append(f"format version {version}, expected (1, 0)")
    reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else (
        np.lib.format.read_array_header_2_0)
    shape, fortran, dtype = reader(f)
    if f.tell() % 64 != 0:
        problems.append(f"data starts at byte {f.tell()}, not a multiple of 64")
    if fortran:
        problems.append("fortran_order is True")
    got = np.load(path, allow_pickle=False)
    if got.dtype.str != want.dtype.str:
        problems.append(f"dtype {got.dtype.str}, expected {want.dtype.str}")
    if got.shape != want.shape:
        problems.append(f"shape {got.shape}, expected {want.shape}")
    elif got.tobytes() != want.tobytes():  # bitwise: NaN and -0.0 included
        problems.append(f"contents differ: got {got!r}, expected {want!r}")
    if len(raw) != f.tell() + want.nbytes:
        problems.append(f"file has {len(raw)} bytes, expected {f.tell() + want.nbytes}")
    return problems


def check(src):
    failures = 0
    for name, want in expected().items():
        path = src / f"{name}.npy"
        if not path.exists():
            print(f"FAIL {name}: {path} is missing")
            failures += 1
            continue
        problems = check_one(path, want)
        for p in problems:
            print(f"FAIL {name}: {p}")
        failures += bool(problems)
        if not problems:
            print(f"ok   {name}")
    print(f"npy_interop check: {len(expected()) - failures} file(s) match, {failures} mismatch(es)")
    return 1 if failures else 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("write", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    d = pathlib.Path(argv[2])
    return write(d) if argv[1] == "write" else check(d)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
