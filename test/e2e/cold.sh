#!/usr/bin/env bash
# npm run e2e:cold: the whole end-to-end run as CI and a newcomer start it, from empty Go caches
# (GOMODCACHE, GOCACHE) and no built tools, in E2E_COLD_DIR (default .e2e/cold, emptied first).
# Prints the build time and the total; removes the caches afterwards unless E2E_COLD_KEEP=1.
# Arguments go to mocha (test/e2e/run.sh). Run it whenever test/e2e/build.sh changes.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
COLD="${E2E_COLD_DIR:-$ROOT/.e2e/cold}"
[[ -d $COLD ]] && chmod -R u+w "$COLD" && rm -rf "$COLD"
mkdir -p "$COLD"
[[ ${E2E_COLD_KEEP:-} == 1 ]] || trap 'rm -rf "$COLD"' EXIT
export GOMODCACHE="$COLD/gomod" GOCACHE="$COLD/gocache" E2E_BIN="$COLD/bin"
t0=$SECONDS
"$ROOT/test/e2e/build.sh"
echo "e2e cold: every tool built from empty caches in $((SECONDS - t0))s"
"$ROOT/test/e2e/run.sh" "$@"
echo "e2e cold: builds and run took $((SECONDS - t0))s"
