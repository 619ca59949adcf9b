#!/usr/bin/env bash
# Prints the path of a tool that renders kustomize trees, installing one if needed (idempotent):
#   - a kubectl on PATH whose built-in kustomize is v4 or newer (`kubectl kustomize DIR`), else
#   - kustomize v5 built from the Go module proxy into .tools/bin (`kustomize build DIR`).
# Debian's kubectl (package kubernetes-client, 1.20 in bookworm) embeds kustomize v2.0.3, which
# predates the `labels` and `patches` fields the overlays use, so it is not installed here.
# Progress goes to stderr; stdout is only the path. Exits non-zero when no tool can be had.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUSTOMIZE_VERSION="v5.5.0"
TOOLS="$ROOT/.tools/bin"

kustomize_major() { # $1: a version string such as v5.5.0 or kustomize/v5.5.0
  sed -n 's/.*v\([0-9][0-9]*\)\..*/\1/p' <<<"$1" | head -n1
}

if [[ -n "${QSTEP_KUSTOMIZE:-}" && -x "$QSTEP_KUSTOMIZE" ]]; then
  echo "$QSTEP_KUSTOMIZE"; exit 0
fi
if command -v kubectl >/dev/null 2>&1; then
  v="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p' || true)"
  major="$(kustomize_major "$v")"
  if [[ -n "$major" && "$major" -ge 4 ]]; then
    echo "setup-kustomize: kubectl $(command -v kubectl) (kustomize $v)" >&2
    command -v kubectl; exit 0
  fi
  echo "setup-kustomize: kubectl's kustomize '${v:-unknown}' is too old; using kustomize" >&2
fi
if [[ -x "$TOOLS/kustomize" ]] && "$TOOLS/kustomize" version 2>/dev/null | grep -q "$KUSTOMIZE_VERSION"; then
  echo "$TOOLS/kustomize"; exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup-kustomize: neither kubectl (kustomize >= v4) nor go is installed" >&2; exit 1
fi
echo "setup-kustomize: building kustomize $KUSTOMIZE_VERSION from the Go module proxy ..." >&2
mkdir -p "$TOOLS"
GOBIN="$TOOLS" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
echo "$TOOLS/kustomize"
