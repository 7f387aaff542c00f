// The README is the user's contract: it must keep documenting what the project ships.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DEFAULTS } from "../config";
import { GATEWAY_CHART_ALLOWED, GATEWAY_CHART_BROKEN } from "../components/specs/helmValues";
import { policies } from "../policy/policies";

const ROOT = path.join(__dirname, "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
    it("shows every npm script, and the test command CI runs", () => {
        const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
        for (const script of scripts) {
            const command = script === "test" ? "npm test" : `npm run ${script}`;
            assert.ok(readme.includes(command), `README mentions ${command}`);
        }
        assert.match(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8"), /\nnpm ci\n[\s\S]*\nnpm test\n/);
        assert.ok(readme.includes("npm ci"));
    });

    it("documents the real flow: local backend, passphrase, stack init, preview, up, outputs", () => {
        for (const step of [
            "pulumi login --local",
            "PULUMI_CONFIG_PASSPHRASE",
            "pulumi stack init dev",
            "pulumi preview -s dev",
            "pulumi up -s dev",
            "pulumi stack output",
        ]) {
            assert.ok(readme.includes(step), step);
        }
        assert.match(readme, /Node\.js 22 or later/);
    });

    it("states the Istio version defaults per mode and the helm versions refused, as config.ts has them", () => {
        const flat = readme.replace(/\s+/g, " ");
        assert.ok(flat.includes(`\`${DEFAULTS.istio.version}\` (operator)`), "operator default in the config table");
        assert.ok(flat.includes(`\`${DEFAULTS.istio.helmVersion}\` (helm)`), "helm default in the config table");
        assert.ok(flat.includes(GATEWAY_CHART_BROKEN), GATEWAY_CHART_BROKEN);
        assert.ok(flat.includes(GATEWAY_CHART_ALLOWED), GATEWAY_CHART_ALLOWED);
        assert.doesNotMatch(flat, /1000 characters/, "NCP counts the description in bytes");
    });

    it("lists every policy of the policy pack with its enforcement level", () => {
        for (const p of policies)
            assert.match(readme, new RegExp(`\\| \`${p.name}\`\\s*\\| ${p.enforcementLevel}\\s*\\|`));
    });

    it("documents every stack config key and output", () => {
        for (const key of [
            "istio.install",
            "loadBalancer.layerType",
            "apps[].allow",
            "demo",
            "routing",
            "gatewayApiCrds",
        ]) {
            assert.ok(readme.includes(`\`${key}\``), key);
        }
        for (const output of ["loadBalancerAddress", "appUrls"]) assert.ok(readme.includes(`\`${output}\``), output);
    });
});
