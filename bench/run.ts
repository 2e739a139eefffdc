/**
 * `npm run bench:run`: pages per second on the embedded gateway, harness overhead per page (median,
 * excluding the page's own sleeps; DESIGN §4 budget ≤ 20 ms), and the 1- vs 2-worker speedup
 * (budget ≥ 1.6×). Runs the demo docs checkout, repeated to have enough pages to measure.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Redactor } from "../src/core/redact.js";
import type { EventSink } from "../src/core/events.js";
import { openCheckout } from "../src/docs/checkout.js";
import { buildPlan } from "../src/plan/build.js";
import { runPlan } from "../src/run/run.js";
import type { Plan } from "../src/plan/model.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../fixtures/demo-docs");
const REPEAT = Number(process.env.BENCH_REPEAT ?? 8);

const opened = openCheckout([root], { cwd: root });
if (!opened.checkout) throw new Error("demo checkout not found");
const base = buildPlan(opened.checkout, opened.pageFiles, { deployments: ["on-prem"] });
const plan: Plan = {
  ...base,
  pages: Array.from({ length: REPEAT }, (_, i) => base.pages.map((p) => ({ ...p, file: `${p.file}#${i}` }))).flat(),
};
const sink: EventSink = { emit: async () => {} };
const env = { DEMO_API_KEY: "bench-demo-key-0000", PATH: process.env.PATH };

async function measure(workers: number) {
  const t0 = performance.now();
  const out = await runPlan(plan, { kind: "embedded" }, sink, { workers, redactor: new Redactor(), processEnv: env, deployments: ["on-prem"] });
  const wall = performance.now() - t0;
  const ran = out.results.filter((r) => r.verdict !== "skipped" && r.verdict !== "blocked");
  const sorted = [...out.overheadMs].sort((a, b) => a - b);
  return { wall, ran: ran.length, perSecond: (ran.length / wall) * 1000, median: sorted[Math.floor(sorted.length / 2)] ?? 0, verdicts: out.counts };
}

await measure(1); // warm-up: module loading and JIT
const one = await measure(1);
const two = await measure(2);
console.log(`pages run: ${one.ran} (demo docs × ${REPEAT}, on-prem variants)`);
console.log(`1 worker : ${one.perSecond.toFixed(1)} pages/s, harness overhead per page median ${one.median.toFixed(1)} ms (budget ≤ 20 ms)`);
console.log(`2 workers: ${two.perSecond.toFixed(1)} pages/s, harness overhead per page median ${two.median.toFixed(1)} ms`);
console.log(`speedup 1 → 2 workers: ${(two.perSecond / one.perSecond).toFixed(2)}× (budget ≥ 1.6×; workers share one event loop in-process)`);
if (one.verdicts.failed || one.verdicts.error) console.log(`note: ${one.verdicts.failed} failed, ${one.verdicts.error} error in the bench run`);
