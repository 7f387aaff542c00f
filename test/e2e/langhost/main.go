// Command pulumi-language-nodejs is the end-to-end harness's Node.js language host: the one
// piece between the real Pulumi engine and the real @pulumi/pulumi SDK that is ours.
//
// Why ours: the Go module proxy this project's machines reach does not serve Pulumi's own
// host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3). This one
// implements only what `pulumi preview/up/destroy` call: it starts the SDK's own entry point,
// node_modules/@pulumi/pulumi/cmd/run, with the flags and environment that entry point reads
// (cmd/run/index.js: --monitor, --engine, --project, --stack, --pwd, --dry-run, --parallel;
// runtime/config.js: PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS; run.js: PULUMI_NODEJS_TYPESCRIPT and,
// from the runtime option tsconfig as upstream's host passes it, PULUMI_NODEJS_TSCONFIG_PATH).
// Everything the program does then goes through the SDK and the engine as in production.
//
// RunPlugin starts a source-based package's provider (a directory with PulumiPlugin.yaml, runtime
// nodejs) as upstream's host does (sdk/nodejs/cmd/pulumi-language-nodejs/main.go RunPlugin): node runs
// @pulumi/pulumi/cmd/run-plugin, resolved from the plugin's directory, with that directory and the
// engine's arguments, in the engine's working directory and with the engine's environment; its output
// streams back, and the engine reads the provider's port from the first stdout line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The SDK's exit code after it has already reported the error to the engine
// (@pulumi/pulumi cmd/run/index.js nodeJSProcessExitedAfterLoggingUserActionableMessage).
const exitAfterLoggedError = 32

const version = "0.0.0-e2e"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engine string
}

func (h *host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// The engine loads the kubernetes plugin when the program first registers one of its resources;
// the harness installs it beforehand, so nothing needs to be listed here.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := req.GetPwd()
	entry := "."
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			dir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			entry = info.GetEntryPoint()
		}
	}
	runner := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run")
	args := []string{
		runner,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engine,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", dir,
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secrets, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, nodeBinary(), args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
		"PULUMI_NODEJS_TYPESCRIPT="+typescriptOption(req.GetInfo()),
	)
	if tsconfig := stringOption(req.GetInfo(), "tsconfig"); tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == exitAfterLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Node.js program exited with code %d", exit.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		return errors.New("RunPlugin: no program directory")
	}
	runner, err := resolveFrom(dir, "@pulumi/pulumi/cmd/run-plugin")
	if err != nil {
		return err
	}
	args := append([]string{runner, dir}, req.GetArgs()...)
	// The engine stops the plugin by cancelling this call: the process goes with its context.
	cmd := exec.CommandContext(server.Context(), nodeBinary(), args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append([]string{}, req.GetEnv()...), "PULUMI_NODEJS_TYPESCRIPT="+typescriptOption(req.GetInfo()))
	if tsconfig := stringOption(req.GetInfo(), "tsconfig"); tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	var mu sync.Mutex
	send := func(r *pulumirpc.RunPluginResponse) error { mu.Lock(); defer mu.Unlock(); return server.Send(r) }
	cmd.Stdout = writerFunc(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	})
	cmd.Stderr = writerFunc(func(b []byte) error {
		return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	})
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the plugin in %s: %w", dir, err)
	}
	return nil
}

// InstallDependencies: a package's dependencies here are the repository's own node_modules (npm ci),
// which Node finds from the package directory; nothing to install.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: []byte("e2e language host: dependencies come from npm ci\n")})
}

// resolveFrom finds a module as Node would from dir (upstream's host runs require.resolve the same way).
func resolveFrom(dir, module string) (string, error) {
	out, err := exec.Command(nodeBinary(), "-e", "process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))", module, dir).Output()
	if err != nil {
		return "", fmt.Errorf("cannot resolve %s from %s: %w", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// writerFunc sends each chunk a process writes; a copy, since the caller reuses its buffer.
type writerFunc func([]byte) error

func (w writerFunc) Write(b []byte) (int, error) {
	if err := w(append([]byte{}, b...)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Pulumi.yaml's runtime option `typescript` (default true, as upstream).
func typescriptOption(info *pulumirpc.ProgramInfo) string {
	if info != nil && info.GetOptions() != nil {
		if v, ok := info.GetOptions().AsMap()["typescript"].(bool); ok && !v {
			return "false"
		}
	}
	return "true"
}

// A string runtime option of Pulumi.yaml (e.g. tsconfig, as upstream's host reads it).
func stringOption(info *pulumirpc.ProgramInfo, name string) string {
	if info != nil && info.GetOptions() != nil {
		if v, ok := info.GetOptions().AsMap()[name].(string); ok {
			return v
		}
	}
	return ""
}

// PULUMI_E2E_NODE lets the harness pick a Node binary (e.g. Node 24 from the npm registry).
func nodeBinary() string {
	if n := os.Getenv("PULUMI_E2E_NODE"); n != "" {
		return n
	}
	return "node"
}

func main() {
	// The engine passes flags first and its own gRPC address last.
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-nodejs [flags] <engine-address>")
		os.Exit(2)
	}
	h := &host{engine: os.Args[len(os.Args)-1]}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(srv, h)
	// The engine reads the port from the first line of stdout.
	fmt.Println(lis.Addr().(*net.TCPAddr).Port)
	if err := srv.Serve(lis); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
