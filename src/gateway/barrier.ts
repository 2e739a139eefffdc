/**
 * The sync barrier (DESIGN §2.5): after every apply, prove the proxy serves the new configuration
 * before the next check, with no fixed sleep.
 *
 * The harness owns a sentinel route (`/__docval/sync`) with two route-scoped plugins whose config
 * carries a generation number: `cors` (origins `https://g<N>.sync.docval.invalid`) and
 * `request-termination` (message `docval-sync g<N>`). Each apply bumps the generation (a PUT of both
 * plugins in DB mode; part of the posted config in DB-less mode); the barrier then sends one CORS
 * preflight to the proxy. The cors plugin (priority 2000) answers preflights itself, before
 * authentication or rate limiting run, so a page's global plugins never count the probe; where cors is
 * not modelled, request-termination answers with the generation instead. Seeing generation N proves the
 * proxy rebuilt its router and plugins after the page's apply. On an in-process gateway this is one
 * request; on a real Kong it polls with backoff until a bounded deadline.
 */
import { send, type AdminClient } from "./client.js";
import type { Json } from "../deck/to-admin.js";

export const SYNC_TAG = "docval-sync";
export const SYNC_PATH = "/__docval/sync";
const SERVICE = "docval-sync";
const ROUTE = "docval-sync";
// Fixed ids so DB mode can PUT the same plugins on every generation.
const CORS_ID = "d0c0a1de-5e17-4c00-8000-00000000c0a5";
const TERM_ID = "d0c0a1de-5e17-4c00-8000-00000000ee01";

const origin = (gen: number): string => `https://g${gen}.sync.docval.invalid`;

function corsPlugin(gen: number, withRoute: boolean): Json {
  return {
    name: "cors",
    ...(withRoute ? { route: ROUTE } : {}),
    config: { origins: [origin(gen)], methods: ["GET", "OPTIONS"], preflight_continue: false },
    tags: [SYNC_TAG],
  };
}
function termPlugin(gen: number, withRoute: boolean): Json {
  return {
    name: "request-termination",
    ...(withRoute ? { route: ROUTE } : {}),
    config: { status_code: 200, message: `docval-sync g${gen}` },
    tags: [SYNC_TAG],
  };
}

/** Which of the two sentinel plugins the gateway accepted (a checkout's schema set may lack cors). */
export type SentinelPlugin = "cors" | "request-termination";
export const SENTINEL_PLUGINS: readonly SentinelPlugin[] = ["cors", "request-termination"];

/** The sentinel as declarative entities, for DB-less configs (merged into every posted config). */
export function sentinelDeclarative(gen: number, plugins: readonly SentinelPlugin[] = SENTINEL_PLUGINS): { services: Json[]; plugins: Json[] } {
  return {
    services: [
      {
        name: SERVICE,
        url: "http://127.0.0.1:9/",
        tags: [SYNC_TAG],
        routes: [{ name: ROUTE, paths: [SYNC_PATH], protocols: ["http", "https"], strip_path: true, tags: [SYNC_TAG] }],
      },
    ],
    plugins: [
      ...(plugins.includes("cors") ? [{ id: CORS_ID, ...corsPlugin(gen, true) }] : []),
      ...(plugins.includes("request-termination") ? [{ id: TERM_ID, ...termPlugin(gen, true) }] : []),
    ],
  };
}

/**
 * DB mode: creates (or updates) the sentinel service, route and plugins at generation `gen`. Returns
 * the plugins the gateway accepted, or a problem when it accepted neither.
 */
export async function installSentinel(admin: AdminClient, gen: number): Promise<{ plugins?: SentinelPlugin[]; problem?: string }> {
  const svc = await admin.call("PUT", `/services/${SERVICE}`, { name: SERVICE, protocol: "http", host: "127.0.0.1", port: 9, tags: [SYNC_TAG] });
  if (!svc.ok) return { problem: svc.error.message };
  if (svc.res.status >= 300) return { problem: `PUT /services/${SERVICE} → ${svc.res.status}: ${svc.res.text.slice(0, 200)}` };
  const route = await admin.call("PUT", `/routes/${ROUTE}`, {
    name: ROUTE,
    paths: [SYNC_PATH],
    protocols: ["http", "https"],
    service: { name: SERVICE },
    tags: [SYNC_TAG],
  });
  if (!route.ok) return { problem: route.error.message };
  if (route.res.status >= 300) return { problem: `PUT /routes/${ROUTE} → ${route.res.status}: ${route.res.text.slice(0, 200)}` };
  const accepted: SentinelPlugin[] = [];
  const problems: string[] = [];
  for (const p of SENTINEL_PLUGINS) {
    const problem = await bumpSentinel(admin, gen, [p]);
    if (problem) problems.push(problem);
    else accepted.push(p);
  }
  return accepted.length ? { plugins: accepted } : { problem: problems.join("; ") };
}

/** DB mode: moves the sentinel to generation `gen`. */
export async function bumpSentinel(admin: AdminClient, gen: number, plugins: readonly SentinelPlugin[] = SENTINEL_PLUGINS): Promise<string | undefined> {
  for (const [id, body] of [
    ...(plugins.includes("cors") ? [[CORS_ID, corsPlugin(gen, false)] as const] : []),
    ...(plugins.includes("request-termination") ? [[TERM_ID, termPlugin(gen, false)] as const] : []),
  ]) {
    const r = await admin.call("PUT", `/plugins/${id}`, { ...body, route: { name: ROUTE } });
    if (!r.ok) return r.error.message;
    if (r.res.status >= 300) return `PUT /plugins/${id} → ${r.res.status}: ${r.res.text.slice(0, 200)}`;
  }
  return undefined;
}

/** DB mode: removes the sentinel (end of run). */
export async function removeSentinel(admin: AdminClient): Promise<void> {
  await admin.call("DELETE", `/plugins/${CORS_ID}`);
  await admin.call("DELETE", `/plugins/${TERM_ID}`);
  await admin.call("DELETE", `/routes/${ROUTE}`);
  await admin.call("DELETE", `/services/${SERVICE}`);
}

export interface BarrierResult {
  ok: boolean;
  probes: number;
  /** Which sentinel plugin answered. */
  via?: SentinelPlugin;
  /** On timeout: what the proxy kept answering. */
  message?: string;
}

/** Waits until the proxy at `proxyUrl` serves generation `gen`, for at most `timeoutMs`. */
export async function awaitGeneration(proxyUrl: string, gen: number, timeoutMs: number, signal?: AbortSignal): Promise<BarrierResult> {
  const deadline = performance.now() + timeoutMs;
  let probes = 0;
  let last = "no answer";
  let delay = 5;
  for (;;) {
    probes++;
    const r = await send({
      method: "OPTIONS",
      url: proxyUrl.replace(/\/+$/, "") + SYNC_PATH,
      headers: { origin: origin(gen), "access-control-request-method": "GET" },
      timeoutMs: Math.round(Math.max(250, Math.min(2000, deadline - performance.now()))),
      signal,
    });
    if (r.ok) {
      const allow = r.res.headers["access-control-allow-origin"];
      if (allow === origin(gen)) return { ok: true, probes, via: "cors" };
      if (r.res.text.includes(`docval-sync g${gen}"`) || r.res.text.includes(`docval-sync g${gen}\n`) || r.res.text.trim() === `docval-sync g${gen}`) {
        return { ok: true, probes, via: "request-termination" };
      }
      last = `${r.res.status} ${allow ? `allow-origin ${allow}` : r.res.text.slice(0, 120)}`;
    } else last = `${r.error.code}: ${r.error.message}`;
    if (signal?.aborted) return { ok: false, probes, message: "interrupted" };
    if (performance.now() + delay > deadline) {
      return {
        ok: false,
        probes,
        message: `the proxy at ${proxyUrl} did not serve configuration generation ${gen} within ${timeoutMs} ms (sentinel route ${SYNC_PATH}; last answer: ${last})`,
      };
    }
    await new Promise((res) => setTimeout(res, delay));
    delay = Math.min(delay * 2, 200);
  }
}
