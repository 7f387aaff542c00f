// The package's plugin entry: @pulumi/pulumi's run-plugin requires this directory, and this serves the
// provider (components/package/provider.ts) on the port it prints. Its dependencies are the
// repository's (npm ci at the root): Node finds them from here.
import * as pulumi from "@pulumi/pulumi";
import { IngressProvider } from "../components/package/provider";
import { rememberStackTraces } from "../components/stackTraces";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("./package.json") as { version: string };

rememberStackTraces();
void pulumi.provider.main(new IngressProvider(version), process.argv.slice(2));
