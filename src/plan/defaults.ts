/**
 * Validation defaults and base URLs, read from the checkout's data files
 * (`how-tos/config.yaml`, `control_plane_request.yml`, `konnect_api_request.yml`) with the
 * values those files hold upstream as fallbacks, so a checkout without them still plans.
 */
import { relative, sep } from "node:path";
import { diag, type Diagnostic } from "../core/diagnostic.js";
import type { Checkout } from "../docs/checkout.js";

export interface PlanDefaults {
  /** Data files behind these defaults that could not be read (the fallbacks were used instead). */
  problems: Diagnostic[];
  /** Per validation type: default status and message (`rate-limit-check` → 429, "API rate limit exceeded"). */
  validations: Record<string, { status?: number; message?: string }>;
  proxyOrigin: { "on-prem": string; konnect: string };
  adminOrigin: { "on-prem": string; konnect: string };
  container: { "on-prem": string; konnect: string };
  konnectRegion: string;
}

const FALLBACK: Omit<PlanDefaults, "problems"> = {
  validations: {
    "rate-limit-check": { status: 429, message: "API rate limit exceeded" },
    "unauthorized-check": { status: 401, message: "Unauthorized" },
  },
  proxyOrigin: { "on-prem": "http://localhost:8000", konnect: "$KONNECT_PROXY_URL" },
  adminOrigin: { "on-prem": "http://localhost:8001", konnect: "$KONNECT_CONTROL_PLANE_URL" },
  container: { "on-prem": "kong-quickstart-gateway", konnect: "$KONNECT_DP_CONTAINER" },
  konnectRegion: "us",
};

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function origin(v: unknown, fallback: { "on-prem": string; konnect: string }): { "on-prem": string; konnect: string } {
  const r = rec(v);
  return {
    "on-prem": typeof r?.on_prem === "string" ? r.on_prem : fallback["on-prem"],
    konnect: typeof r?.konnect === "string" ? r.konnect : fallback.konnect,
  };
}

const cache = new WeakMap<Checkout, PlanDefaults>();

export function planDefaults(checkout: Checkout): PlanDefaults {
  const hit = cache.get(checkout);
  if (hit) return hit;
  checkout.dataProblems?.touched.clear();
  const data = rec(checkout.site.data);
  const howTos = rec(rec(data?.["how-tos"])?.config);
  const validations: PlanDefaults["validations"] = {};
  const list = howTos?.validations;
  if (Array.isArray(list)) {
    for (const item of list) {
      const r = rec(item);
      if (!r || typeof r.id !== "string") continue;
      validations[r.id] = {
        status: typeof r.status_code === "number" ? r.status_code : undefined,
        message: typeof r.message === "string" ? r.message : undefined,
      };
    }
  } else {
    Object.assign(validations, FALLBACK.validations);
  }
  const cpr = rec(data?.control_plane_request);
  const kar = rec(data?.konnect_api_request);
  const problems = [...(checkout.dataProblems?.touched ?? [])].flatMap((f) => {
    const p = checkout.dataProblems?.get(f);
    if (!p) return [];
    const file = relative(checkout.root, p.file).split(sep).join("/");
    return [diag("plan/data-file", "page", `data file ${file} is not valid, so the validation defaults cannot be read: ${p.message}`, { severity: "error", source: { file, line: p.line }, hint: "fix the file; every page's checks depend on it" })];
  });
  checkout.dataProblems?.touched.clear();
  const d: PlanDefaults = {
    problems,
    validations,
    proxyOrigin: origin(howTos?.url_origin, FALLBACK.proxyOrigin),
    adminOrigin: origin(cpr?.url_origin, FALLBACK.adminOrigin),
    container: origin(howTos?.container, FALLBACK.container),
    konnectRegion: typeof kar?.region === "string" ? kar.region : FALLBACK.konnectRegion,
  };
  cache.set(checkout, d);
  return d;
}
