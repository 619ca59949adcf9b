#!/usr/bin/env bash
# Runs every test: installs what the tests need (a Python venv with numpy for the .npy interop
# check), then `mvn verify` over all modules (unit tests, integration tests with a real gRPC
# server on loopback and CLI runs, Spotless format check).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QSTEP_PYTHON="$(scripts/setup-python.sh)"
export QSTEP_PYTHON
echo "test.sh: python for interop checks: $QSTEP_PYTHON"
mvn -B -ntp verify "$@"
