// The policy pack `pulumi preview --policy-pack policy` loads. The rules live in policies.ts, where
// tests call them directly (constructing a PolicyPack starts its gRPC server).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("ncp-ingress", { policies });
