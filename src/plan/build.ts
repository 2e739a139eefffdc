/**
 * Pages → test plans (DESIGN §3): skip rules, one variant per `works_on` value, each block's
 * steps in page order, the env names the page needs. A malformed page still appears, with
 * `error` set and no steps, so one bad page never hides the others.
 */
import { DEFAULT_PRODUCTS } from "../core/config.js";
import type { Diagnostic } from "../core/diagnostic.js";
import type { Checkout } from "../docs/checkout.js";
import type { ParsedPage } from "../docs/model.js";
import { parsePage } from "../docs/parse.js";
import { planDefaults } from "./defaults.js";
import { pageEnv } from "./env.js";
import { PLAN_FORMAT_VERSION, type Deployment, type Page, type Plan, type Step, type Variant } from "./model.js";
import { pageSkip } from "./skip.js";
import { blockSteps, type StepContext } from "./steps.js";

export interface PlanOptions {
  /** Products whose pages are tested (default: the config's, else gateway and ai-gateway). */
  products?: string[];
  /** Variants outside this set are kept but marked skipped (rule `deployment`). */
  deployments?: Deployment[];
  /** Keep only pages whose file, id or title matches this regular expression. */
  grep?: string;
}

const DEPLOYMENTS: Deployment[] = ["on-prem", "konnect"];

export function pageVariants(frontMatter: Record<string, unknown>): Deployment[] {
  const w = frontMatter.works_on;
  if (!Array.isArray(w) || w.length === 0) return ["on-prem"];
  const out = w.map(String).filter((v): v is Deployment => (DEPLOYMENTS as string[]).includes(v));
  return out.length ? [...new Set(out)] : ["on-prem"];
}

function strRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (x != null) out[k] = String(x);
  return out;
}

export function planPage(checkout: Checkout, parsed: ParsedPage, opts: PlanOptions = {}): Page {
  const fm = parsed.frontMatter;
  const file = parsed.file;
  const slug = file.replace(/^.*\//, "").replace(/\.md$/, "");
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const page: Page = {
    file,
    id: typeof fm.permalink === "string" ? fm.permalink : `/how-to/${slug}/`,
    title: parsed.title ?? (typeof fm.title === "string" ? fm.title : slug),
    products: Array.isArray(fm.products) ? fm.products.map(String) : [],
    minVersion: strRecord(fm.min_version),
    skip: null,
    error: null,
    env: [],
    envExported: {},
    variants: [],
    diagnostics,
  };
  const deployments = pageVariants(fm);
  const variantSkip = (d: Deployment): Variant["skip"] =>
    opts.deployments && !opts.deployments.includes(d) ? { reason: `deployment ${d} not selected`, rule: "deployment" } : null;

  const fatal = parsed.fatal ?? diagnostics.find((d) => d.kind === "page" && d.severity === "error");
  if (fatal) {
    page.error = { message: fatal.message, line: fatal.source?.line ?? 1, file: fatal.source?.file ?? file, code: fatal.code };
    page.variants = deployments.map((d) => ({ deployment: d, skip: variantSkip(d), steps: [] }));
    return page;
  }
  page.skip = pageSkip(fm, parsed.text, opts.products ?? checkout.config.products ?? DEFAULT_PRODUCTS);

  const defaults = planDefaults(checkout);
  diagnostics.push(...defaults.problems);
  const ctx: StepContext = { checkout, defaults, frontMatter: fm, report: () => {} };
  // Every variant plans the same blocks; a problem in a block that only one deployment sees (a konnect-only
  // block) must still be reported, once.
  const seen = new Set<string>();
  ctx.report = (x) => {
    const key = `${x.code}\u0000${x.source?.file}:${x.source?.line}\u0000${x.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(x);
  };
  deployments.forEach((d) => {
    const steps: Step[] = [];
    for (const b of parsed.blocks) steps.push(...blockSteps(ctx, b, d));
    page.variants.push({ deployment: d, skip: variantSkip(d), steps });
  });
  const { env, envExported } = pageEnv(parsed.blocks, page.variants, parsed.exports ?? []);
  page.env = env;
  page.envExported = envExported;
  const planError = diagnostics.find((d) => d.kind === "page" && d.severity === "error");
  if (planError) {
    page.error = { message: planError.message, line: planError.source?.line ?? 1, file: planError.source?.file ?? file, code: planError.code };
    for (const v of page.variants) v.steps = [];
  }
  return page;
}

export function buildPlan(checkout: Checkout, files: string[], opts: PlanOptions = {}): Plan {
  let re: RegExp | undefined;
  if (opts.grep) {
    try {
      re = new RegExp(opts.grep, "i");
    } catch {
      const escaped = opts.grep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      re = new RegExp(escaped, "i");
    }
  }
  const pages: Page[] = [];
  for (const f of files) {
    const page = planPage(checkout, parsePage(checkout, f), opts);
    if (re && !re.test(page.file) && !re.test(page.id) && !re.test(page.title)) continue;
    pages.push(page);
  }
  return { formatVersion: PLAN_FORMAT_VERSION, root: checkout.root, pages };
}
