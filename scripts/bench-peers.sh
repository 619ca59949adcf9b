#!/usr/bin/env bash
# Peer comparison: our state-vector engine vs Qiskit Aer, qulacs (PyPI, in .venv) and Strange on
# seeded layered random circuits, n = 8..26, 1 and 2 threads, all in one run. Writes the Markdown
# table to bench/results/peers.md (and stdout); progress goes to stderr.
#
#   scripts/bench-peers.sh                      # the full run (about 10 minutes on 2 cores)
#   scripts/bench-peers.sh --qubits 8,12,16     # any io.qstep.bench.PeerBench arguments; later
#                                               # ones override the defaults below
#
# Idempotent: builds only when the bench jar is missing or older than a source file or pom, and
# creates or completes the venv (scripts/setup-python.sh --bench). Needs ~4 GiB free at n = 26.
# JAVA_OPTS overrides the JVM options (default -Xmx12g); MVN_FLAGS adds Maven flags (e.g. -o).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

JAR=bench/target/qstep-bench.jar
if [[ ! -f "$JAR" || ! -d bench/target/lib ]] \
  || [[ -n "$(find pom.xml proto sdk step-runner bench -path '*/target' -prune -o \
        \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' \) -newer "$JAR" -print -quit)" ]]; then
  echo "building..." >&2
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -DskipTests -Dspotless.check.skip=true install >&2
fi

PY="$(scripts/setup-python.sh --bench)"

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx12g} -cp "$JAR:bench/target/lib/*" io.qstep.bench.PeerBench \
  --python "$PY" \
  --out bench/results/peers.md \
  --rounds-at 24=4,26=2 \
  --reproduce "scripts/bench-peers.sh${*:+ $*}" \
  "$@"
