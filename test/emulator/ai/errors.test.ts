/** ai-proxy's documented error cases over HTTP: Kong's own 400s before the provider, and provider errors passed through. */
import { beforeAll, describe, expect, it } from "vitest";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { echoRoute, gateway, HAS_CORPUS, SCHEMAS_DIR, type TestGateway } from "../helpers.js";
import { recordDoubles } from "./recorder.js";

const OPENAI = { header_name: "Authorization", header_value: `Bearer ${placeholderFor("OPENAI_API_KEY")}` };
const CHAT = { messages: [{ role: "user", content: "What is 1+1?" }] };

const ROUTES: Record<string, Record<string, unknown>> = {
  chat: { route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai", name: "gpt-4o" } },
  completions: { route_type: "llm/v1/completions", auth: OPENAI, model: { provider: "openai", name: "gpt-3.5-turbo-instruct" } },
  nomodel: { route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai" } },
  nostream: { route_type: "llm/v1/chat", response_streaming: "deny", auth: OPENAI, model: { provider: "openai", name: "gpt-4o" } },
  unknownmodel: { route_type: "llm/v1/chat", auth: OPENAI, model: { provider: "openai", name: "gpt-3" } },
  noauth: { route_type: "llm/v1/chat", model: { provider: "openai", name: "gpt-4o" } },
  anthropicbadkey: { route_type: "llm/v1/chat", auth: { header_name: "x-api-key", header_value: "wrong" }, model: { provider: "anthropic", name: "claude-sonnet-4-5", options: { anthropic_version: "2023-06-01", max_tokens: 10 } } },
  geminikeyless: { route_type: "llm/v1/chat", model: { provider: "gemini", name: "gemini-2.5-flash" } },
  getstarted: { route_type: "llm/v1/chat", model: { provider: "openai" } },
  override: { route_type: "llm/v1/chat", auth: { ...OPENAI, allow_override: true }, model: { provider: "openai", name: "gpt-4o" } },
};

describe("ai-proxy error cases over HTTP", () => {
  let gw: TestGateway;
  const rec = recordDoubles();

  beforeAll(async () => {
    gw = await gateway(HAS_CORPUS ? { schemasDir: SCHEMAS_DIR } : {});
    for (const [name, config] of Object.entries(ROUTES)) {
      const { route } = await echoRoute(gw, name, `/${name}`);
      await gw.create(`/routes/${route.id}/plugins`, { name: "ai-proxy", config });
    }
  });

  const kong400 = async (path: string, init: { body?: unknown; raw?: string; headers?: Record<string, string> }, message: string) => {
    rec.clear();
    const res = await gw.proxy(path, { method: "POST", ...init });
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ error: { message } });
    expect(rec.seen, "the provider must not be called").toHaveLength(0);
  };

  it("chat without messages", () => kong400("/chat", { body: { foo: 1 } }, "request body doesn't contain valid prompts"));
  it("a completions body on a chat route", () => kong400("/chat", { body: { prompt: "hi" } }, "[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type"));
  it("a chat body on a completions route", () => kong400("/completions", { body: CHAT }, "[llm/v1/chat] message format is not compatible with [llm/v1/completions] route type"));
  it("a body that is not JSON", () => kong400("/chat", { raw: "{not json", headers: { "content-type": "application/json" } }, "content-type header does not match request body, or bad JSON formatting"));
  it("a model that contradicts the configured one", () => kong400("/chat", { body: { ...CHAT, model: "gpt-4o-mini" } }, "cannot use own model - must be: gpt-4o"));
  it("no model in the request nor the config", () => kong400("/nomodel", { body: CHAT }, "model parameter not found in request, nor in gateway configuration"));
  it("streaming when response_streaming is deny", () => kong400("/nostream", { body: { ...CHAT, stream: true } }, "response streaming is not enabled for this LLM"));

  it("the request's own model is used when none is configured", async () => {
    rec.clear();
    const res = await gw.proxy("/nomodel", { method: "POST", body: { ...CHAT, model: "gpt-4o-mini" } });
    expect(res.status).toBe(200);
    expect(res.json.model).toBe("gpt-4o-mini");
  });

  it("an unknown configured model: OpenAI's 404 passes through unchanged", async () => {
    const res = await gw.proxy("/unknownmodel", { method: "POST", body: CHAT });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("model_not_found");
    expect(res.json.error.message).toContain("gpt-3");
  });

  it("no auth configured: OpenAI's 401 passes through", async () => {
    const res = await gw.proxy("/noauth", { method: "POST", body: CHAT });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain("You didn't provide an API key");
  });

  it("a client Authorization header is replaced by the configured one", async () => {
    rec.clear();
    const res = await gw.proxy("/chat", { method: "POST", body: CHAT, headers: { authorization: "Bearer client-key" } });
    expect(res.status).toBe(200);
    expect(rec.last()!.req.headers.authorization).toBe(OPENAI.header_value);
  });

  it("with no auth configured, the client's own key and model go upstream (get-started-with-ai-gateway page)", async () => {
    rec.clear();
    const key = placeholderFor("OPENAI_API_KEY")!;
    const res = await gw.proxy("/getstarted", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: { model: "gpt-5-mini", messages: [{ role: "user", content: "Say this is a test!" }] } });
    expect(res.status).toBe(200);
    expect(rec.last()!.req.headers.authorization).toBe(`Bearer ${key}`);
    expect(res.json.model).toBe("gpt-5-mini");
    expect(res.headers["x-kong-llm-model"]).toBe("openai/gpt-5-mini");
  });

  it("allow_override keeps the client's Authorization header", async () => {
    const res = await gw.proxy("/override", { method: "POST", body: CHAT, headers: { authorization: "Bearer client-key" } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("invalid_api_key");
  });

  it("anthropic with a bad key: Anthropic's 401 error body passes through", async () => {
    const res = await gw.proxy("/anthropicbadkey", { method: "POST", body: CHAT });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
  });

  it("gemini without a key: Google's 403 passes through", async () => {
    const res = await gw.proxy("/geminikeyless", { method: "POST", body: CHAT });
    expect(res.status).toBe(403);
    expect(res.json.error.status).toBe("PERMISSION_DENIED");
  });

  it.skipIf(!HAS_CORPUS)("the Admin API rejects an ai-proxy config the 3.15 schema refuses", async () => {
    const res = await gw.admin("POST", "/plugins", { name: "ai-proxy", config: { route_type: "llm/v2/bogus", model: { provider: "openai" } } });
    expect(res.status).toBe(400);
  });
});
