// Serves files over https on 127.0.0.1 with a self-signed certificate (openssl), for what the
// program fetches by URL (gatewayApiCrds), since the harness reaches no release download site.
// Go programs (the kubernetes provider) trust the certificate through SSL_CERT_FILE.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface HttpsFiles {
    /** https://127.0.0.1:<port>/<name> */
    url(name: string): string;
    /** The certificate to trust (SSL_CERT_FILE). */
    readonly caFile: string;
    /** The names requested so far, in order. */
    readonly requested: string[];
    close(): Promise<void>;
}

export async function serveHttps(files: Record<string, string>): Promise<HttpsFiles> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-https-"));
    const key = path.join(dir, "tls.key");
    const cert = path.join(dir, "tls.crt");
    // prettier-ignore
    execFileSync("openssl", [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
    ], { stdio: "ignore" });
    const requested: string[] = [];
    const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
        const name = decodeURIComponent((req.url ?? "/").slice(1));
        requested.push(name);
        const body = files[name];
        res.writeHead(body === undefined ? 404 : 200, { "content-type": "application/yaml" });
        res.end(body ?? `${name}: not served here`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: (name) => `https://127.0.0.1:${port}/${name}`,
        caFile: cert,
        requested,
        close: () =>
            new Promise((resolve) =>
                server.close(() => {
                    fs.rmSync(dir, { recursive: true, force: true });
                    resolve();
                }),
            ),
    };
}
