// The fields the Gateway API v1.2.1 CRDs (standard channel, the default of ncp-ingress:gatewayApiCrds)
// define for the kinds ncp-ingress emits, as JSON Schemas that refuse every field they do not list: the
// API server prunes or, under strict field validation (kubectl's default), refuses unknown fields, and
// @kubernetes-models/gateway-api (Gateway API v1.5 types) accepts them. Written for these tests from the
// v1.2.1 reference (gateway-api.sigs.k8s.io/reference/spec/): field names, required fields, enums,
// list and map limits and integer ranges. String patterns and lengths, and CEL rules, are not here:
// the model package checks the patterns, components/config the CEL rules we depend on.
// test/e2e/gatewayApiSchemas.e2e.ts holds every field, required field, type, enum and limit stated
// here to the v1.2.1 CRDs' openAPIV3Schema (npm test has no CRDs; the e2e build fetches them).
type Schema = Record<string, unknown>;

const str: Schema = { type: "string" };
const int = (minimum: number, maximum: number): Schema => ({ type: "integer", minimum, maximum });
const port = int(1, 65535);
const oneOf = (...values: (string | number)[]): Schema => ({ enum: values });

/** An object of exactly these fields (any may be left out unless `required`). */
function obj(properties: Record<string, Schema>, required: readonly string[] = []): Schema {
    return { type: "object", properties, additionalProperties: false, ...(required.length ? { required } : {}) };
}
function list(items: Schema, maxItems?: number, minItems?: number): Schema {
    return { type: "array", items, ...(maxItems !== undefined ? { maxItems } : {}), ...(minItems ? { minItems } : {}) };
}
function map(values: Schema, maxProperties?: number): Schema {
    return { type: "object", additionalProperties: values, ...(maxProperties !== undefined ? { maxProperties } : {}) };
}

const labelSelector = obj({
    matchLabels: map(str),
    matchExpressions: list(obj({ key: str, operator: str, values: list(str) }, ["key", "operator"])),
});

// Gateway (gateway.networking.k8s.io/v1)
const secretRef = obj({ group: str, kind: str, name: str, namespace: str }, ["name"]);
const listener = obj(
    {
        name: str,
        hostname: str,
        port,
        protocol: str,
        tls: obj({
            mode: oneOf("Terminate", "Passthrough"),
            certificateRefs: list(secretRef, 64),
            options: map(str, 16),
        }),
        allowedRoutes: obj({
            namespaces: obj({ from: oneOf("All", "Selector", "Same"), selector: labelSelector }),
            kinds: list(obj({ group: str, kind: str }, ["kind"]), 8),
        }),
    },
    ["name", "port", "protocol"],
);
const gatewaySpec = obj(
    {
        gatewayClassName: str,
        listeners: list(listener, 64, 1),
        addresses: list(obj({ type: str, value: str }, ["value"]), 16),
        infrastructure: obj({
            labels: map(str, 8),
            annotations: map(str, 8),
            parametersRef: obj({ group: str, kind: str, name: str }, ["group", "kind", "name"]),
        }),
    },
    ["gatewayClassName", "listeners"],
);

// HTTPRoute (gateway.networking.k8s.io/v1)
const parentRef = obj({ group: str, kind: str, namespace: str, name: str, sectionName: str, port }, ["name"]);
const backendObjectRef = { group: str, kind: str, name: str, namespace: str, port };
const nameValue = obj({ name: str, value: str }, ["name", "value"]);
const headerModifier = obj({ set: list(nameValue, 16), add: list(nameValue, 16), remove: list(str, 16) });
const pathModifier = obj(
    { type: oneOf("ReplaceFullPath", "ReplacePrefixMatch"), replaceFullPath: str, replacePrefixMatch: str },
    ["type"],
);
const filter = obj(
    {
        type: oneOf(
            "RequestHeaderModifier",
            "ResponseHeaderModifier",
            "RequestMirror",
            "RequestRedirect",
            "URLRewrite",
            "ExtensionRef",
        ),
        requestHeaderModifier: headerModifier,
        responseHeaderModifier: headerModifier,
        requestMirror: obj({ backendRef: obj(backendObjectRef, ["name"]) }, ["backendRef"]),
        requestRedirect: obj({
            scheme: oneOf("http", "https"),
            hostname: str,
            path: pathModifier,
            port,
            statusCode: oneOf(301, 302),
        }),
        urlRewrite: obj({ hostname: str, path: pathModifier }),
        extensionRef: obj({ group: str, kind: str, name: str }, ["group", "kind", "name"]),
    },
    ["type"],
);
const valueMatch = obj({ type: oneOf("Exact", "RegularExpression"), name: str, value: str }, ["name", "value"]);
const match = obj({
    path: obj({ type: oneOf("Exact", "PathPrefix", "RegularExpression"), value: str }),
    headers: list(valueMatch, 16),
    queryParams: list(valueMatch, 16),
    method: oneOf("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"),
});
const rule = obj({
    matches: list(match, 64),
    filters: list(filter, 16),
    backendRefs: list(obj({ ...backendObjectRef, weight: int(0, 1000000), filters: list(filter, 16) }, ["name"]), 16),
    timeouts: obj({ request: str, backendRequest: str }),
});
const httpRouteSpec = obj({ parentRefs: list(parentRef, 32), hostnames: list(str, 16), rules: list(rule, 16) });

// ReferenceGrant (gateway.networking.k8s.io/v1beta1)
const referenceGrantSpec = obj(
    {
        from: list(obj({ group: str, kind: str, namespace: str }, ["group", "kind", "namespace"]), 16, 1),
        to: list(obj({ group: str, kind: str, name: str }, ["group", "kind"]), 16, 1),
    },
    ["from", "to"],
);

/** A whole object; metadata is the model's to check (ObjectMeta), status is never ours to send. */
function resource(apiVersion: string, kind: string, spec: Schema, specRequired: boolean): Schema {
    return obj({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: { type: "object" }, spec }, [
        "apiVersion",
        "kind",
        "metadata",
        ...(specRequired ? ["spec"] : []),
    ]);
}

/** `<apiVersion> <kind>` -> its v1.2.1 schema. */
export const GATEWAY_API_V1_2_1: Readonly<Record<string, Schema>> = {
    "gateway.networking.k8s.io/v1 Gateway": resource("gateway.networking.k8s.io/v1", "Gateway", gatewaySpec, true),
    "gateway.networking.k8s.io/v1 HTTPRoute": resource(
        "gateway.networking.k8s.io/v1",
        "HTTPRoute",
        httpRouteSpec,
        true,
    ),
    "gateway.networking.k8s.io/v1beta1 ReferenceGrant": resource(
        "gateway.networking.k8s.io/v1beta1",
        "ReferenceGrant",
        referenceGrantSpec,
        false,
    ),
};
