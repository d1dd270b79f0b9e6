// Bundle editor.mjs into server/static/vendor/ with the licences of every
// package that went into it. Run by `make vendor` (npm ci first, so the
// versions are those of package-lock.json); the output is committed.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "server", "static", "vendor");
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, "editor.mjs")],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "NewsKGEditor",
  target: ["es2020"],
  legalComments: "none", // the licences go whole into LICENSES.txt instead
  metafile: true,
  outfile: join(out, "codemirror-sparql.js"),
  logLevel: "warning",
});

// Every package a bundled file came from, with its version and licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.set(m[1], join(here, "node_modules", m[1]));
}
const sections = [...packages.keys()].sort().map((name) => {
  const dir = packages.get(name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${name} has no licence file`);
  return `${name} ${meta.version} (${meta.license})\n${"=".repeat(60)}\n` +
    readFileSync(join(dir, file), "utf8").trim() + "\n";
});
writeFileSync(
  join(out, "LICENSES.txt"),
  "The licences of the packages bundled into codemirror-sparql.js (built from web/ by `make vendor`).\n\n" +
    sections.join("\n"),
);
console.log(`bundled ${packages.size} packages into ${out}`);
