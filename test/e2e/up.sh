#!/usr/bin/env bash
# Starts the end-to-end harness (idempotent): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok with fake nodes, a Helm repository with Istio's charts, and our LB
# controller; installs the pulumi CLI, our language host and the kubernetes provider; writes
# .e2e/env. Builds what is missing first (test/e2e/build.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
E2E="$ROOT/.e2e"
RUN="$E2E/run"
BIN="${E2E_BIN:-$E2E/bin}" # where test/e2e/build.sh puts the tools
V="$ROOT/test/e2e/versions.json"
ver() { node -p "require('$V').go.$1.${2:-version}"; }
# The charts users get: Istio releases' manifests/charts trees, one folder per version (data for
# tests, never copied into the project). E2E_ISTIO_CHARTS points elsewhere.
ISTIO_CHARTS="${E2E_ISTIO_CHARTS:-$(cd "$ROOT/.." && pwd)/shared/istio-charts}"
RELEASES=()
for d in "$ISTIO_CHARTS"/*/; do [[ -d $d/gateway && -d $d/base ]] && RELEASES+=("$(basename "$d")=${d%/}"); done
if ((${#RELEASES[@]} == 0)); then
    echo "e2e up: no Istio charts in $ISTIO_CHARTS: the e2e needs Istio releases' manifests/charts trees there," >&2
    echo "e2e up: one folder per version (<version>/base, <version>/istio-control, <version>/gateway), e.g." >&2
    echo "e2e up: ../shared/istio-charts/1.28.10/; set E2E_ISTIO_CHARTS to use another folder" >&2
    exit 1
fi
"$ROOT/test/e2e/build.sh" etcd kubernetes kwok gatewayApi
mkdir -p "$RUN/pki" "$RUN/charts"

BIN_K8S="$BIN/kubernetes-$(ver kubernetes)"
BIN_ETCD="$BIN/etcd-$(ver etcd)"
BIN_KWOK="$BIN/kwok-$(ver kwok)"
BIN_PULUMI="$BIN/pulumi-$(ver pulumi)"
BIN_PROVIDER="$BIN/provider-$(ver kubernetesProvider)"
BIN_LANG="$BIN/langhost"
PORT_ETCD=23791 PORT_ETCD_PEER=23801 PORT_API=16443 PORT_CHARTS=18080
KUBECONFIG="$E2E/kubeconfig"
export KUBECONFIG

running() { [[ -f $RUN/$1.pid ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
# start <name> <cmd...>: runs in the background in its own session, logs to .e2e/run/<name>.log.
start() {
    local name=$1; shift
    if running "$name"; then echo "e2e up: $name already running"; return; fi
    setsid "$@" >"$RUN/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN/$name.pid"
    echo "e2e up: started $name (pid $!)"
}
waitfor() { # waitfor <what> <seconds> <cmd...>
    local what=$1 secs=$2 t0=$SECONDS; shift 2
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS - t0 > secs)); then echo "e2e up: $what not ready after ${secs}s" >&2; exit 1; fi
        sleep 0.5
    done
    echo "e2e up: $what ready in $((SECONDS - t0))s"
}

# Credentials: a service-account key pair and one token per actor. Only the harness itself and the
# tests' observer (kubectl) are admins (system:masters); pulumi runs as e2e-deployer, bound to the
# ClusterRole docs/deployer-rbac.yaml documents; the LB stand-in as e2e-lb-controller
# (test/e2e/standins-rbac.yaml); e2e-nobody has no rights (the refusal scenario); in-cluster actors
# (the operator replay) use their ServiceAccounts' tokens.
[[ -f $RUN/pki/sa.key ]] || openssl genrsa -out "$RUN/pki/sa.key" 2048 2>/dev/null
[[ -f $RUN/pki/sa.pub ]] || openssl rsa -in "$RUN/pki/sa.key" -pubout -out "$RUN/pki/sa.pub" 2>/dev/null
cat >"$RUN/tokens.csv" <<TOKENS
e2e-admin-token,e2e-admin,1,system:masters
e2e-deployer-token,e2e-deployer,2,e2e-deployers
e2e-lb-controller-token,e2e-lb-controller,3,e2e-controllers
e2e-nobody-token,e2e-nobody,4,e2e-nobodies
e2e-istiod-token,e2e-istiod,5,e2e-istiods
TOKENS
# kubeconfig <file> <user> <token>
kubeconfig() {
    cat >"$1" <<KC
apiVersion: v1
kind: Config
clusters: [{name: e2e, cluster: {server: "https://127.0.0.1:$PORT_API", insecure-skip-tls-verify: true}}]
users: [{name: $2, user: {token: $3}}]
contexts: [{name: e2e, context: {cluster: e2e, user: $2}}]
current-context: e2e
KC
}
kubeconfig "$KUBECONFIG" admin e2e-admin-token
kubeconfig "$RUN/deployer.kubeconfig" e2e-deployer e2e-deployer-token
kubeconfig "$RUN/lb-controller.kubeconfig" e2e-lb-controller e2e-lb-controller-token
kubeconfig "$RUN/nobody.kubeconfig" e2e-nobody e2e-nobody-token
kubeconfig "$RUN/istiod.kubeconfig" e2e-istiod e2e-istiod-token

start etcd "$BIN_ETCD/etcd" --data-dir "$RUN/etcd" --name e2e \
    --listen-client-urls "http://127.0.0.1:$PORT_ETCD" --advertise-client-urls "http://127.0.0.1:$PORT_ETCD" \
    --listen-peer-urls "http://127.0.0.1:$PORT_ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$PORT_ETCD_PEER" \
    --initial-cluster "e2e=http://127.0.0.1:$PORT_ETCD_PEER" --unsafe-no-fsync --quota-backend-bytes 2147483648
waitfor etcd 30 curl -sf "http://127.0.0.1:$PORT_ETCD/health"

# Admission webhooks are not called: their endpoints (istiod) are kwok's fake pods, which serve
# nothing, and the gateway's injection webhook fails closed. CEL admission policies do run.
start kube-apiserver "$BIN_K8S/kube-apiserver" --etcd-servers "http://127.0.0.1:$PORT_ETCD" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$PORT_API" --cert-dir "$RUN/pki" \
    --token-auth-file "$RUN/tokens.csv" --authorization-mode RBAC --anonymous-auth=false \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$RUN/pki/sa.pub" --service-account-signing-key-file "$RUN/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --service-node-port-range 30000-32767 --allow-privileged \
    --enable-priority-and-fairness=false --profiling=false --event-ttl 10m \
    --disable-admission-plugins MutatingAdmissionWebhook,ValidatingAdmissionWebhook
waitfor kube-apiserver 120 kubectl get --raw /readyz

start kube-controller-manager "$BIN_K8S/kube-controller-manager" --kubeconfig "$KUBECONFIG" \
    --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --leader-elect=false --secure-port 0 --controllers '*' \
    --service-account-private-key-file "$RUN/pki/sa.key" --root-ca-file "$RUN/pki/apiserver.crt" \
    --cluster-cidr 10.244.0.0/16 --service-cluster-ip-range 10.96.0.0/16
start kube-scheduler "$BIN_K8S/kube-scheduler" --kubeconfig "$KUBECONFIG" \
    --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --leader-elect=false --secure-port 0

# kwok: node and pod stages from the kwok module (upstream), then fake nodes.
KWOK_MOD="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$(ver kwok)/kustomize/stage"
for f in "$KWOK_MOD"/node/fast/node-initialize.yaml "$KWOK_MOD"/node/heartbeat/node-heartbeat.yaml "$KWOK_MOD"/pod/fast/pod-*.yaml; do
    cat "$f"; echo "---"
done >"$RUN/kwok.yaml"
start kwok "$BIN_KWOK/kwok" --kubeconfig "$KUBECONFIG" --config "$RUN/kwok.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.0/16 --node-ip 10.0.0.1 --server-address 127.0.0.1:0
for i in $(seq 1 "$(node -p "require('$V').nodes")"); do
    kubectl apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/hostname: kwok-node-$i, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
NODE
done
waitfor "kwok nodes" 60 bash -c "[[ \$(kubectl get nodes --no-headers | grep -c ' Ready ') -ge 1 ]]"
waitfor "default ServiceAccount" 60 kubectl -n default get serviceaccount default

# Istio's released charts, packaged as one Helm repository on 127.0.0.1.
node "$ROOT/node_modules/.bin/ts-node" --transpile-only "$ROOT/test/e2e/chartRepo.ts" \
    "$RUN/charts" "http://127.0.0.1:$PORT_CHARTS" "${RELEASES[@]}"
start charts python3 -m http.server --bind 127.0.0.1 --directory "$RUN/charts" "$PORT_CHARTS"
waitfor "chart repository" 20 curl -sf "http://127.0.0.1:$PORT_CHARTS/index.yaml"

kubectl apply -f "$ROOT/docs/deployer-rbac.yaml" -f "$ROOT/test/e2e/standins-rbac.yaml" >/dev/null
kubectl create clusterrolebinding ncp-ingress-deployer --clusterrole ncp-ingress-deployer --user e2e-deployer \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
KUBECONFIG="$RUN/lb-controller.kubeconfig" \
    start lb-controller node "$ROOT/node_modules/.bin/ts-node" --transpile-only "$ROOT/test/e2e/lbController.ts"
waitfor "LB controller" 60 test -f "$RUN/lb-controller.ready"
[[ ${E2E_CLUSTER_ONLY:-} == 1 ]] && exit 0

# Pulumi: CLI, our language host, Pulumi YAML's, and the provider under the plugin version the SDK asks for.
"$ROOT/test/e2e/build.sh" pulumi provider langhost sdkgen istioctl istiod helm yaml

# istiod (Istio's own, from the istio.io/istio module: a development snapshot, as no released istiod
# module is served) runs out of cluster for its Gateway API deployment controller: a Gateway of
# class istio gets its Service, Deployment and status from Istio itself. It runs as e2e-istiod with
# the istiod chart's own ClusterRoles, and reads the chart's injection templates and mesh config as
# files. No CA, no webhook patching, no leader election: nothing of it is left in the cluster.
NEWEST_CHARTS="$(printf '%s\n' "${RELEASES[@]}" | sort -V | tail -1)"
"$BIN/helm-$(ver helm)/helm" template istiod "${NEWEST_CHARTS#*=}/istio-control/istio-discovery" -n istio-system >"$RUN/istiod-chart.yaml"
mkdir -p "$RUN/istiod"
node "$ROOT/node_modules/.bin/ts-node" --transpile-only "$ROOT/test/e2e/istiodSetup.ts" "$RUN/istiod-chart.yaml" "$RUN/istiod" |
    kubectl apply -f - >/dev/null
PORT_ISTIOD=18081
(cd "$RUN/istiod" && POD_NAMESPACE=istio-system POD_NAME=e2e-istiod REVISION=default CLUSTER_ID=Kubernetes \
    INJECTION_WEBHOOK_CONFIG_NAME= VALIDATION_WEBHOOK_CONFIG_NAME= \
    ENABLE_CA_SERVER=false PILOT_CERT_PROVIDER=none ENABLE_LEADER_ELECTION=false \
    start istiod "$BIN/istiod-$(ver istio)/pilot-discovery" discovery --kubeconfig "$RUN/istiod.kubeconfig" \
    --httpAddr "127.0.0.1:$PORT_ISTIOD" --grpcAddr= --secureGRPCAddr= --httpsAddr= --monitoringAddr= \
    --ctrlz_address 127.0.0.1 --ctrlz_port 0 --domain cluster.local)
waitfor istiod 60 curl -sf "http://127.0.0.1:$PORT_ISTIOD/ready"
mkdir -p "$E2E/pulumi-bin" "$E2E/state"
ln -sf "$BIN_PULUMI/pulumi" "$E2E/pulumi-bin/pulumi"
ln -sf "$BIN_LANG/pulumi-language-nodejs" "$E2E/pulumi-bin/pulumi-language-nodejs"
ln -sf "$BIN/istioctl-$(ver istio)/istioctl" "$E2E/pulumi-bin/istioctl"
# Pulumi YAML's host, for the package's YAML example; it finds the Node.js host on PATH to run the package.
ln -sf "$BIN/yaml-$(ver yaml)/pulumi-language-yaml" "$E2E/pulumi-bin/pulumi-language-yaml"
# `pulumi package gen-sdk` for Go and Python (test/e2e/sdkgen).
ln -sf "$BIN/sdkgen/pulumi-language-go" "$E2E/pulumi-bin/pulumi-language-go"
ln -sf "$BIN/sdkgen/pulumi-language-python" "$E2E/pulumi-bin/pulumi-language-python"
# Dynamic providers (components/operatorHandover.ts): the Pulumi CLI's distribution ships a launcher
# of the SDK's dynamic provider host beside the CLI; the CLI built here from its Go module has none.
# Ours does the same: it starts the SDK's entry point from the program's node_modules.
cat >"$E2E/pulumi-bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -p "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')")" "$@"
SH
chmod +x "$E2E/pulumi-bin/pulumi-resource-pulumi-nodejs"
PLUGIN_VERSION=$(node -p "require('$ROOT/node_modules/@pulumi/kubernetes/package.json').version")
cat >"$E2E/env" <<ENV
export KUBECONFIG="$KUBECONFIG"
export E2E_DEPLOYER_KUBECONFIG="$RUN/deployer.kubeconfig"
export E2E_NOBODY_KUBECONFIG="$RUN/nobody.kubeconfig"
export PATH="$E2E/pulumi-bin:\$PATH"
export PULUMI_HOME="$E2E/pulumi-home"
export PULUMI_BACKEND_URL="file://$E2E/state"
export PULUMI_CONFIG_PASSPHRASE="e2e-passphrase"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export E2E_CHART_REPO="http://127.0.0.1:$PORT_CHARTS"
export E2E_ISTIO_CHARTS="$ISTIO_CHARTS"
export E2E_ISTIO_NEWEST="$(printf '%s\n' "${RELEASES[@]%%=*}" | sort -V | tail -1)"
export E2E_GATEWAY_API_CRDS="$(go env GOMODCACHE)/sigs.k8s.io/gateway-api@$(ver gatewayApi)/config/crd/standard"
ENV
# shellcheck disable=SC1091
source "$E2E/env"
# Registered again whenever the built provider differs from the registered one (a new build, e2e:cold).
if ! cmp -s "$BIN_PROVIDER/pulumi-resource-kubernetes" "$PULUMI_HOME/plugins/resource-kubernetes-v$PLUGIN_VERSION/pulumi-resource-kubernetes"; then
    rm -rf "$PULUMI_HOME/plugins/resource-kubernetes-v$PLUGIN_VERSION"*
    pulumi plugin install resource kubernetes "$PLUGIN_VERSION" --file "$BIN_PROVIDER/pulumi-resource-kubernetes" >/dev/null
    echo "e2e up: registered pulumi-resource-kubernetes as plugin version $PLUGIN_VERSION"
fi
echo "e2e up: ready; source .e2e/env"
