/**
 * Planning benchmark (DESIGN §4: ≤ 0.5 s wall cold for the 51-page corpus, 486 pages ≤ 1.0 s; ≤ 250 MB RSS).
 *
 *   npm run bench:plan [-- <checkout>] [--dist <dir>] [--runs N]
 *
 * With a build (`--dist`, `DOCVAL_DIST`, or `<repo>/dist`): N fresh `node dist/cli/main.js plan <checkout> --json`
 * processes (wall, CPU, peak RSS), then a breakdown in this process of the built modules: module load, planning,
 * JSON. Without a build: the breakdown only, from the TypeScript sources (module load then includes tsx's
 * transform and is reported apart). The machine may be shared: the load average is printed with the numbers.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { coldRun, describeRuns, findBuild, loadLine, option, positionals, REPO } from "./cold.js";

const argv = process.argv.slice(2);
const target = resolve(positionals(argv, ["dist", "runs"])[0] ?? resolve(REPO, "../shared/corpus/kong-docs"));
if (!existsSync(target)) {
  console.error(`bench/plan: no checkout at ${target} (pass a path)`);
  process.exit(2);
}
const dist = findBuild(argv);
const runs = Number(option(argv, "runs", "5"));
const ms = (x: number) => `${x.toFixed(0)} ms`;

console.log(`checkout        ${target}`);
console.log(`before          ${loadLine()}`);
if (dist) {
  const cold = Array.from({ length: runs }, () => coldRun(dist, ["plan", target, "--json"]));
  const bad = cold.find((r) => r.exitCode !== 0);
  if (bad) console.log(`note            a run exited ${bad.exitCode}`);
  console.log(`cold CLI        ${describeRuns(cold)}   budget 500 ms wall, 250 MB`);
} else {
  console.log("cold CLI        skipped: no build (npx tsc -p tsconfig.build.json --outDir <dir>, then --dist <dir>)");
}

// Breakdown in this process. Built modules when there is a build, so tsx transforms nothing that is measured.
const mod = (rel: string) => (dist ? pathToFileURL(join(dist, `${rel}.js`)).href : `../src/${rel}.js`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { openCheckout } = (await import(mod("docs/checkout"))) as typeof import("../src/docs/checkout.js");
const { buildPlan } = (await import(mod("plan/build"))) as typeof import("../src/plan/build.js");
const tLoaded = performance.now();
const opened = openCheckout([target], { cwd: process.cwd() });
if (!opened.checkout) {
  console.error(opened.diagnostics.map((d) => d.message).join("\n"));
  process.exit(2);
}
const plan = buildPlan(opened.checkout, opened.pageFiles);
const t1 = performance.now();
const json = JSON.stringify(plan);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);

const steps = plan.pages.reduce((n, p) => n + p.variants.reduce((m, v) => m + v.steps.length, 0), 0);
const errors = plan.pages.filter((p) => p.error).length;
console.log(`pages           ${plan.pages.length} (${errors} with errors), ${steps} steps`);
console.log(`in-process      ${dist ? `built modules from ${dist}` : "TypeScript sources through tsx"}`);
console.log(`  module load   ${ms(tLoaded - t0)}${dist ? "" : " (includes tsx transform)"}`);
console.log(`  plan          ${ms(t1 - tLoaded)}`);
console.log(`  JSON          ${ms(t2 - t1)} (${(json.length / 1024).toFixed(0)} KiB)`);
console.log(`  CPU           ${ms((cpu.user + cpu.system) / 1000)} (load + plan + JSON)`);
console.log(`  peak RSS      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process, tsx included)`);
console.log(`after           ${loadLine()}`);
