#!/usr/bin/env bash
# Creates (idempotently) the Python venv the tests and benchmarks use: .venv with numpy
# (the .npy interop check), MLflow 3.x (the tracking server and the file-store check) and
# scikit-learn (the digits dataset and the SVM stage of the kernel example).
# Pass --bench to add the peer simulators (qiskit-aer, qulacs) and Mitiq 1.1.0 (the mitigation
# benchmark's peer), and --qokit to add QOKit 0.1.4
# and qiskit-aer (the QAOA benchmark's peers; QOKit pins its own qiskit, 2.2.x, so --qokit does
# not combine with --bench).
# Prints nothing but errors on a second run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${QSTEP_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
want=(numpy 'mlflow>=3,<4' scikit-learn)
for flag in "$@"; do
  case "$flag" in
    --bench) want+=(qiskit==2.6.1 qiskit-aer==0.18.2 qulacs==0.6.14 mitiq==1.1.0 ply) ;;
    --qokit) want+=(qokit==0.1.4 qiskit-aer==0.18.2) ;;
    *) echo "unknown flag: $flag (known: --bench, --qokit)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${want[@]}"; do
  mod="${pkg%%[<>=]*}"; mod="${mod//-/_}"
  [[ "$mod" == "scikit_learn" ]] && mod="sklearn"
  [[ "$mod" == "qiskit_aer" ]] && mod="qiskit_aer"
  "$VENV/bin/python" -c "import $mod" 2>/dev/null || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  "$VENV/bin/python" -m pip install -q "${missing[@]}"
fi
echo "$VENV/bin/python"
