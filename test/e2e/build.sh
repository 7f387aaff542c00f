#!/usr/bin/env bash
# Builds the end-to-end harness's upstream programs from the Go module proxy into .e2e/,
# one wrapper module per tool (go install refuses modules with replace directives), keyed by
# version so a second run reuses them. Usage: test/e2e/build.sh [tool...]
# Works from empty Go caches (GOMODCACHE, GOCACHE): every module file it reads is downloaded first.
# E2E_BIN (default .e2e/bin) is where the tools go; npm run e2e:cold points it at an empty folder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
E2E="$ROOT/.e2e"
BIN="${E2E_BIN:-$E2E/bin}"
SRC="$(dirname "$BIN")/src"
V="$ROOT/test/e2e/versions.json"
ver() { node -p "require('$V').go.$1.${2:-version}"; }
mkdir -p "$BIN" "$SRC"
# -modcacherw: a module cache that can be removed without chmod (npm run e2e:cold removes its own).
export GOFLAGS="-mod=mod -modcacherw" GOTOOLCHAIN=local

# gomod <module@version>: downloads the module (from the proxy, or nothing if cached) and prints
# the path of its go.mod file in the module cache.
gomod() { go mod download -json "$1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);if(m.Error)throw new Error(m.Error);console.log(m.GoMod)})'; }

# step <name> <out-dir> <function>: runs the function unless <out-dir>/.done exists; prints timing.
step() {
    local name=$1 out=$2 fn=$3 t0=$SECONDS lock
    # One build of a tool at a time: a second run waits for it rather than racing in its directory.
    exec {lock}>"$out.lock"
    flock "$lock"
    if [[ -f $out/.done ]]; then
        echo "e2e build: $name cached ($out)"
        exec {lock}>&- # released here too, or a second build waits until this script exits
        return
    fi
    echo "e2e build: $name ..."
    rm -rf "$out" && mkdir -p "$out"
    "$fn" "$out"
    touch "$out/.done"
    echo "e2e build: $name built in $((SECONDS - t0))s"
    exec {lock}>&-
}

# wrapper <dir> <module-lines...>: a go.mod that only requires/replaces what the tool needs.
wrapper() {
    local dir=$1; shift
    rm -rf "$dir" && mkdir -p "$dir"
    printf 'module e2e/wrapper\n\ngo 1.26\n\n%s\n' "$*" >"$dir/go.mod"
}

build_kubernetes() {
    local v s src=$SRC/kubernetes
    v=$(ver kubernetes) s=$(ver kubernetes staging)
    local req="require k8s.io/kubernetes $v" rep="" m mod staged
    # k8s.io/kubernetes replaces its staging modules with local paths; point them at their releases.
    mod=$(gomod "k8s.io/kubernetes@$v")
    staged=$(sed -n 's#^\t\(k8s.io/[a-z-]*\) => ./staging/.*#\1#p' "$mod")
    [[ -n $staged ]] || { echo "e2e build: no staging replaces found in $mod" >&2; return 1; }
    for m in $staged; do
        rep+="replace $m => $m $s"$'\n'
    done
    wrapper "$src" "$req"$'\n'"$rep"
    (cd "$src" && echo 'package tools
import (_ "k8s.io/kubernetes/cmd/kube-apiserver"; _ "k8s.io/kubernetes/cmd/kube-controller-manager"; _ "k8s.io/kubernetes/cmd/kube-scheduler")' >tools.go && go mod tidy &&
        go build -trimpath -o "$1/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
}

build_etcd() {
    local src=$SRC/etcd
    wrapper "$src" "require go.etcd.io/etcd/server/v3 $(ver etcd)"
    # etcd's own main lives in a module with local replaces; etcdmain.Main is the same entry point.
    printf 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' >"$src/main.go"
    (cd "$src" && go mod tidy && go build -trimpath -o "$1/etcd" .)
}

build_kwok() {
    local src=$SRC/kwok
    wrapper "$src" "require sigs.k8s.io/kwok $(ver kwok)"
    (cd "$src" && echo 'package tools
import _ "sigs.k8s.io/kwok/cmd/kwok"' >tools.go && go mod tidy && go build -trimpath -o "$1/kwok" sigs.k8s.io/kwok/cmd/kwok)
}

build_pulumi() {
    local v src=$SRC/pulumi
    v=$(ver pulumi)
    local clip mod
    mod=$(gomod "github.com/pulumi/pulumi/pkg/v3@$v")
    clip=$(sed -n 's#^replace github.com/atotto/clipboard => ##p' "$mod")
    [[ -n $clip ]] || { echo "e2e build: no clipboard replace found in $mod" >&2; return 1; }
    wrapper "$src" "require github.com/pulumi/pulumi/pkg/v3 $v
require github.com/pulumi/pulumi/sdk/v3 $v
replace github.com/atotto/clipboard => $clip"
    (cd "$src" && echo 'package tools
import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"' >tools.go && go mod tidy &&
        go build -trimpath -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$v" -o "$1/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
}

build_provider() {
    local v src=$SRC/provider plugin
    v=$(ver kubernetesProvider)
    plugin=$(node -p "require('$ROOT/node_modules/@pulumi/kubernetes/package.json').version")
    wrapper "$src" "require github.com/pulumi/pulumi-kubernetes/provider/v4 $v"
    # The provider's main embeds schema-embed.json, which its own `go generate` step (generate.go)
    # writes from schema.json with the version stamped in: run that step on a copy of the package.
    local cmd="$src/pulumi-resource-kubernetes"
    (cd "$src" && echo 'package tools
import _ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"' >tools.go && go mod tidy)
    cp -r "$(cd "$src" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)/cmd/pulumi-resource-kubernetes" "$cmd"
    chmod -R u+w "$cmd"
    (cd "$src" && go mod tidy && cd "$cmd" && VERSION=$plugin go run generate.go &&
        go build -trimpath -ldflags "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$plugin" -o "$1/pulumi-resource-kubernetes" .)
}

build_istioctl() {
    local src=$SRC/istioctl
    wrapper "$src" "require istio.io/istio $(ver istio)"
    (cd "$src" && echo 'package tools
import _ "istio.io/istio/istioctl/cmd/istioctl"' >tools.go && go mod tidy && go build -trimpath -o "$1/istioctl" istio.io/istio/istioctl/cmd/istioctl)
}

# istiod, run out of cluster by up.sh for its Gateway API deployment controller (same module as
# istioctl: with istioctl's packages compiled, about 90 s more).
build_istiod() {
    local src=$SRC/istiod
    wrapper "$src" "require istio.io/istio $(ver istio)"
    (cd "$src" && echo 'package tools
import _ "istio.io/istio/pilot/cmd/pilot-discovery"' >tools.go && go mod tidy && go build -trimpath -o "$1/pilot-discovery" istio.io/istio/pilot/cmd/pilot-discovery)
}

fetch_gateway_api() { go mod download "sigs.k8s.io/gateway-api@$(ver gatewayApi)"; }

# go install: helm's module has no replace directives.
build_helm() { GOBIN="$1" go install "helm.sh/helm/v3/cmd/helm@$(ver helm)"; }

# Pulumi YAML's language host, for the package's YAML example: with the Pulumi it was released with
# (its go.mod), not ours, whose API it predates; the version is stamped as its .goreleaser.yml does.
build_yaml() {
    local v src=$SRC/yaml
    v=$(ver yaml)
    wrapper "$src" "require github.com/pulumi/pulumi-yaml $v"
    (cd "$src" && echo 'package tools
import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"' >tools.go && go mod tidy &&
        go build -trimpath -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$v" -o "$1/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
}

# Ours (test code): the Node.js language host, see test/e2e/langhost/main.go for why.
build_langhost() { (cd "$ROOT/test/e2e/langhost" && go build -trimpath -o "$1/pulumi-language-nodejs" .); }

# Ours (test code): the code generator behind `pulumi package gen-sdk` for Go and Python, one binary
# under both host names; see test/e2e/sdkgen/main.go for why.
build_sdkgen() {
    (cd "$ROOT/test/e2e/sdkgen" && go build -trimpath -o "$1/pulumi-language-go" .)
    ln -sf pulumi-language-go "$1/pulumi-language-python"
}

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(etcd kubernetes kwok pulumi provider gatewayApi istioctl istiod helm yaml langhost sdkgen)
for t in "${tools[@]}"; do
    case $t in
    kubernetes) step "kube-apiserver, kube-controller-manager, kube-scheduler $(ver kubernetes)" "$BIN/kubernetes-$(ver kubernetes)" build_kubernetes ;;
    etcd) step "etcd $(ver etcd)" "$BIN/etcd-$(ver etcd)" build_etcd ;;
    kwok) step "kwok $(ver kwok)" "$BIN/kwok-$(ver kwok)" build_kwok ;;
    pulumi) step "pulumi CLI $(ver pulumi)" "$BIN/pulumi-$(ver pulumi)" build_pulumi ;;
    provider) step "pulumi-resource-kubernetes $(ver kubernetesProvider)" "$BIN/provider-$(ver kubernetesProvider)" build_provider ;;
    gatewayApi) step "sigs.k8s.io/gateway-api $(ver gatewayApi) (CRDs, no build)" "$BIN/gateway-api-$(ver gatewayApi)" fetch_gateway_api ;;
    istioctl) step "istioctl $(ver istio)" "$BIN/istioctl-$(ver istio)" build_istioctl ;;
    istiod) step "istiod (pilot-discovery) $(ver istio)" "$BIN/istiod-$(ver istio)" build_istiod ;;
    helm) step "helm $(ver helm)" "$BIN/helm-$(ver helm)" build_helm ;;
    yaml) step "pulumi-language-yaml $(ver yaml)" "$BIN/yaml-$(ver yaml)" build_yaml ;;
    langhost) rm -f "$BIN/langhost/.done"; step "pulumi-language-nodejs (ours)" "$BIN/langhost" build_langhost ;;
    sdkgen) rm -f "$BIN/sdkgen/.done"; step "pulumi-language-go and -python (ours, code generation only)" "$BIN/sdkgen" build_sdkgen ;;
    *) echo "unknown tool $t" >&2; exit 2 ;;
    esac
done
