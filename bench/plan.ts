/**
 * Planning benchmark (DESIGN §4: ≤ 0.5 s wall cold for the 51-page corpus; ≤ 250 MB RSS).
 * Usage: npm run bench:plan [-- <checkout>]   (default: the shared corpus)
 * Prints the wall time of loading the planner + planning every page in this fresh process,
 * the time since process start (includes tsx start-up), and peak RSS.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const target = resolve(process.argv[2] ?? resolve(here, "../../shared/corpus/kong-docs"));
if (!existsSync(target)) {
  console.error(`bench/plan: no checkout at ${target} (pass a path)`);
  process.exit(2);
}

const t0 = performance.now();
const { openCheckout } = await import("../src/docs/checkout.js");
const { buildPlan } = await import("../src/plan/build.js");
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

const steps = plan.pages.reduce((n, p) => n + p.variants.reduce((m, v) => m + v.steps.length, 0), 0);
const errors = plan.pages.filter((p) => p.error).length;
const rssMb = process.resourceUsage().maxRSS / 1024;
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`checkout        ${target}`);
console.log(`pages           ${plan.pages.length} (${errors} with errors), ${steps} steps`);
console.log(`module load     ${ms(tLoaded - t0)}`);
console.log(`plan (cold)     ${ms(t1 - tLoaded)}   load+plan ${ms(t1 - t0)}   budget 500 ms`);
console.log(`JSON            ${ms(t2 - t1)} (${(json.length / 1024).toFixed(0)} KiB)`);
console.log(`since start     ${ms(t2)} (includes tsx start-up)`);
console.log(`peak RSS        ${rssMb.toFixed(0)} MB   budget 250 MB`);
