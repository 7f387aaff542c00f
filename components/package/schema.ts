// The package's Pulumi schema (https://www.pulumi.com/docs/iac/extending-pulumi/schema/): one component,
// ncp-ingress:index:Ingress, whose inputs are the stack config's keys with the same names, types and
// descriptions, derived from the stack config's JSON Schema (components/config/jsonSchema.ts), so that
// the two cannot drift. The SDKs of other languages are generated from it (docs/packages.md).
import { configSchema, JsonSchemaNode } from "../config/jsonSchema";
import { INGRESS_TYPE } from "../ingress";
import { NS } from "../names";

/** The Go SDK's module (gen-sdk writes it to <out>/go). */
export const GO_MODULE = "github.com/ncp-ingress/ncp-ingress/sdk/go";
/** The Python SDK's package (gen-sdk writes it to <out>/python). */
export const PYTHON_PACKAGE = "pulumi_ncp_ingress";

/** A Pulumi schema property or type (pulumi pkg/codegen/schema/pulumi.json, "typeSpec"). */
export type PulumiType = Record<string, unknown>;

const [PACKAGE, MODULE] = INGRESS_TYPE.split(":");
const typeToken = (name: string) => `${PACKAGE}:${MODULE}:${name}`;
const typeRef = (name: string) => `#/types/${typeToken(name)}`;
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Names of the object types: the key's name, an app for the list's items. */
const typeName = (path: readonly string[]) => path.map((p) => (p === "apps" ? "App" : pascal(p))).join("") || "Ingress";

/** The component's outputs: what index.ts exports from it, described as there. */
const OUTPUTS: Record<string, PulumiType> = {
    loadBalancerAddress: { type: "string", description: "The LB hostname (or IP)." },
    appUrls: {
        type: "object",
        additionalProperties: { type: "string" },
        description:
            "app name -> URL: http(s)/tcp://<address>:<port>, or http(s)://<host> for apps with host names only.",
    },
    gatewayService: { $ref: typeRef("GatewayService"), description: "The gateway's LoadBalancer Service." },
    gatewayNodePorts: {
        type: "object",
        additionalProperties: { type: "integer" },
        description: "Service port -> NodePort: the worker nodes' ACG must allow these from the LB's subnet.",
    },
};

const GATEWAY_SERVICE: PulumiType = {
    type: "object",
    description: "Namespace and name of a Service.",
    properties: { namespace: { type: "string" }, name: { type: "string" } },
    required: ["namespace", "name"],
};

/** Converts JSON Schema nodes into Pulumi schema properties, collecting the object types it meets. */
class Converter {
    readonly types: Record<string, PulumiType> = { [typeToken("GatewayService")]: GATEWAY_SERVICE };

    property(node: JsonSchemaNode, path: readonly string[]): PulumiType {
        const described = (spec: PulumiType) =>
            node.description === undefined ? spec : { ...spec, description: node.description };
        // An anyOf beside a type only constrains (an app needs a port or hosts): construct checks that.
        if (node.anyOf && node.type === undefined) {
            const members = (node.anyOf as JsonSchemaNode[]).map((m, i) => this.property(m, [...path, `${i}`]));
            // A member's own description repeats the property's: the union's says it once.
            for (const m of members) delete m.description;
            return described({ oneOf: members });
        }
        switch (node.type) {
            case "string":
            case "integer":
            case "number":
            case "boolean":
                return described({ type: node.type });
            case "array":
                return described({ type: "array", items: this.property(node.items, path) });
            case "object":
                if (!node.properties) {
                    return described({
                        type: "object",
                        additionalProperties: this.property(node.additionalProperties, path),
                    });
                }
                return described({ $ref: this.objectType(node, path) });
            default:
                throw new Error(
                    `the stack config's schema has a node the package schema cannot say: ${JSON.stringify(node)}`,
                );
        }
    }

    /** An object with named properties becomes a named type; a union member is named by its parent. */
    objectType(node: JsonSchemaNode, path: readonly string[]): string {
        const named = path.filter((p) => !/^\d+$/.test(p));
        const properties = this.properties(node, named);
        this.types[typeToken(typeName(named))] = {
            type: "object",
            ...(node.description === undefined ? {} : { description: node.description }),
            properties,
            ...(node.required ? { required: node.required } : {}),
        };
        return typeRef(typeName(named));
    }

    properties(node: JsonSchemaNode, path: readonly string[]): Record<string, PulumiType> {
        return Object.fromEntries(
            Object.entries(node.properties as Record<string, JsonSchemaNode>).map(([key, child]) => [
                key,
                this.property(child, [...path, key]),
            ]),
        );
    }
}

/** The package schema of the given version. */
export function packageSchema(version: string): PulumiType {
    const config = configSchema();
    const convert = new Converter();
    const inputProperties = convert.properties(config, []);
    return {
        name: PACKAGE,
        displayName: "ncp-ingress",
        version,
        description:
            "Many Kubernetes apps behind one Naver Cloud load balancer through Istio's ingress gateway, from one app list.",
        license: "Apache-2.0",
        keywords: ["kubernetes", "istio", "ncp", "load-balancer", "category/network", "kind/component"],
        // supportPack: the Go SDK comes with its go.mod (module GO_MODULE), so that a program can use it
        // with a replace directive (pkg/codegen/go gen.go: go.mod only when the package supports packing).
        meta: { supportPack: true },
        language: {
            go: { importBasePath: `${GO_MODULE}/ncpingress`, modulePath: GO_MODULE },
            python: { packageName: PYTHON_PACKAGE, requires: { pulumi: ">=3.0.0,<4.0.0" } },
        },
        resources: {
            [INGRESS_TYPE]: {
                isComponent: true,
                description:
                    `One NCP load balancer for many apps. Its inputs are the ${NS}:* stack settings of the ` +
                    "stack program, with the same names and meaning (docs/configuration.md).",
                inputProperties,
                requiredInputs: (config.required as string[] | undefined) ?? [],
                properties: OUTPUTS,
                required: Object.keys(OUTPUTS),
            },
        },
        types: convert.types,
    };
}
