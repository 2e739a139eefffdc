/**
 * `docval lint` benchmark (issue 7: "well under a second" on the shared corpus).
 *
 *   npm run bench:lint [-- <checkout>] [--dist <dir>] [--runs N] [--no-cache] [--show] [--per-rule]
 *
 * With a build (`--dist`, `DOCVAL_DIST`, or `<repo>/dist`): fresh `node dist/cli/main.js lint <checkout>` processes
 * with the compiled-schema cache off, empty (the first run, which fills it) and warm; each reports wall, CPU and
 * peak RSS. Then, in this process (built modules when there is a build, else the sources through tsx): open, parse,
 * rules cold (schemas loaded on first use: from the warm cache with a build, unless --no-cache) and a warm rerun.
 * The cache used here is a temporary folder: the bench never touches node_modules/.cache.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { coldRun, describeRuns, findBuild, fresh, loadLine, option, positionals, REPO } from "./cold.js";

const argv = process.argv.slice(2);
const root = resolve(positionals(argv, ["dist", "runs"])[0] ?? resolve(REPO, "../shared/corpus/kong-docs"));
const dist = findBuild(argv);
const runs = Number(option(argv, "runs", "3"));
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;

console.log(`checkout        ${root}`);
console.log(`before          ${loadLine()}`);
let warmCache: string | undefined;
if (dist) {
  const lint = ["lint", root];
  const off = Array.from({ length: runs }, () => coldRun(dist, lint, { DOCVAL_CACHE_DIR: "off" }));
  console.log(`cold, no cache  ${describeRuns(off)}`);
  const first = Array.from({ length: runs }, () => coldRun(dist, lint, { DOCVAL_CACHE_DIR: fresh("cache-") }));
  console.log(`cold, 1st run   ${describeRuns(first)} (empty cache, fills it)`);
  const cacheDir = fresh("cache-");
  coldRun(dist, lint, { DOCVAL_CACHE_DIR: cacheDir });
  warmCache = cacheDir;
  const warm = Array.from({ length: runs }, () => coldRun(dist, lint, { DOCVAL_CACHE_DIR: cacheDir }));
  console.log(`cold, cached    ${describeRuns(warm)}`);
  const codes = new Set([...off, ...first, ...warm].map((r) => r.exitCode));
  if ([...codes].some((c) => c !== 0 && c !== 1)) console.log(`note            exit codes ${[...codes].join(", ")}`);
} else {
  console.log("cold CLI        skipped: no build (npx tsc -p tsconfig.build.json --outDir <dir>, then --dist <dir>)");
}

// In-process breakdown: against the schema cache the cold runs filled (built), else with the cache off.
process.env.DOCVAL_CACHE_DIR = warmCache && !argv.includes("--no-cache") ? warmCache : "off";
const mod = (rel: string) => (dist ? pathToFileURL(join(dist, `${rel}.js`)).href : `../src/${rel}.js`);
const t0 = performance.now();
const { openCheckout } = (await import(mod("docs/checkout"))) as typeof import("../src/docs/checkout.js");
const { parsePage } = (await import(mod("docs/parse"))) as typeof import("../src/docs/parse.js");
const { lintParsed } = (await import(mod("lint/index"))) as typeof import("../src/lint/index.js");
const { RULES } = (await import(mod("lint/rules/index"))) as typeof import("../src/lint/rules/index.js");
const tLoaded = performance.now();
const opened = openCheckout([root], { cwd: process.cwd() });
if (!opened.checkout) {
  console.error(opened.diagnostics.map((d) => d.message).join("\n"));
  process.exit(2);
}
const checkout = opened.checkout;
const t1 = performance.now();
const pages = opened.pageFiles.map((f) => parsePage(checkout, f));
const t2 = performance.now();
const { findings } = lintParsed(checkout, pages);
const t3 = performance.now();
lintParsed(checkout, pages);
const t4 = performance.now();
if (argv.includes("--show")) for (const f of findings) console.log(`${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}`);
console.log(`in-process      ${dist ? `built modules from ${dist}` : "TypeScript sources through tsx"}, schema cache ${process.env.DOCVAL_CACHE_DIR === "off" ? "off" : "warm"}`);
console.log(`  ${pages.length} pages, ${findings.length} findings`);
console.log(`  module load ${ms(t0, tLoaded)}${dist ? "" : " (includes tsx transform)"}, open ${ms(tLoaded, t1)}, parse ${ms(t1, t2)}, rules cold ${ms(t2, t3)}, rules warm ${ms(t3, t4)}`);
if (argv.includes("--per-rule")) {
  for (const rule of RULES) {
    const t = performance.now();
    lintParsed(checkout, pages, { rules: [rule.id] });
    console.log(`    ${rule.id.padEnd(26)} ${(performance.now() - t).toFixed(1)} ms (warm)`);
  }
}
console.log(`after           ${loadLine()}`);
