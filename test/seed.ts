// The seed's IstioOperator, Gateway and VirtualService, parsed from test/fixtures/seed.yaml.
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";

const docs = parseAllDocuments(fs.readFileSync(path.join(__dirname, "fixtures", "seed.yaml"), "utf8")).map((d) =>
    d.toJS(),
);
const byKind = (kind: string): any => docs.find((d) => d.kind === kind);

export const seed = {
    istioOperator: byKind("IstioOperator"),
    gateway: byKind("Gateway"),
    virtualService: byKind("VirtualService"),
};
