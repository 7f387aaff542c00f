#!/usr/bin/env bash
# npm run bench:e2e: start the harness, run test/e2e/bench.ts, stop the harness.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
trap '"$ROOT/test/e2e/down.sh" >/dev/null' EXIT
"$ROOT/test/e2e/down.sh" >/dev/null
"$ROOT/test/e2e/up.sh" >&2
# shellcheck disable=SC1091
source "$ROOT/.e2e/env"
cd "$ROOT" && node node_modules/.bin/ts-node --transpile-only test/e2e/bench.ts "$@"
