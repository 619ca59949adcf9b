#!/usr/bin/env bash
# Creates (idempotently) the Python venv the tests and benchmarks use: .venv with numpy
# (the .npy interop check), MLflow 3.x (the tracking server and the file-store check) and
# scikit-learn (the digits dataset and the SVM stage of the kernel example), kfp (the Kubeflow
# component and example pipelines, run through kfp.local) and grpcio-tools (Python stubs for the
# cross-language gRPC contract test; 1.76.0 because 1.85.x needs protobuf 7, kfp 2.17.3 < 7).
# Pass --bench to add the benchmark peers (qiskit-aer, qulacs; TensorLy for TT-SVD; Mitiq 1.1.0 for mitigation;
# minorminer 0.2.22 + dwave-networkx 0.8.19 for minor embedding) and --qokit
# to add QOKit 0.1.4 and qiskit-aer (the QAOA benchmark's peers; QOKit pins its own qiskit,
# 2.2.x, so --qokit does not combine with --bench).
# Prints nothing but errors on a second run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${QSTEP_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
want=(numpy 'mlflow>=3,<4' scikit-learn kfp==2.17.3 grpcio-tools==1.76.0 googleapis-common-protos)
for flag in "$@"; do
  case "$flag" in
    --bench) want+=(qiskit==2.6.1 qiskit-aer==0.18.2 qulacs==0.6.14 tensorly==0.10.0 mitiq==1.1.0 ply minorminer==0.2.22 dwave-networkx==0.8.19) ;;
    --qokit) want+=(qokit==0.1.4 qiskit-aer==0.18.2) ;;
    *) echo "unknown flag: $flag (known: --bench, --qokit)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${want[@]}"; do
  mod="${pkg%%[<>=]*}"; mod="${mod//-/_}"
  [[ "$mod" == "scikit_learn" ]] && mod="sklearn"
  [[ "$mod" == "qiskit_aer" ]] && mod="qiskit_aer"
  [[ "$mod" == "grpcio_tools" ]] && mod="grpc_tools"
  [[ "$mod" == "googleapis_common_protos" ]] && mod="google.rpc.status_pb2"
  "$VENV/bin/python" -c "import $mod" 2>/dev/null || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  "$VENV/bin/python" -m pip install -q "${missing[@]}"
fi
# QOKit's C simulator (the issue's peer) is not in its pip package: build libcsim.so from the
# C sources of its source distribution, with the flags its README gives (-O3, OpenMP).
if [[ " $* " == *" --qokit "* ]]; then
  CSIM="$("$VENV/bin/python" -c 'import qokit, os; print(os.path.join(os.path.dirname(qokit.__file__), "fur", "c", "csim"))')"
  if [[ ! -f "$CSIM/libcsim.so" ]]; then
    SRC="$(mktemp -d)"
    "$VENV/bin/python" -m pip download -q --no-deps --no-binary :all: qokit==0.1.4 -d "$SRC"
    tar xzf "$SRC"/qokit-0.1.4.tar.gz -C "$SRC"
    C="$SRC/qokit-0.1.4/qokit/fur/c/csim/src"
    # The sdist ships the .c files without their headers, which only declare the functions:
    # write each header from its file's definitions.
    for f in diagonal fur qaoa_fur; do
      { echo '#include <stddef.h>'
        awk '/^void /{sig=""; on=1} on{sig=sig $0 " "} on && /\)/{sub(/\)[^)]*$/, ")", sig); print sig ";"; on=0}' "$C/$f.c"
      } >"$C/$f.h"
    done
    gcc -O3 -march=native -fopenmp -fPIC -shared -I"$C" "$C"/diagonal.c "$C"/fur.c "$C"/qaoa_fur.c \
      -o "$CSIM/libcsim.so" -lm
    rm -rf "$SRC"
  fi
fi
echo "$VENV/bin/python"
