/** The translation layer as pure functions, with a fake ProxyCtx: URLs and overrides, templates, patterns, token counts. */
import { describe, expect, it } from "vitest";
import { aiProxy } from "../../../src/emulator/plugins/ai/ai-proxy.js";
import { upstreamUrl } from "../../../src/emulator/plugins/ai/endpoints.js";
import { compilePcre, matches } from "../../../src/emulator/plugins/ai/pcre.js";
import { prepareCall } from "../../../src/emulator/plugins/ai/prepare.js";
import { routeRemainder } from "../../../src/emulator/plugins/ai/proxy-ctx.js";
import { promptCount } from "../../../src/emulator/plugins/ai/rate-limiting.js";
import { isReply } from "../../../src/emulator/plugins/ai/request-check.js";
import { resolveTemplates } from "../../../src/emulator/plugins/ai/template.js";
import type { PluginInstance } from "../../../src/emulator/plugins/types.js";
import { fakeCtx, jsonOf } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 22);

describe("upstream URL per provider", () => {
  it("uses the provider table, and upstream_url / upstream_path override it", () => {
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "openai", name: "gpt-4o" } }, "gpt-4o", "")).toEqual({ scheme: "https", host: "api.openai.com", port: 443, path: "/v1/chat/completions", query: {} });
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "openai", options: { upstream_path: "/custom" } } }, "gpt-4o", "")).toMatchObject({ host: "api.openai.com", path: "/custom" });
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "openai", options: { upstream_url: "http://llm.internal:8080/v1/chat?x=1" } } }, "m", "")).toEqual({ scheme: "http", host: "llm.internal", port: 8080, path: "/v1/chat", query: { x: "1" } });
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "azure", options: { azure_instance: "i", azure_deployment_id: "d", azure_api_version: "2024-10-21" } } }, "", "")).toMatchObject({ host: "i.openai.azure.com", path: "/openai/deployments/d/chat/completions", query: { "api-version": "2024-10-21" } });
  });
  it("names what is missing or unsupported", () => {
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "ollama", name: "x" } }, "x", "")).toBe("ollama needs model.options.upstream_url");
    expect(upstreamUrl({ route_type: "llm/v1/embeddings", model: { provider: "xai", name: "x" } }, "x", "")).toContain("not supported");
    expect(upstreamUrl({ route_type: "llm/v1/chat", model: { provider: "databricks", name: "x" } }, "x", "")).toContain("workspace_instance_id");
  });
  it("keeps what followed the route path for files and batches routes", () => {
    const ctx = fakeCtx({ path: "/files/file-abc/content", routePaths: ["/files"], method: "GET" });
    expect(routeRemainder(ctx)).toBe("/file-abc/content");
    expect(upstreamUrl({ route_type: "llm/v1/files", model: { provider: "openai" } }, "", routeRemainder(ctx))).toMatchObject({ path: "/v1/files/file-abc/content" });
  });
});

describe("prepareCall", () => {
  it("applies query and body auth parameters", () => {
    const q = prepareCall({ route_type: "llm/v1/chat", auth: { param_name: "key", param_value: "K", param_location: "query" }, model: { provider: "gemini", name: "gemini-2.5-flash" } },
      { method: "POST", headers: {}, body: Buffer.from(JSON.stringify({ messages: [{ role: "user", content: "hi" }] })), remainder: "" }, { now: NOW });
    expect(isReply(q)).toBe(false);
    if (!isReply(q)) expect(q.url.query).toEqual({ key: "K" });
    const b = prepareCall({ route_type: "llm/v1/chat", auth: { param_name: "api_key", param_value: "K", param_location: "body" }, model: { provider: "openai", name: "gpt-4o" } },
      { method: "POST", headers: {}, body: Buffer.from(JSON.stringify({ messages: [{ role: "user", content: "hi" }] })), remainder: "" }, { now: NOW });
    if (!isReply(b)) expect(JSON.parse(b.body.toString()).api_key).toBe("K");
  });
  it("gives 500 for an unusable GCP service account", () => {
    const r = prepareCall({ route_type: "llm/v1/chat", auth: { gcp_use_service_account: true, gcp_service_account_json: "{}" }, model: { provider: "gemini", name: "gemini-2.5-flash" } },
      { method: "POST", headers: {}, body: Buffer.from(JSON.stringify({ messages: [{ role: "user", content: "hi" }] })), remainder: "" }, { now: NOW });
    expect(isReply(r) && r.status).toBe(500);
  });
  it("translates a provider 200 to OpenAI format and passes other statuses unchanged", () => {
    const call = prepareCall({ route_type: "llm/v1/chat", model: { provider: "anthropic", name: "claude-sonnet-4-5" } },
      { method: "POST", headers: {}, body: Buffer.from(JSON.stringify({ messages: [{ role: "user", content: "hi" }] })), remainder: "" }, { now: NOW });
    if (isReply(call)) throw new Error("unexpected reply");
    const ok = call.toClient({ status: 200, headers: {}, body: Buffer.from(JSON.stringify({ id: "m1", model: "claude-sonnet-4-5", content: [{ type: "text", text: "2" }], stop_reason: "max_tokens", usage: { input_tokens: 3, output_tokens: 1 } })) });
    expect(jsonOf(ok)).toMatchObject({ object: "chat.completion", choices: [{ message: { content: "2" }, finish_reason: "length" }], usage: { total_tokens: 4 } });
    const err = { status: 529, headers: { "content-type": "application/json" }, body: Buffer.from('{"type":"error"}') };
    expect(call.toClient(err)).toBe(err);
    expect(call.toClient({ status: 200, headers: {}, body: Buffer.from("not json") }).status).toBe(500);
  });
});

describe("streaming", () => {
  it("re-emits a chat answer as OpenAI server-sent events when the client asks for a stream", () => {
    const call = prepareCall({ route_type: "llm/v1/chat", model: { provider: "cohere", name: "command-a-03-2025" } },
      { method: "POST", headers: {}, body: Buffer.from(JSON.stringify({ stream: true, messages: [{ role: "user", content: "hi" }] })), remainder: "" }, { now: NOW });
    if (isReply(call)) throw new Error("unexpected reply");
    expect(call.streams).toBe(true);
    const out = call.toClient({ status: 200, headers: {}, body: Buffer.from(JSON.stringify({ text: "2", finish_reason: "COMPLETE", meta: { billed_units: { input_tokens: 1, output_tokens: 1 } } })) });
    expect(out.headers["content-type"]).toBe("text/event-stream");
    const events = out.body.toString().split("\n\n").filter(Boolean);
    expect(events[events.length - 1]).toBe("data: [DONE]");
    expect(JSON.parse(events[0].slice(6)).choices[0].delta.content).toBe("2");
  });
});

describe("ai-proxy access with a fake ProxyCtx", () => {
  const plugin = { id: "p1", name: "ai-proxy", enabled: true } as PluginInstance<never>;
  it("replaces the upstream target, headers and body", async () => {
    const ctx = fakeCtx({ body: { prompt: "King Kong" } });
    const conf = { route_type: "image/v1/images/generations", auth: { header_name: "Authorization", header_value: "Bearer xai-k" }, model: { provider: "xai", name: "grok-2-image" } };
    const r = await aiProxy.access!(ctx, conf, plugin as PluginInstance<typeof conf>);
    expect(r).toBeUndefined();
    expect(ctx.upstream).toEqual({ scheme: "https", host: "api.x.ai", port: 443, path: "/v1/images/generations" });
    expect(ctx.request.headers.authorization).toBe("Bearer xai-k");
    expect(JSON.parse(ctx.request.body.toString())).toEqual({ prompt: "King Kong", model: "grok-2-image" });
  });
  it("resolves $(uri_captures.x) templates in the model name", () => {
    const ctx = fakeCtx();
    ctx.uriCaptures.model = "gpt-4o-mini";
    expect(resolveTemplates({ model: { name: "$(uri_captures.model)" } }, ctx)).toEqual({ model: { name: "gpt-4o-mini" } });
  });
});

describe("guard patterns and prompt counting", () => {
  it("applies (?i) and UTF-8 byte escapes as Kong's PCRE does", () => {
    expect(matches(compilePcre("(?i).*hack.*"), "How to HACK")).toBe(true);
    expect(matches(compilePcre("(\\xE2\\x80[\\x8B-\\x8D]|\\xEF\\xBB\\xBF)"), "zero\u200Bwidth")).toBe(true);
    expect(matches(compilePcre("(\\xE2\\x80[\\x8B-\\x8D]|\\xEF\\xBB\\xBF)"), "plain")).toBe(false);
    expect(compilePcre("(unclosed").error).toBeTruthy();
  });
  it("reads the header-number idiom of request_prompt_count_function", () => {
    const fn = 'local c = tonumber(kong.request.get_header("x-prompt-count"))\nif c then return c end\nreturn 7';
    expect(promptCount(fn, fakeCtx({ headers: { "x-prompt-count": "950000" } }))).toBe(950000);
    expect(promptCount(fn, fakeCtx())).toBe(7);
    expect(promptCount("return kong.ctx.shared.x", fakeCtx())).toBeUndefined();
  });
});
