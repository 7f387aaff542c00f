// The stack config's schema (schema.ts) as JSON Schema: what editors read (npm run schema) and what
// the package's schema (components/package/schema.ts) is derived from, descriptions included.
import { z } from "zod";
import { StackConfig } from "./schema";

// A JSON Schema node, as z.toJSONSchema writes it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchemaNode = Record<string, any>;

/** `ncp-ingress:*` as a stack file holds it: before defaults, so io "input". Draft-07 is what editors know best. */
export function configSchema(): JsonSchemaNode {
    return z.toJSONSchema(StackConfig, { io: "input", target: "draft-07" });
}
