#!/usr/bin/env bash
# Tensor-network benchmarks (issue 4): TT-SVD of a 2^20 vector at chi = 32, ours vs TensorLy 0.10.0
# on the same vectors in the same run, and fidelity vs CX of MPS vs exact amplitude encoding on
# scikit-learn's digits. Writes the Markdown tables to bench/results/tensor-networks.md (and stdout).
#
#   scripts/bench-tn.sh                  # full run: all 1797 digits (long on a shared 2-core box)
#   scripts/bench-tn.sh --images 300     # any io.qstep.bench.TnBench arguments (--reps, --layers,
#                                        # --sweeps, --images N, --no-tt)
#
# Builds the bench jar with `mvn package` (never install), creates or completes the venv
# (scripts/setup-python.sh --bench, which adds tensorly==0.10.0) and exports the digits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC2086
mvn -q -B ${MVN_FLAGS:-} -DskipTests -Dspotless.check.skip=true package -pl bench -am >&2
PY="$(scripts/setup-python.sh --bench)"
DIGITS="${QSTEP_DIGITS_DIR:-$ROOT/.data/digits}"
[[ -f "$DIGITS/digits_x.npy" ]] || "$PY" scripts/export_digits.py "$DIGITS" >&2
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g} -cp "bench/target/qstep-bench.jar:bench/target/lib/*" \
  io.qstep.bench.TnBench --python "$PY" --digits "$DIGITS" \
  --out bench/results/tensor-networks.md "$@"
