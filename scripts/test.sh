#!/usr/bin/env bash
# Runs every test: installs what the tests need (a Python venv with numpy for the .npy interop
# check and MLflow 3.x), starts a real MLflow tracking server on a free loopback port (SQLite
# backend, served artifacts) for the tracking integration tests, then `mvn verify` over all
# modules (unit tests, integration tests with a real gRPC server on loopback, CLI runs and the
# MLflow server, Spotless format check). The server is stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QSTEP_PYTHON="$(scripts/setup-python.sh)"
export QSTEP_PYTHON
echo "test.sh: python for interop checks: $QSTEP_PYTHON"
# A real dataset for the compression, encoding and kernel tests: scikit-learn's 8x8 digits.
QSTEP_DIGITS_DIR="$ROOT/.data/digits"
"$QSTEP_PYTHON" scripts/export_digits.py "$QSTEP_DIGITS_DIR"
export QSTEP_DIGITS_DIR
# A kustomize renderer for the manifest tests (kubectl, else kustomize from the Go module proxy).
QSTEP_KUSTOMIZE="$(scripts/setup-kustomize.sh)"
export QSTEP_KUSTOMIZE

MLFLOW_DIR="$(mktemp -d)"
MLFLOW_PORT="$("$QSTEP_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Its own process group (setsid), so stopping it also stops its uvicorn workers.
SETSID=(); command -v setsid >/dev/null && SETSID=(setsid)
"${SETSID[@]}" "$(dirname "$QSTEP_PYTHON")/mlflow" server \
  --backend-store-uri "sqlite:///$MLFLOW_DIR/mlflow.db" \
  --artifacts-destination "$MLFLOW_DIR/artifacts" \
  --host 127.0.0.1 --port "$MLFLOW_PORT" >"$MLFLOW_DIR/server.log" 2>&1 &
MLFLOW_PID=$!
stop_mlflow() {
  kill -TERM -- "-$MLFLOW_PID" 2>/dev/null || kill -TERM "$MLFLOW_PID" 2>/dev/null || true
  wait "$MLFLOW_PID" 2>/dev/null || true
  rm -rf "$MLFLOW_DIR"
}
trap stop_mlflow EXIT
export QSTEP_TEST_MLFLOW_URI="http://127.0.0.1:$MLFLOW_PORT"
for _ in $(seq 120); do
  if "$QSTEP_PYTHON" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1] + '/health', timeout=2)" \
      "$QSTEP_TEST_MLFLOW_URI" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$MLFLOW_PID" 2>/dev/null; then
    echo "test.sh: mlflow server failed to start:" >&2; cat "$MLFLOW_DIR/server.log" >&2; exit 1
  fi
  sleep 1
done
echo "test.sh: MLflow tracking server at $QSTEP_TEST_MLFLOW_URI"
mvn -B -ntp verify "$@"
