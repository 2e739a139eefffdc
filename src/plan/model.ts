/**
 * The test plan: the `docval plan --json` contract (DESIGN §3). Plain JSON-safe data,
 * produced by `buildPlan` from a docs checkout and consumed by `run`, `lint` and the reporters.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { SourcePos } from "../core/source.js";

export const PLAN_FORMAT_VERSION = 1;

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** Absolute path of the checkout root the plan was built from. */
  root: string;
  pages: Page[];
}

export type Deployment = "on-prem" | "konnect";

export interface Page {
  /** Path relative to the checkout root, forward slashes. */
  file: string;
  /** The permalink (every Kong how-to sets one). */
  id: string;
  title: string;
  products: string[];
  /** `min_version` from front matter, e.g. `{gateway: "3.13"}`. */
  minVersion: Record<string, string>;
  /** Why the whole page is not run, as data. */
  skip: { reason: string; rule: SkipRule } | null;
  /** Set when the page could not be read or planned; the page still appears with no steps. */
  error: { message: string; line: number; file?: string; code?: string } | null;
  /** Env names the page's blocks need (decK `DECK_*` names and `$NAME` in requests), sorted. */
  env: string[];
  /** For each name in `env` that a prereq or env_variables block tells the reader to export: where. */
  envExported: Record<string, SourcePos>;
  variants: Variant[];
  /** Warnings found while planning (undeclared `${var}`, …); never fatal. */
  diagnostics: Diagnostic[];
}

export type SkipRule =
  | "automated-tests-false"
  | "unpublished"
  | "todo"
  | "product"
  | "deployment"
  | "min-version"
  | "standalone-gateway";

export interface Variant {
  deployment: Deployment;
  /** Set when only this variant is skipped (e.g. a konnect variant when `run` targets on-prem). */
  skip?: { reason: string; rule: SkipRule } | null;
  steps: Step[];
}

export type Step = ApplyStep | CheckStep | SetEnvStep | ShellStep | UnsupportedStep;
export type StepKind = Step["kind"];

export interface StepBase {
  source: SourcePos;
  /** Where on the page: "prereqs", the body, or "cleanup". */
  section: "prereqs" | "body" | "cleanup";
  /** Navtab titles on the way to the block, outermost first: ["OpenAI", "cURL"]. */
  tabs?: string[];
}

/** A decK config as written on the page, `${var}` already turned into `${{ env "DECK_X" }}`. */
export interface DeckConfig {
  _format_version: string;
  [collection: string]: unknown;
}

export interface ApplyStep extends StepBase {
  kind: "apply";
  origin: "prereqs" | "entity_examples" | "entity_example";
  config: DeckConfig;
  /** Extra flags for `deck gateway apply`, e.g. `--include-plugin-definitions`. */
  deckFlags: string[];
}

export const CHECK_TYPES = [
  "request-check",
  "unauthorized-check",
  "rate-limit-check",
  "traffic-generator",
  "control_plane_request",
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export interface HeaderSpec {
  name: string;
  value: string;
}

/**
 * A request as the rendered page's curl would send it. `$NAME` references stay unresolved
 * in url, header values, body strings, form fields and `user`: the runner fills them.
 */
export interface RequestSpec {
  method: string;
  url: string;
  headers: HeaderSpec[];
  /** JSON body (curl `--json`). */
  body?: unknown;
  /** multipart fields (curl `-F`); a value `@file` names a file resolved to `file`. */
  form?: { name: string; value: string; file?: string }[];
  /** `user:password` for basic auth (curl `-u`). */
  user?: string;
  /** TLS verification off (curl `-k`). */
  insecure?: boolean;
  cookie?: string;
  cookieJar?: string;
}

export interface Expectation {
  /** Absent when the page promises no status (request-check without status_code). */
  status?: number;
  /** The `message` the page shows; asserted against the JSON `message` (or the body text). */
  message?: string;
  /** Headers the page says the response carries: name → value, or null for "present". */
  headers?: Record<string, string | null>;
}

export interface Extraction {
  /** Dotted path into the JSON body, or a header name. */
  name: string;
  variable: string;
  stripBearer?: boolean;
}

export interface CheckStep extends StepBase {
  kind: "check";
  type: CheckType;
  request: RequestSpec;
  expect: Expectation;
  /** How many requests: `count` (request-check), `iterations` (rate-limit-check, traffic-generator). */
  repeat: number;
  /** Seconds to wait before the request(s) (request-check `sleep`), or between them (rate-limit-check). */
  sleepSeconds?: number;
  extractBody?: Extraction[];
  extractHeaders?: Extraction[];
  /** `capture: [{variable, jq}]`: a jq path over the JSON body. */
  capture?: { variable: string; jq: string }[];
  retry?: boolean;
  /** Block keys kept for lint and reporting but not executed (`display_headers`, `output`, …). */
  extra?: Record<string, unknown>;
}

export interface SetEnvStep extends StepBase {
  kind: "set-env";
  /** `NAME → value`; a value may be a `$(command)` substitution, run only with --allow-shell. */
  vars: Record<string, string>;
}

export interface ShellStep extends StepBase {
  kind: "shell";
  origin: "custom-command" | "author-block" | "konnect_api_request" | "vault-secret";
  command: string;
  expect?: { returnCode?: number; message?: string };
}

export interface UnsupportedStep extends StepBase {
  kind: "unsupported";
  /** The block type as written, e.g. `grpc-check`, `kubernetes-resource`. */
  type: string;
  reason: string;
}
