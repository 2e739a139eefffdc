/**
 * Turns a client request and one LLM target into the upstream call Kong would make (URL, headers,
 * translated body), and gives back the function that turns the provider's answer into OpenAI format.
 * Pure: no I/O; ai-proxy applies the result to the ProxyCtx, the transformer plugins send it to a double.
 */
import type { Headers, Reply } from "../types.js";
import { applyAuth } from "./auth.js";
import { isObj, type Json, type TargetConf } from "./conf.js";
import { driverFor } from "./drivers/index.js";
import { hfEmbeddings } from "./drivers/huggingface.js";
import { RESOURCE_ROUTES, upstreamUrl, type UpstreamUrl } from "./endpoints.js";
import { aiError } from "./kong-error.js";
import { JSON_ROUTES, checkRequest, isReply } from "./request-check.js";
import { signV4 } from "./sigv4.js";
import { toSse } from "./sse.js";

export interface ClientRequest {
  method: string;
  headers: Headers;
  body: Buffer;
  /** What followed the route's own path (`/file-abc/content` for a `/files` route). */
  remainder: string;
}

export interface PrepareOptions {
  /** `llm_format` other than openai: native bodies pass untranslated. */
  llmFormat?: string | null;
  responseStreaming?: string | null;
  /** ai-proxy-advanced: the alias the client may use for this target. */
  alias?: string | null;
  now: number;
}

export interface PreparedCall {
  provider: string;
  routeType: string;
  /** The model the gateway asked for (configured, or the client's when none is configured). */
  model: string;
  url: UpstreamUrl;
  method: string;
  headers: Headers;
  body: Buffer;
  /** True when the answer is translated back to OpenAI format. */
  translates: boolean;
  /** The client asked for (or the config forces) a streamed answer, sent as server-sent events. */
  streams: boolean;
  /** The client-facing reply for the provider's reply: 200 bodies translated, others unchanged. */
  toClient(reply: Reply): Reply;
}

const HOP_BY_HOP = ["host", "content-length", "transfer-encoding", "connection", "keep-alive", "accept-encoding", "te", "upgrade"];

export function prepareCall(t: TargetConf, req: ClientRequest, opts: PrepareOptions): PreparedCall | Reply {
  const rt = t.route_type;
  const native = rt === "preserve" || (opts.llmFormat != null && opts.llmFormat !== "openai");
  const configured = t.model.name ?? undefined;
  let body: Json | undefined;
  if (!native) {
    const checked = checkRequest({
      routeType: rt, method: req.method, body: req.body,
      allowedModels: [configured, opts.alias].filter((m): m is string => typeof m === "string"),
      configuredModel: configured, responseStreaming: opts.responseStreaming,
      modelFromDeployment: t.model.provider === "azure" && !!t.model.options?.azure_deployment_id,
    });
    if (isReply(checked)) return checked;
    body = JSON_ROUTES.has(rt) ? checked : undefined;
  }
  const asked = body && typeof body.model === "string" ? body.model : undefined;
  const model = configured ?? asked ?? "";

  const url = upstreamUrl(t, model, req.remainder);
  if (typeof url === "string") return aiError(500, url);

  const driver = driverFor(t);
  if (typeof driver === "string") return aiError(500, driver);
  let outBody: Json | undefined;
  if (body) {
    const translated = driver.request(rt, body, t, model);
    if (typeof translated === "string") return aiError(400, translated);
    outBody = translated;
  }

  const headers: Headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.includes(k)) headers[k] = v;
  headers.host = url.port === (url.scheme === "https" ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
  const auth = applyAuth(t.auth, headers, url, outBody);
  if (auth.error) return aiError(500, auth.error);
  if (t.model.provider === "anthropic" && t.model.options?.anthropic_version) headers["anthropic-version"] = t.model.options.anthropic_version;

  let wire = req.body;
  if (outBody) {
    wire = Buffer.from(JSON.stringify(outBody));
    headers["content-type"] = "application/json";
  }
  if (t.model.provider === "bedrock" && t.auth?.aws_access_key_id && t.auth.aws_secret_access_key) {
    const region = t.model.options?.bedrock?.aws_region ?? "us-east-1";
    Object.assign(headers, signV4({
      method: req.method, host: url.host, path: url.path, query: url.query, body: wire,
      accessKeyId: t.auth.aws_access_key_id, secretAccessKey: t.auth.aws_secret_access_key, region, service: "bedrock", now: new Date(opts.now),
    }));
  }

  const translates = !native && !!outBody && !RESOURCE_ROUTES.has(rt);
  const streams = (rt === "llm/v1/chat" || rt === "llm/v1/completions") && (body?.stream === true || opts.responseStreaming === "always");
  const provider = t.model.provider;
  return {
    provider, routeType: rt, model, url, method: req.method, headers, body: wire, translates, streams,
    toClient(reply) {
      if (!translates || reply.status !== 200) return reply;
      if (/^audio\//.test(reply.headers["content-type"]?.toString() ?? "")) return reply;
      let raw: unknown;
      try {
        raw = JSON.parse(reply.body.toString("utf8"));
      } catch {
        return aiError(500, `failed to transform response from ${provider}: the body is not JSON`);
      }
      const out = provider === "huggingface" && rt === "llm/v1/embeddings"
        ? hfEmbeddings(raw, model)
        : isObj(raw) ? driver.response(rt, raw, model) : `${provider} answered a JSON value that is not an object`;
      if (typeof out === "string") return aiError(500, `failed to transform response from ${provider}: ${out}`);
      const headers: Headers = { ...reply.headers, "content-type": streams ? "text/event-stream" : "application/json" };
      delete headers["content-length"];
      return { status: 200, headers, body: streams ? toSse(out, rt) : Buffer.from(JSON.stringify(out)) };
    },
  };
}

