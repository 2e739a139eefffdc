/**
 * Times `docval lint` over the shared corpus in a cold process: reading and parsing pages (the docs reader),
 * then the rules (plugin schemas compiled on first use), then a warm rerun of the rules alone.
 * `--show` prints the findings.
 */
import { resolve } from "node:path";
import { openCheckout } from "../src/docs/checkout.js";
import { parsePage } from "../src/docs/parse.js";
import { lintParsed } from "../src/lint/index.js";
import { RULES } from "../src/lint/rules/index.js";

const root = resolve(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "../shared/corpus/kong-docs");
const t0 = performance.now();
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
if (process.argv.includes("--show")) for (const f of findings) console.log(`${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}`);
if (process.argv.includes("--per-rule")) {
  for (const rule of RULES) {
    const t = performance.now();
    lintParsed(checkout, pages, { rules: [rule.id] });
    console.log(`  ${rule.id.padEnd(26)} ${(performance.now() - t).toFixed(1)} ms (warm)`);
  }
}
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
console.log(`${pages.length} pages, ${findings.length} findings`);
console.log(`open ${ms(t0, t1)}, parse ${ms(t1, t2)}, rules cold ${ms(t2, t3)} (schemas compiled), rules warm ${ms(t3, t4)}, total cold ${ms(t0, t3)}`);
