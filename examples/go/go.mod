module ncp-ingress-go-example

go 1.26

require (
	github.com/ncp-ingress/ncp-ingress/sdk/go v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The SDK as gen-sdk writes it in this repository (docs/packages.md).
replace github.com/ncp-ingress/ncp-ingress/sdk/go => ../../sdk/go
