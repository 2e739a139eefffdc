/**
 * One page variant on one gateway: gates first (page error, skip rules, version, deployment, missing
 * env), then the steps in order (apply + sync barrier, checks, env, shell), stopping at the first
 * failure, then the reset that leaves the gateway as the page found it. Returns a VariantResult; the
 * caller emits events.
 */
import { randomUUID } from "node:crypto";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { formatPos } from "../core/source.js";
import type { PageRef, StepResult, VariantResult } from "../core/results.js";
import type { ApplyStep, CheckStep, Page, SetEnvStep, Step, Variant } from "../plan/model.js";
import { flattenDeck, toAdminOps, CREDENTIALS, type FlatEntity, type Json } from "../deck/to-admin.js";
import { mergeFlat, toDeclarative } from "../deck/merge.js";
import { applyDeclarative, applyOps, type ApplyFailure, type CascadeParents, type IdRegistry } from "../gateway/apply.js";
import { awaitGeneration, bumpSentinel, sentinelDeclarative, type SentinelPlugin } from "../gateway/barrier.js";
import { compareVersions } from "../gateway/info.js";
import { deletePaths, resetTagged } from "../gateway/reset.js";
import { runCheck, type Clock } from "../checks/index.js";
import { referencedNames } from "../checks/expand.js";
import { runShell, runShellStep } from "../checks/shell.js";
import { aliases, resolveDeckRefs, VariantEnv, type EnvSources } from "./env.js";
import { TAG, type OpenGateway } from "./target.js";
import { variantVerdict } from "./verdict.js";

export interface VariantOptions {
  gw: OpenGateway;
  env: EnvSources;
  allowShell: boolean;
  timeoutMs: number;
  pageTimeoutMs: number;
  barrierTimeoutMs: number;
  signal: AbortSignal;
  clock: Clock;
  root: string;
  filesDir: string;
  /** Deployments to run; others are skipped. Default: on-prem. */
  deployments: readonly string[];
}

export interface VariantRun {
  result: VariantResult;
  /** Time spent in the page's own sleeps. */
  sleptMs: number;
  /** Wall time of the variant (unrounded; `result.durationMs` is whole milliseconds). */
  elapsedMs: number;
  /** Where the harness spent its time on this variant (bench/run.ts reports the breakdown). */
  phases: PhaseTimes;
}

/** Milliseconds per phase of one variant; `checksMs` excludes the page's own sleeps. */
export interface PhaseTimes {
  applyMs: number;
  barrierMs: number;
  checksMs: number;
  resetMs: number;
}

const noPhases = (): PhaseTimes => ({ applyMs: 0, barrierMs: 0, checksMs: 0, resetMs: 0 });

export function pageRef(p: Page): PageRef {
  return { file: p.file, id: p.id, title: p.title, products: p.products };
}

function result(page: Page, variant: string, verdict: VariantResult["verdict"], reason: string | undefined, extra: Partial<VariantResult> = {}): VariantResult {
  return { page: pageRef(page), variant, verdict, ...(reason ? { reason } : {}), durationMs: 0, steps: [], diagnostics: [], ...extra };
}

/** Verdicts decided before touching the gateway, or undefined when the variant must run. */
export function gate(page: Page, variant: Variant, o: Pick<VariantOptions, "gw" | "deployments">): VariantResult | undefined {
  const name = variant.deployment;
  if (page.error) {
    const file = page.error.file ?? page.file;
    return result(page, name, "error", `${file}:${page.error.line}: ${page.error.message}`, {
      diagnostics: [diag(page.error.code ?? "plan/page-error", "page", page.error.message, { source: { file, line: page.error.line } })],
    });
  }
  if (page.skip) return result(page, name, "skipped", page.skip.reason);
  if (variant.skip) return result(page, name, "skipped", variant.skip.reason);
  if (!o.deployments.includes(name)) {
    return result(page, name, "skipped", `deployment '${name}' is not selected (choose it with --deployment ${name})`);
  }
  const min = page.minVersion?.gateway;
  if (min && compareVersions(min, o.gw.info.versionNumber) > 0) {
    return result(page, name, "skipped", `requires gateway ${min}, the target is ${o.gw.info.version}`);
  }
  return undefined;
}

/** Env names a variant's steps reference, minus those the page itself provides. */
export function neededEnv(variant: Variant, allowShell: boolean): { needs: string[]; needsShell: string[] } {
  const provided = new Set<string>();
  const needsShell = new Set<string>();
  const needs = new Set<string>();
  const provide = (n: string) => aliases(n).forEach((a) => provided.add(a));
  for (const s of variant.steps) {
    if (s.kind === "apply") {
      for (const m of JSON.stringify(s.config).matchAll(/\$\{\{\s*env\s+\\"([A-Za-z_][A-Za-z0-9_]*)\\"\s*\}\}/g)) if (!provided.has(m[1])) needs.add(m[1]);
    } else if (s.kind === "check") {
      const r = s.request;
      const text = [r.url, r.user ?? "", r.cookie ?? "", ...r.headers.map((h) => h.value), JSON.stringify(r.body ?? ""), ...(r.form ?? []).map((f) => f.value)].join("\n");
      for (const n of referencedNames(text)) if (!provided.has(n)) needs.add(n);
      for (const x of [...(s.extractBody ?? []), ...(s.extractHeaders ?? [])]) provide(x.variable);
      for (const x of s.capture ?? []) provide(x.variable);
    } else if (s.kind === "set-env") {
      for (const [k, v] of Object.entries(s.vars)) {
        if (/\$\(/.test(String(v)) && !allowShell) needsShell.add(k);
        else provide(k);
      }
    }
  }
  return { needs: [...needs].filter((n) => !provided.has(n)).sort(), needsShell: [...needsShell].sort() };
}

/** Process variables a shell step inherits: enough to find programs and format text, nothing secret. */
const SHELL_PASSTHROUGH = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR", "TZ", "USER", "SHELL"];

export async function runVariant(page: Page, variant: Variant, o: VariantOptions): Promise<VariantRun> {
  const started = performance.now();
  const env = new VariantEnv({ ...o.env, placeholder: o.gw.embedded ? o.env.placeholder : undefined });
  const name = variant.deployment;

  const { needs, needsShell } = neededEnv(variant, o.allowShell);
  // DECK_X and X are one value (the chain tries both): name it once.
  const missing = needs.filter((n, i) => !env.lookup(n) && !needs.slice(0, i).some((m) => aliases(m).includes(n)));
  const shellMissing = needs.filter((n) => missing.includes(n) && needsShell.some((s) => aliases(s).includes(n)));
  if (missing.length) {
    const reason = shellMissing.length
      ? `needs ${missing.join(", ")} (${shellMissing.join(", ")} come from a $(…) command: run with --allow-shell, or set them)`
      : `needs ${missing.join(", ")}: set ${missing.length > 1 ? "them" : "it"} in the environment (NAME, DECK_NAME or TESTS_NAME) or in --env-file`;
    return { result: result(page, name, "blocked", reason, { missingEnv: missing }), sleptMs: 0, elapsedMs: performance.now() - started, phases: noPhases() };
  }
  for (const n of needs) {
    if (env.lookup(n)?.from === "placeholder") env.get(n);
  }

  const pageTimer = AbortSignal.timeout(o.pageTimeoutMs);
  const signal = AbortSignal.any([o.signal, pageTimer]);
  const steps: StepResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const registry: IdRegistry = new Map();
  const cascade: CascadeParents = new Map();
  const touched = new Set<string>();
  const created: string[] = [];
  const cookieJars = new Map<string, Map<string, string>>();
  const slept = { ms: 0 };
  const phases = noPhases();
  let cumulative: FlatEntity[] = [];
  const salt = randomUUID();
  let lastApply: Step | undefined;

  // The sync barrier runs lazily: applies only mark the gateway out of sync, and the first check after
  // them proves the proxy serves everything written so far. Consecutive blocks then cost one barrier,
  // and "before the next check" (DESIGN §2.5) still holds.
  const barrier = async (s: Step, index: number): Promise<StepResult | undefined> => {
    const t0 = performance.now();
    try {
      return await sync(s, index);
    } finally {
      phases.barrierMs += performance.now() - t0;
    }
  };
  const sync = async (s: Step, index: number): Promise<StepResult | undefined> => {
    const gw = o.gw;
    if (gw.sync === "write") {
      const gen = ++gw.generation;
      if (gw.info.dbless) {
        const fail = await applyDeclarative(gw.admin, withSentinel(toDeclarative(cumulative, TAG), gen, gw.sentinel));
        if (fail) {
          if (fail.kind === "target") targetFault(fail.message, s);
          return stepOf(s, index, fail.kind === "assert" ? "failed" : "error", fail.message);
        }
      } else {
        const problem = await bumpSentinel(gw.admin, gen, gw.sentinel);
        if (problem) {
          targetFault(`could not update docval's sync sentinel: ${problem}`, s);
          return stepOf(s, index, "error", `could not update docval's sync sentinel: ${problem}`);
        }
      }
    }
    const b = await awaitGeneration(gw.proxyUrl, gw.generation, o.barrierTimeoutMs, signal);
    if (!b.ok && signal.aborted) {
      // The wait was cut short by Ctrl-C or --page-timeout: the proxy did not fail to converge.
      if (o.signal.aborted) return stepOf(s, index, "error", "interrupted");
      return stepOf(s, index, "failed", `the page did not finish within ${o.pageTimeoutMs} ms (--page-timeout); it was waiting for the proxy to serve the config`);
    }
    if (!b.ok) {
      const message = `${b.message ?? "the proxy did not converge"}${lastApply ? ` (after the block at ${formatPos(lastApply.source)})` : ""}`;
      diagnostics.push(diag("target/not-converged", "target", message, { source: lastApply?.source ?? s.source }));
      return stepOf(s, index, "error", message);
    }
    gw.sync = "none";
    return undefined;
  };

  // Whatever happens to the steps (a throw is a bug, the runner reports it), the page's entities go.
  try {
    for (let index = 0; index < variant.steps.length; index++) {
      const s = variant.steps[index];
      if (signal.aborted) break;
      let r: StepResult;
      if (s.kind === "apply") {
        const t0 = performance.now();
        r = await applyStep(s, index);
        phases.applyMs += performance.now() - t0;
        lastApply = s;
      } else if (s.kind === "check") {
        if (o.gw.sync !== "none") {
          const bad = await barrier(s, index);
          if (bad) {
            steps.push(bad);
            break;
          }
        }
        const t0 = performance.now();
        const sleptBefore = slept.ms;
        r = await runCheck(s as CheckStep, {
          target: { proxyUrl: o.gw.proxyUrl, proxyHttpsUrl: o.gw.proxyHttpsUrl, adminUrl: o.gw.adminUrl, adminHeaders: o.gw.adminHeaders },
          env,
          cookieJars,
          filesDir: o.filesDir,
          root: o.root,
          timeoutMs: o.timeoutMs,
          signal,
          clock: o.clock,
          index,
          onCreated: (p) => created.push(p),
          slept,
        });
        // The proxy (or Admin API) refusing connections is the target going away, not the docs being wrong.
        if (r.verdict === "error" && r.actual?.error === "ECONNREFUSED") targetFault(r.message ?? "the target refused the connection", s);
        phases.checksMs += Math.max(0, performance.now() - t0 - (slept.ms - sleptBefore));
        // A control-plane write changes what the proxy serves; prove it before the next check.
        if (s.type === "control_plane_request" && s.request.method !== "GET") o.gw.sync = "write";
      } else if (s.kind === "set-env") {
        r = await setEnvStep(s, index);
      } else if (s.kind === "shell") {
        r = await runShellStep(s, index, { allowShell: o.allowShell, env: shellEnv(s.command), cwd: o.root, timeoutMs: o.timeoutMs * 6, signal });
      } else {
        r = { ...stepOf(s, index, "unverified", `${s.type}: ${s.reason}`), type: s.type };
      }
      if (pageTimer.aborted && !o.signal.aborted) {
        r = { ...r, verdict: "failed", message: `the page did not finish within ${o.pageTimeoutMs} ms (--page-timeout); this step was running` };
      }
      steps.push(r);
      if (r.verdict === "failed" || r.verdict === "error" || r.verdict === "blocked") break;
    }
    if (o.signal.aborted && steps.length < variant.steps.length) {
      const at = variant.steps[steps.length];
      if (at) steps.push(stepOf(at, steps.length, "error", "interrupted"));
    }
  } finally {
    await resetPage();
  }
  const v = variantVerdict(steps);
  const placeholders = [...env.placeholders].sort();
  let reason = v.reason;
  if (placeholders.length && (v.verdict === "passed" || v.verdict === "failed")) {
    reason = `${reason ? `${reason}; ` : ""}ran with placeholder values for ${placeholders.join(", ")} against the embedded provider doubles`;
  }
  const res: VariantResult = {
    page: pageRef(page),
    variant: name,
    verdict: v.verdict,
    ...(reason ? { reason } : {}),
    durationMs: Math.round(performance.now() - started),
    steps,
    diagnostics,
    ...(placeholders.length ? { placeholderEnv: placeholders } : {}),
  };
  return { result: res, sleptMs: slept.ms, elapsedMs: performance.now() - started, phases };

  // ---------------------------------------------------------------------------------------------

  async function applyStep(s: ApplyStep, index: number): Promise<StepResult> {
    const t0 = performance.now();
    const resolved = resolveDeckRefs(s.config, env);
    if (resolved.missing.length) return stepOf(s, index, "blocked", `needs ${resolved.missing.join(", ")}`);
    const flat = flattenDeck(resolved.value as Json);
    for (const e of flat.entities) touched.add(resetCollection(e));
    let fail;
    if (o.gw.info.dbless) {
      cumulative = mergeFlat(cumulative, flat.entities);
      // The posted config carries the next sentinel generation, so the barrier before the next check is one probe.
      const gen = ++o.gw.generation;
      const rejected = await applyDeclarative(o.gw.admin, withSentinel(toDeclarative(cumulative, TAG), gen, o.gw.sentinel));
      o.gw.sync = rejected ? "write" : "probe";
      if (rejected) return applyFailed(s, index, rejected, flat.diagnostics, t0);
    } else {
      o.gw.sync = "write";
      fail = await applyOps(o.gw.admin, toAdminOps(flat.entities, TAG, salt), registry, cascade);
      if (fail) return applyFailed(s, index, fail, flat.diagnostics, t0);
    }
    const unsupported = flat.diagnostics.map((d) => ({ ...d, source: s.source }));
    const r = stepOf(s, index, unsupported.length ? "unverified" : "passed", unsupported.map((d) => d.message).join("; ") || undefined);
    return { ...r, durationMs: Math.round(performance.now() - t0), ...(unsupported.length ? { diagnostics: unsupported } : {}) };
  }

  /** One outcome for a failed apply, DB-less or not: a target fault counts as one, whatever the block holds. */
  function applyFailed(s: ApplyStep, index: number, fail: ApplyFailure, unsupported: readonly Diagnostic[], t0: number): StepResult {
    const durationMs = Math.round(performance.now() - t0);
    if (fail.kind === "target") targetFault(fail.message, s);
    else if (unsupported.length) {
      // The block relies on something docval cannot apply (cloned_plugins, custom_plugins…); the rejection follows from that.
      return {
        ...stepOf(s, index, "unverified", `${unsupported.map((d) => d.message).join("; ")}; then ${fail.message}`),
        durationMs,
        diagnostics: unsupported.map((d) => ({ ...d, source: s.source })),
      };
    }
    return {
      ...stepOf(s, index, fail.kind === "assert" ? "failed" : "error", `${fail.message} (block at ${formatPos(s.source)})`),
      durationMs,
      ...(fail.status ? { actual: { status: fail.status } } : {}),
    };
  }

  async function setEnvStep(s: SetEnvStep, index: number): Promise<StepResult> {
    const skippedNames: string[] = [];
    for (const [k, raw] of Object.entries(s.vars)) {
      const v = String(raw);
      if (/\$\(/.test(v)) {
        if (!o.allowShell) {
          skippedNames.push(k);
          continue;
        }
        const out = await runShell(`printf '%s' "${v.replace(/(["\\`])/g, "\\$1").replace(/\\\$\(/g, "$(")}"`, shellEnv(v), o.root, o.timeoutMs, signal);
        if (out.code !== 0) return stepOf(s, index, "failed", `computing ${k} failed (exit ${out.code})`);
        env.setPageVar(k, out.output);
      } else {
        env.setPageVar(k, v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (w, n: string) => env.get(n) ?? w));
      }
    }
    if (skippedNames.length) return stepOf(s, index, "skipped", `${skippedNames.join(", ")} come from a $(…) command; shell runs only with --allow-shell`);
    return stepOf(s, index, "passed", undefined);
  }

  /** A target fault decides the exit code (3) once the run ends; the step itself ends `error`. */
  function targetFault(message: string, s: Step): void {
    diagnostics.push(diag("target/failed", "target", message, { source: s.source }));
  }

  /**
   * A shell step gets the variables it names and the page needs, resolved through the env chain, plus
   * the page's own values and a few harmless process variables: never the rest of the environment,
   * where CI keeps tokens the page has no business reading (DESIGN §2.10).
   */
  function shellEnv(command = ""): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const k of SHELL_PASSTHROUGH) if (o.env.process[k] !== undefined) out[k] = o.env.process[k];
    for (const n of new Set([...page.env, ...referencedNames(command)])) {
      const v = env.get(n);
      if (v !== undefined) out[n] = v;
    }
    return { ...out, ...Object.fromEntries(env.pageVars), ...Object.fromEntries(env.captured) };
  }

  async function resetPage(): Promise<void> {
    const t0 = performance.now();
    const gw = o.gw;
    const problems: string[] = [];
    if (gw.info.dbless) {
      if (cumulative.length === 0 && created.length === 0) return;
      const gen = ++gw.generation;
      const fail = await applyDeclarative(gw.admin, withSentinel({ _format_version: "3.0" }, gen, gw.sentinel));
      gw.sync = fail ? "write" : "probe";
      if (fail) problems.push(fail.message);
    } else if (created.length || touched.size) {
      gw.sync = "write";
      if (created.length) problems.push(...(await deletePaths(gw.admin, created)));
      if (touched.size) problems.push(...(await resetTagged(gw.admin, TAG, { only: touched, cascade })).problems);
    }
    if (problems.length) {
      // What stays behind can change the next page's answers, so the run cannot be trusted: a target fault.
      diagnostics.push(
        diag("target/reset-failed", "target", `could not remove this page's entities from the gateway: ${problems.join("; ")}`, {
          hint: "clear the gateway (docval run --reset-all) before the next run",
        }),
      );
    }
    phases.resetMs += performance.now() - t0;
  }
}

function stepOf(s: Step, index: number, verdict: StepResult["verdict"], message: string | undefined): StepResult {
  return {
    index,
    kind: s.kind,
    type: s.kind === "apply" ? s.origin : s.kind === "check" ? s.type : s.kind === "shell" ? s.origin : undefined,
    ...(s.tabs ? { tabs: s.tabs } : {}),
    source: s.source,
    verdict,
    durationMs: 0,
    ...(message ? { message } : {}),
  };
}

function withSentinel(config: Json, gen: number, plugins: readonly SentinelPlugin[]): Json {
  const s = sentinelDeclarative(gen, plugins);
  return {
    ...config,
    services: [...((config.services as Json[] | undefined) ?? []), ...s.services],
    plugins: [...((config.plugins as Json[] | undefined) ?? []), ...s.plugins],
  };
}

/** The Admin API collection reset must list to find an entity of this kind. */
function resetCollection(e: FlatEntity): string {
  if (e.collection === "credentials") {
    const kind = CREDENTIALS[e.credential ?? ""];
    return { "key-auth": "key-auths", "basic-auth": "basic-auths", jwt: "jwts", "hmac-auth": "hmac-auths", acls: "acls", oauth2: "oauth2", "mtls-auth": "mtls-auths" }[kind] ?? "key-auths";
  }
  if (e.collection === "key_sets") return "key-sets";
  if (e.collection === "consumer_group_members") return "consumer_groups";
  if (e.collection === "targets") return "upstreams";
  if (e.collection === "cloned_plugins") return "cloned-plugins";
  return e.collection;
}
