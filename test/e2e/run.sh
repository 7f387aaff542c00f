#!/usr/bin/env bash
# npm run e2e: build what is missing, start the harness, run the scenarios, stop everything.
# Exits non-zero on any failure; the harness is stopped whatever happens.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
t0=$SECONDS
trap '"$ROOT/test/e2e/down.sh" >/dev/null; echo "e2e: harness stopped ($((SECONDS - t0))s in all)"' EXIT
"$ROOT/test/e2e/down.sh" >/dev/null # a previous run's leftovers
"$ROOT/test/e2e/up.sh"
echo "e2e: harness up after $((SECONDS - t0))s"
# shellcheck disable=SC1091
source "$ROOT/.e2e/env"
# The package's provider as the engine runs it (provider/bin; yamlPackage and sdks e2e).
npm run -s build:provider
npx mocha --config test/e2e/.mocharc.json "$@"
node -e 'const t=require("./.e2e/timings.json");for(const[k,v]of Object.entries(t))console.log(`e2e timing: ${k}: ${v}s`)' 2>/dev/null || true
