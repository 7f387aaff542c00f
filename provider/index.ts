// The package's plugin entry: @pulumi/pulumi's run-plugin requires this directory (package.json main,
// the JavaScript that npm run build:provider compiles this to), and this serves the provider
// (components/package/provider.ts) on the port it prints. Its dependencies are the repository's
// (npm ci at the root): Node finds them from here.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { IngressProvider } from "../components/package/provider";
import { rememberStackTraces } from "../components/stackTraces";

/** The package's version: provider/package.json's, found from the source or from the compiled file. */
function packageVersion(dir: string): string {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error("the package's package.json is missing");
    return packageVersion(path.dirname(dir));
}

rememberStackTraces();
void pulumi.provider.main(new IngressProvider(packageVersion(__dirname)), process.argv.slice(2));
