/** How an LLM proxy plugin hands its prepared call to the gateway, and reads it back in the response phase. */
import type { ProxyCtx, Reply } from "../types.js";
import type { PreparedCall } from "./prepare.js";

/** Key in `ctx.shared` where ai-proxy / ai-proxy-advanced keep the request's call; other AI plugins read it. */
export const LLM_CALL = "ai-proxy";

export interface LlmCallState {
  plugin: string;
  call: PreparedCall;
  startedAt: number;
  /** ai-proxy-advanced: which target served the request. */
  targetIndex?: number;
}

export function llmCall(ctx: ProxyCtx): LlmCallState | undefined {
  return ctx.shared.get(LLM_CALL) as LlmCallState | undefined;
}

/** What followed the matched route path in the client's path (Kong keeps it for files/batches routes). */
export function routeRemainder(ctx: ProxyCtx): string {
  const paths = Array.isArray(ctx.route.paths) ? (ctx.route.paths as unknown[]).filter((p): p is string => typeof p === "string") : [];
  const reqPath = ctx.request.path;
  let best = "";
  for (const p of paths) {
    if (p.startsWith("~")) {
      const m = new RegExp(`^${p.slice(1).replace(/\$$/, "")}`).exec(reqPath);
      if (m && m[0].length > best.length) best = m[0];
    } else if (reqPath.startsWith(p) && p.length > best.length) {
      best = p;
    }
  }
  const rest = reqPath.slice(best.length);
  return rest === "" || rest === "/" ? "" : rest.startsWith("/") ? rest : `/${rest}`;
}

/** Points the request at the provider: target, path, query, headers and body replaced. */
export function applyToCtx(ctx: ProxyCtx, plugin: string, call: PreparedCall, targetIndex?: number): void {
  ctx.upstream = { scheme: call.url.scheme, host: call.url.host, port: call.url.port, path: call.url.path };
  for (const [k, v] of Object.entries(call.url.query)) ctx.request.query.set(k, v);
  ctx.request.headers = call.headers;
  ctx.request.body = call.body;
  const state: LlmCallState = { plugin, call, startedAt: ctx.now(), targetIndex };
  ctx.shared.set(LLM_CALL, state);
}

/** The client-facing reply: translated, with Kong's `X-Kong-LLM-Model` header when enabled. */
export function finishReply(ctx: ProxyCtx, reply: Reply, modelHeader: boolean | null | undefined): Reply {
  const state = llmCall(ctx);
  if (!state) return reply;
  const out = state.call.toClient(reply);
  if (modelHeader !== false && state.call.model) {
    return { ...out, headers: { ...out.headers, "x-kong-llm-model": `${state.call.provider}/${state.call.model}` } };
  }
  return out;
}
