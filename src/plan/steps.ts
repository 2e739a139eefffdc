/**
 * One parsed block → the steps it yields in one variant (on-prem or konnect), with the
 * rendered-page semantics of DESIGN §2.2. Anything the harness cannot run becomes an
 * `unsupported` step with a reason; nothing is dropped silently.
 */
import { diag, type Diagnostic } from "../core/diagnostic.js";
import { entityExamplesToDeck } from "../deck/to-deck.js";
import type { Checkout } from "../docs/checkout.js";
import { keyLine } from "../docs/block-lines.js";
import type { Block } from "../docs/model.js";
import type { PlanDefaults } from "./defaults.js";
import { adminApiRequest, entityFormats } from "./entity-example.js";
import type { CheckStep, CheckType, Deployment, Expectation, Extraction, Step, StepBase } from "./model.js";
import { buildRequest, parseHeaderList, splitHeader } from "./request.js";

type Rec = Record<string, unknown>;

export interface StepContext {
  checkout: Checkout;
  defaults: PlanDefaults;
  frontMatter: Rec;
  /** Collects page diagnostics; only the first variant reports, so nothing is said twice. */
  report: (d: Diagnostic) => void;
}

const HTTP_CHECKS = new Set(["request-check", "unauthorized-check", "rate-limit-check", "traffic-generator"]);
const REQUEST_KEYS = new Set([
  "url", "on_prem_url", "konnect_url", "method", "headers", "body", "form_data", "file_dir", "user", "insecure",
  "cookie", "cookie_jar", "status_code", "message", "expected_headers", "count", "iterations", "sleep",
  "extract_body", "extract_headers", "capture", "jq", "retry", "section", "indent",
]);

function rec(v: unknown): Rec | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function base(block: Block): StepBase {
  const b: StepBase = { source: block.source, section: block.section };
  if (block.tabs.length) b.tabs = [...block.tabs];
  return b;
}

export function blockSteps(ctx: StepContext, block: Block, variant: Deployment): Step[] {
  if (block.topology && block.topology !== variant) return [];
  const d = rec(block.data) ?? {};
  switch (block.tag) {
    case "prereq_entities":
      return [{ ...base(block), kind: "apply", origin: "prereqs", config: { _format_version: "3.0", ...d }, deckFlags: [] }];
    case "entity_examples": {
      const r = entityExamplesToDeck(block.data, block.source, ctx.frontMatter.tools);
      r.diagnostics.forEach(ctx.report);
      if (!r.config) return [];
      return [{ ...base(block), kind: "apply", origin: "entity_examples", config: r.config, deckFlags: r.deckFlags }];
    }
    case "entity_example":
      return entityExampleSteps(ctx, block, d, variant);
    case "control_plane_request":
      return [httpCheck(ctx, block, d, "control_plane_request", ctx.defaults.adminOrigin[variant], variant)];
    case "konnect_api_request":
      if (variant !== "konnect") return [];
      return [{ ...base(block), kind: "shell", origin: "konnect_api_request", command: konnectCurl(ctx, d) }];
    case "env_variables":
      return [setEnv(block, d)];
    case "fence":
      return [{ ...base(block), kind: "shell", origin: "author-block", command: block.raw }];
    case "validation":
      return validationSteps(ctx, block, d, variant);
  }
  return [];
}

function validationSteps(ctx: StepContext, block: Block, d: Rec, variant: Deployment): Step[] {
  const type = block.type ?? "";
  if (d.skip === true) {
    return [{ ...base(block), kind: "unsupported", type, reason: "the page marks this validation 'skip: true' (rendered without a test marker)" }];
  }
  if (HTTP_CHECKS.has(type)) return [httpCheck(ctx, block, d, type as CheckType, ctx.defaults.proxyOrigin[variant], variant)];
  switch (type) {
    case "custom-command": {
      const expected = rec(d.expected) ?? {};
      const expect: { returnCode?: number; message?: string } = {};
      const rc = num(expected.return_code);
      if (rc !== undefined) expect.returnCode = rc;
      if (typeof expected.message === "string") expect.message = expected.message;
      return [{ ...base(block), kind: "shell", origin: "custom-command", command: String(d.command ?? ""), expect }];
    }
    case "vault-secret": {
      const prefix = typeof d.command === "string" && d.command.trim() ? d.command.trim() : `docker exec ${ctx.defaults.container[variant]}`;
      const expect: { returnCode?: number; message?: string } = { returnCode: 0 };
      if (d.value != null) expect.message = String(d.value);
      return [{ ...base(block), kind: "shell", origin: "vault-secret", command: `${prefix} kong vault get ${String(d.secret ?? "")}`, expect }];
    }
    case "env-variables":
      return [setEnv(block, d)];
    case "grpc-check":
      return [{ ...base(block), kind: "unsupported", type, reason: "gRPC checks need grpcurl and a gRPC upstream; not run by docval" }];
    default:
      if (type.startsWith("kubernetes-")) {
        return [{ ...base(block), kind: "unsupported", type, reason: `${type} needs a Kubernetes cluster; not run by docval` }];
      }
      ctx.report(
        diag("plan/unknown-validation", "page", `unknown validation type '${type || "(none)"}'`, {
          severity: "warning",
          source: block.source,
          hint: "known types: request-check, unauthorized-check, rate-limit-check, traffic-generator, custom-command, vault-secret, env-variables, grpc-check, kubernetes-*",
        }),
      );
      return [{ ...base(block), kind: "unsupported", type: type || "validation", reason: `unknown validation type '${type}'` }];
  }
}

function httpCheck(ctx: StepContext, block: Block, d: Rec, type: CheckType, origin: string, variant: Deployment): CheckStep {
  const override = variant === "on-prem" ? d.on_prem_url : d.konnect_url;
  const baseUrl = typeof override === "string" && override ? override : origin;
  const request = buildRequest(d, baseUrl, ctx.checkout.layout.files);
  const defaults = ctx.defaults.validations[type] ?? {};
  const expect: Expectation = {};
  checkStatus(ctx, block, d.status_code);
  for (const f of request.form ?? []) checkFormFile(ctx, block, f.name, f.file);
  const status = num(d.status_code) ?? defaults.status;
  if (status !== undefined) expect.status = status;
  if ("message" in d) {
    if (d.message != null) expect.message = String(d.message);
  } else if (defaults.message !== undefined) {
    expect.message = defaults.message;
  }
  const headers = expectedHeaders(d.expected_headers);
  if (headers) expect.headers = headers;
  const repeatKey = type === "rate-limit-check" || type === "traffic-generator" ? d.iterations : d.count;
  const step: CheckStep = {
    ...base(block),
    kind: "check",
    type,
    request,
    expect,
    repeat: Math.max(1, Math.floor(num(repeatKey) ?? 1)),
  };
  const sleep = num(d.sleep);
  if (sleep !== undefined) step.sleepSeconds = sleep;
  const eb = extractions(d.extract_body);
  if (eb.length) step.extractBody = eb;
  const eh = extractions(d.extract_headers);
  if (eh.length) step.extractHeaders = eh;
  const cap = captures(d);
  if (cap.length) step.capture = cap;
  if (d.retry === true) step.retry = true;
  const extra: Rec = {};
  for (const [k, v] of Object.entries(d)) if (!REQUEST_KEYS.has(k)) extra[k] = v;
  if (Object.keys(extra).length) step.extra = extra;
  return step;
}

/** File line of the first body line that sets `key` (the body is Liquid-rendered; close enough to point at). */

/** A status the page promises must be one an HTTP server can send; anything else is a typo in the docs. */
function checkStatus(ctx: StepContext, block: Block, raw: unknown): void {
  if (raw === undefined || raw === null) return;
  const n = num(raw);
  if (n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599) return;
  ctx.report(
    diag("plan/bad-status", "page", `status_code must be a whole number from 100 to 599, got ${JSON.stringify(raw)}`, {
      severity: "error",
      source: { file: block.source.file, line: keyLine(block, "status_code") },
    }),
  );
}

/** `@file` in form_data names a file under the files folder; a page must not send /etc/passwd or ../../.env. */
function checkFormFile(ctx: StepContext, block: Block, field: string, file: string | undefined): void {
  if (!file) return;
  const rel = file.slice(ctx.checkout.layout.files.length + 1);
  if (!file.startsWith(`${ctx.checkout.layout.files}/`) || rel.startsWith("/") || rel.split(/[\\/]/).includes("..")) {
    ctx.report(
      diag("plan/form-file-outside", "page", `form field '${field}' names a file outside ${ctx.checkout.layout.files}: ${file}`, {
        severity: "error",
        source: { file: block.source.file, line: keyLine(block, "form_data") },
        hint: `files sent by a page live under ${ctx.checkout.layout.files}/ (with file_dir for a subfolder)`,
      }),
    );
  }
}

function expectedHeaders(raw: unknown): Record<string, string | null> | undefined {
  if (raw == null) return undefined;
  const out: Record<string, string | null> = {};
  if (Array.isArray(raw)) {
    for (const h of raw) {
      const split = splitHeader(h);
      if (split) out[split.name] = split.value;
      else out[String(h).trim()] = null; // "present" without a value
    }
  } else if (typeof raw === "object") {
    for (const [k, v] of Object.entries(raw as Rec)) out[k] = v == null ? null : String(v);
  }
  return Object.keys(out).length ? out : undefined;
}

function extractions(raw: unknown): Extraction[] {
  if (!Array.isArray(raw)) return [];
  const out: Extraction[] = [];
  for (const item of raw) {
    const r = rec(item);
    if (!r || r.name == null || r.variable == null) continue;
    const e: Extraction = { name: String(r.name), variable: String(r.variable) };
    if (r.strip_bearer === true) e.stripBearer = true;
    out.push(e);
  }
  return out;
}

/** `capture: [{variable, jq}]`, or the scalar form `capture: VAR` with a top-level `jq:`. */
function captures(d: Rec): { variable: string; jq: string }[] {
  if (typeof d.capture === "string") return [{ variable: d.capture, jq: typeof d.jq === "string" ? d.jq : "." }];
  if (!Array.isArray(d.capture)) return [];
  return d.capture
    .map(rec)
    .filter((r): r is Rec => !!r && r.variable != null)
    .map((r) => ({ variable: String(r.variable), jq: String(r.jq ?? ".") }));
}

function setEnv(block: Block, d: Rec): Step {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) {
    if (k === "section" || k === "indent") continue;
    vars[k] = v == null ? "" : String(v);
  }
  return { ...base(block), kind: "set-env", vars };
}

function entityExampleSteps(ctx: StepContext, block: Block, d: Rec, variant: Deployment): Step[] {
  const formats = entityFormats(d, ctx.frontMatter.tools);
  if (!formats.includes("admin-api") || variant !== "on-prem") return [];
  const r = adminApiRequest(d, ctx.defaults.adminOrigin["on-prem"]);
  for (const name of r.undeclared) {
    ctx.report(diag("deck/undeclared-variable", "page", `\${${name}} is not declared under 'variables' and is left as written`, { severity: "warning", source: block.source }));
  }
  if (!r.request) return [{ ...base(block), kind: "unsupported", type: "entity_example", reason: r.problem ?? "no Admin API request" }];
  return [{ ...base(block), kind: "check", type: "control_plane_request", request: r.request, expect: { status: 201 }, repeat: 1 }];
}

/** The curl the page shows for a konnect_api_request (run as shell, as the site marks it). */
function konnectCurl(ctx: StepContext, d: Rec): string {
  const region = typeof d.region === "string" ? d.region : ctx.defaults.konnectRegion;
  const url = `https://${region}.api.konghq.com${String(d.url ?? "")}`;
  const parts = ["curl"];
  if (typeof d.method === "string") parts.push(`-X ${d.method.toUpperCase()}`);
  parts.push(`"${url}"`, "--no-progress-meter", "--fail-with-body", `-H "Authorization: Bearer $KONNECT_TOKEN"`);
  for (const h of parseHeaderList(d.headers)) parts.push(`-H "${h.name}: ${h.value}"`);
  if (d.body != null) parts.push(`--json '${JSON.stringify(d.body)}'`);
  else if (typeof d.body_cmd === "string") parts.push(`--json "${d.body_cmd}"`);
  return parts.join(" \\\n  ");
}
