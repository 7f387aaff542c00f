#!/usr/bin/env bash
# Stops everything test/e2e/up.sh started and removes the cluster's state (not the builds).
set -uo pipefail
RUN="$(cd "$(dirname "$0")/../.." && pwd)/.e2e/run"
for name in istiod lb-controller charts kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    f=$RUN/$name.pid
    [[ -f $f ]] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        echo "e2e down: stopped $name"
    fi
    rm -f "$f"
done
rm -rf "$RUN" "$(dirname "$RUN")/state" "$(dirname "$RUN")/env"
