/**
 * How the transformer plugins call an LLM themselves: the request is prepared exactly as ai-proxy
 * would prepare it and handed straight to the local provider double for that host. The embedded
 * gateway never reaches a real provider, so a host without a double is an error.
 */
import { PROVIDER_UPSTREAMS } from "../../upstreams/providers/index.js";
import type { Upstream } from "../../upstreams/types.js";
import { parseJson, type TargetConf } from "./conf.js";
import { prepareCall } from "./prepare.js";
import { isReply } from "./request-check.js";

export function doubleFor(host: string, upstreams: Upstream[] = PROVIDER_UPSTREAMS): Upstream | undefined {
  const h = host.toLowerCase();
  return (
    upstreams.find((u) => u.hosts.includes(h)) ??
    upstreams.find((u) => u.hosts.some((p) => p.startsWith("*") && h.endsWith(p.slice(1)) && h.length > p.length - 1))
  );
}

export type LlmAnswer = { text: string } | { status: number; error: string };

export async function askLlm(llm: TargetConf, system: string, user: string, signal: AbortSignal, now: number): Promise<LlmAnswer> {
  const target: TargetConf = { ...llm, route_type: "llm/v1/chat" };
  const body = Buffer.from(JSON.stringify({ messages: [{ role: "system", content: system }, { role: "user", content: user }] }));
  const call = prepareCall(target, { method: "POST", headers: { "content-type": "application/json" }, body, remainder: "" }, { now });
  if (isReply(call)) return { status: call.status, error: call.body.toString("utf8") };
  const upstream = doubleFor(call.url.host);
  if (!upstream) return { status: 502, error: `no local double answers ${call.url.host}` };
  const q = new URLSearchParams(call.url.query).toString();
  const reply = await upstream.handle(
    { method: "POST", scheme: call.url.scheme, host: call.url.host, port: call.url.port, url: call.url.path + (q ? `?${q}` : ""), headers: call.headers, body: call.body, clientIp: "127.0.0.1" },
    signal,
  );
  const out = call.toClient(reply);
  if (out.status !== 200) return { status: out.status, error: out.body.toString("utf8") };
  const choices = parseJson(out.body)?.choices;
  const content = Array.isArray(choices) ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content : undefined;
  return typeof content === "string" ? { text: content } : { status: 500, error: "the LLM answer has no message content" };
}

/** Kong keeps the whole match of `transformation_extract_pattern`, or the whole answer without one. */
export function extract(text: string, pattern: string | null | undefined): string | undefined {
  if (!pattern) return text;
  try {
    const m = new RegExp(pattern).exec(text);
    return m ? m[0] : undefined;
  } catch {
    return undefined;
  }
}
