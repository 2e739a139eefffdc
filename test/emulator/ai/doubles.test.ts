/** Provider doubles called directly: each refuses bad credentials, unknown models and missing fields as its provider does. */
import { describe, expect, it } from "vitest";
import { anthropic } from "../../../src/emulator/upstreams/providers/anthropic.js";
import { bedrock } from "../../../src/emulator/upstreams/providers/bedrock.js";
import { cohere } from "../../../src/emulator/upstreams/providers/cohere.js";
import { KEY_FORMATS } from "../../../src/emulator/upstreams/providers/credentials.js";
import { google } from "../../../src/emulator/upstreams/providers/google.js";
import { PROVIDER_UPSTREAMS } from "../../../src/emulator/upstreams/providers/index.js";
import { buildMultipart } from "../../../src/emulator/upstreams/providers/multipart.js";
import { ollama } from "../../../src/emulator/upstreams/providers/ollama.js";
import {
  azure, cerebras, dashscope, databricks, deepseek, huggingface, mistral, openai, xai,
} from "../../../src/emulator/upstreams/providers/openai-family.js";
import { placeholderFor } from "../../../src/emulator/upstreams/providers/placeholders.js";
import { signV4 } from "../../../src/emulator/plugins/ai/sigv4.js";
import { call, upReq } from "./helpers.js";

const OPENAI_KEY = placeholderFor("DECK_OPENAI_API_KEY")!;
const XAI_KEY = placeholderFor("DECK_XAI_API_KEY")!;
const chat = (model: string) => ({ model, messages: [{ role: "user", content: "What is 1+1?" }] });

describe("placeholders", () => {
  it("gives well-formed fakes for provider variables and nothing for others", () => {
    expect(XAI_KEY.startsWith("xai-docval-placeholder")).toBe(true);
    expect(KEY_FORMATS.openai.test(OPENAI_KEY)).toBe(true);
    expect(KEY_FORMATS.anthropic.test(placeholderFor("ANTHROPIC_API_KEY")!)).toBe(true);
    expect(KEY_FORMATS.cohere.test(placeholderFor("DECK_COHERE_API_KEY")!)).toBe(true);
    expect(KEY_FORMATS.mistral.test(placeholderFor("DECK_MISTRAL_API_KEY")!)).toBe(true);
    expect(KEY_FORMATS.gemini.test(placeholderFor("DECK_GEMINI_API_KEY")!)).toBe(true);
    expect(KEY_FORMATS.databricks.test(placeholderFor("DECK_DATABRICKS_TOKEN")!)).toBe(true);
    expect(KEY_FORMATS.azure.test(placeholderFor("DECK_AZURE_OPENAI_API_KEY")!)).toBe(true);
    expect(KEY_FORMATS.awsAccessKeyId.test(placeholderFor("AWS_ACCESS_KEY_ID")!)).toBe(true);
    expect(KEY_FORMATS.awsSecretAccessKey.test(placeholderFor("AWS_SECRET_ACCESS_KEY")!)).toBe(true);
    expect(KEY_FORMATS.huggingface.test(placeholderFor("DECK_HUGGINGFACE_TOKEN")!)).toBe(true);
    expect(KEY_FORMATS.cerebras.test(placeholderFor("DECK_CEREBRAS_API_KEY")!)).toBe(true);
    expect(placeholderFor("DECK_OLLAMA_UPSTREAM_URL")).toBe("http://host.docker.internal:11434/api/chat");
    expect(placeholderFor("DECK_REDIS_HOST")).toBeUndefined();
    expect(placeholderFor("HOME")).toBeUndefined();
  });

  it("every double has a name and at least one host, and names are unique", () => {
    const names = PROVIDER_UPSTREAMS.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    for (const u of PROVIDER_UPSTREAMS) expect(u.hosts.length).toBeGreaterThan(0);
  });
});

describe("openai double", () => {
  const auth = { authorization: `Bearer ${OPENAI_KEY}` };
  it("answers chat in OpenAI format", async () => {
    const r = await call(openai, upReq("api.openai.com", "/v1/chat/completions", chat("gpt-4o"), auth));
    expect(r.status).toBe(200);
    expect(r.json.object).toBe("chat.completion");
    expect(r.json.model).toBe("gpt-4o");
    expect(r.json.choices[0].message.content).toContain("What is 1+1?");
    expect(r.json.usage.total_tokens).toBe(r.json.usage.prompt_tokens + r.json.usage.completion_tokens);
  });
  it("refuses a missing key and a malformed key with 401", async () => {
    const none = await call(openai, upReq("api.openai.com", "/v1/chat/completions", chat("gpt-4o")));
    expect(none.status).toBe(401);
    expect(none.json.error.message).toContain("You didn't provide an API key");
    const bad = await call(openai, upReq("api.openai.com", "/v1/chat/completions", chat("gpt-4o"), { authorization: "Bearer not-a-key" }));
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe("invalid_api_key");
    expect(JSON.stringify(bad.json)).not.toContain("not-a-key");
  });
  it("refuses an unknown model with 404 model_not_found", async () => {
    const r = await call(openai, upReq("api.openai.com", "/v1/chat/completions", chat("gpt-3"), auth));
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("model_not_found");
  });
  it("refuses chat without messages with 400", async () => {
    const r = await call(openai, upReq("api.openai.com", "/v1/chat/completions", { model: "gpt-4o" }, auth));
    expect(r.status).toBe(400);
    expect(r.json.error.param).toBe("messages");
  });
  it("serves completions, embeddings, images, speech and responses", async () => {
    expect((await call(openai, upReq("api.openai.com", "/v1/completions", { model: "gpt-3.5-turbo-instruct", prompt: "hi" }, auth))).json.object).toBe("text_completion");
    const e = await call(openai, upReq("api.openai.com", "/v1/embeddings", { model: "text-embedding-3-large", input: ["a", "b"] }, auth));
    expect(e.json.data).toHaveLength(2);
    const img = await call(openai, upReq("api.openai.com", "/v1/images/generations", { model: "gpt-image-1.5", prompt: "a cat", response_format: "b64_json" }, auth));
    expect(img.json.data[0].b64_json).toBeTruthy();
    const sp = await call(openai, upReq("api.openai.com", "/v1/audio/speech", { model: "tts-1", input: "hi", voice: "alloy" }, auth));
    expect(sp.reply.headers["content-type"]).toBe("audio/mpeg");
    const rs = await call(openai, upReq("api.openai.com", "/v1/responses", { model: "gpt-4o", input: "hi" }, auth));
    expect(rs.json.object).toBe("response");
  });
  it("uploads a file, runs a batch to completion and serves its output", async () => {
    const line = JSON.stringify({ custom_id: "p1", method: "POST", url: "/v1/chat/completions", body: chat("gpt-4o-mini") });
    const form = buildMultipart({ purpose: "batch", file: { filename: "batch.jsonl", contentType: "application/jsonl", data: Buffer.from(line + "\n") } });
    const up = await call(openai, upReq("api.openai.com", "/v1/files", form.body, { ...auth, "content-type": form.contentType }));
    expect(up.status).toBe(200);
    expect(up.json.object).toBe("file");
    const b = await call(openai, upReq("api.openai.com", "/v1/batches", { input_file_id: up.json.id, endpoint: "/v1/chat/completions", completion_window: "24h" }, auth));
    expect(b.json.status).toBe("validating");
    const got = await call(openai, upReq("api.openai.com", `/v1/batches/${b.json.id}`, undefined, auth, "GET"));
    expect(got.json.status).toBe("completed");
    const out = await call(openai, upReq("api.openai.com", `/v1/files/${got.json.output_file_id}/content`, undefined, auth, "GET"));
    expect(out.reply.body.toString()).toContain('"custom_id":"p1"');
    const missing = await call(openai, upReq("api.openai.com", "/v1/batches", { input_file_id: "file-nope", endpoint: "/v1/chat/completions", completion_window: "24h" }, auth));
    expect(missing.status).toBe(400);
  });
});

describe("xai double", () => {
  const auth = { authorization: `Bearer ${XAI_KEY}` };
  it("answers image generation like xAI: data[].url and revised_prompt", async () => {
    const r = await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-2-image", prompt: "King Kong", response_format: "url" }, auth));
    expect(r.status).toBe(200);
    expect(r.json.data[0].url).toMatch(/^https:\/\/imgen\.x\.ai\//);
    expect(r.json.data[0].revised_prompt).toContain("King Kong");
  });
  it("refuses a bad key, an unknown model and an unsupported size", async () => {
    expect((await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-2-image", prompt: "x" }))).status).toBe(401);
    const bad = await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-2-image", prompt: "x" }, { authorization: "Bearer sk-wrong-provider-key-000000" }));
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain("Incorrect API key");
    expect((await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-9-image", prompt: "x" }, auth))).status).toBe(404);
    expect((await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-2-image", prompt: "x", size: "1024x1024" }, auth))).status).toBe(400);
    expect((await call(xai, upReq("api.x.ai", "/v1/images/generations", { model: "grok-2-image" }, auth))).status).toBe(400);
  });
});

describe("anthropic double", () => {
  const ok = { "x-api-key": placeholderFor("ANTHROPIC_API_KEY")!, "anthropic-version": "2023-06-01" };
  const body = { model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] };
  it("answers /v1/messages in Anthropic format", async () => {
    const r = await call(anthropic, upReq("api.anthropic.com", "/v1/messages", body, ok));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe("message");
    expect(r.json.content[0].type).toBe("text");
  });
  it("needs x-api-key, anthropic-version, a known model and max_tokens", async () => {
    expect((await call(anthropic, upReq("api.anthropic.com", "/v1/messages", body, { "anthropic-version": "2023-06-01" }))).json.error.type).toBe("authentication_error");
    expect((await call(anthropic, upReq("api.anthropic.com", "/v1/messages", body, { "x-api-key": ok["x-api-key"] }))).status).toBe(400);
    expect((await call(anthropic, upReq("api.anthropic.com", "/v1/messages", { ...body, model: "claude-9" }, ok))).status).toBe(404);
    expect((await call(anthropic, upReq("api.anthropic.com", "/v1/messages", { ...body, max_tokens: undefined }, ok))).status).toBe(400);
    expect((await call(anthropic, upReq("api.anthropic.com", "/v1/messages", { ...body, messages: [{ role: "system", content: "x" }] }, ok))).status).toBe(400);
  });
});

describe("other doubles", () => {
  it("cohere: v1 chat with Bearer; 401 and 404 shapes", async () => {
    const auth = { authorization: `Bearer ${placeholderFor("COHERE_API_KEY")}` };
    const r = await call(cohere, upReq("api.cohere.com", "/v1/chat", { model: "command-a-03-2025", message: "hi" }, auth));
    expect(r.status).toBe(200);
    expect(r.json.text).toContain("hi");
    expect((await call(cohere, upReq("api.cohere.com", "/v1/chat", { model: "command-a-03-2025", message: "hi" }, { authorization: "Bearer short" }))).json).toEqual({ message: "invalid api token" });
    expect((await call(cohere, upReq("api.cohere.com", "/v1/chat", { model: "nope", message: "hi" }, auth))).status).toBe(404);
  });
  it("gemini: key in query or x-goog-api-key; 403 without a key, 400 for a bad one", async () => {
    const key = placeholderFor("GEMINI_API_KEY")!;
    const body = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
    const r = await call(google, upReq("generativelanguage.googleapis.com", `/v1beta/models/gemini-2.5-flash:generateContent?key=${key}`, body));
    expect(r.status).toBe(200);
    expect(r.json.candidates[0].content.parts[0].text).toContain("hi");
    expect((await call(google, upReq("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.5-flash:generateContent", body, { "x-goog-api-key": key }))).status).toBe(200);
    expect((await call(google, upReq("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.5-flash:generateContent", body))).status).toBe(403);
    expect((await call(google, upReq("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.5-flash:generateContent?key=bad", body))).json.error.status).toBe("INVALID_ARGUMENT");
    expect((await call(google, upReq("generativelanguage.googleapis.com", `/v1beta/models/gemini-0:generateContent?key=${key}`, body))).status).toBe(404);
  });
  it("vertex: OAuth bearer required", async () => {
    const path = "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent";
    const body = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
    expect((await call(google, upReq("us-central1-aiplatform.googleapis.com", path, body))).status).toBe(401);
    expect((await call(google, upReq("us-central1-aiplatform.googleapis.com", path, body, { authorization: "Bearer ya29.docval-0123456789abcdef0123" }))).status).toBe(200);
  });
  it("bedrock: a SigV4 header scoped to the host's region", async () => {
    const body = Buffer.from(JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] }));
    const path = `/model/${encodeURIComponent("meta.llama3-70b-instruct-v1:0")}/converse`;
    const sign = (region: string) => signV4({
      method: "POST", host: "bedrock-runtime.us-east-1.amazonaws.com", path, query: {}, body,
      accessKeyId: placeholderFor("AWS_ACCESS_KEY_ID")!, secretAccessKey: placeholderFor("AWS_SECRET_ACCESS_KEY")!, region, service: "bedrock", now: new Date("2026-11-22T00:00:00Z"),
    });
    const ok = await call(bedrock, upReq("bedrock-runtime.us-east-1.amazonaws.com", path, body, sign("us-east-1")));
    expect(ok.status).toBe(200);
    expect(ok.json.output.message.content[0].text).toContain("hi");
    expect((await call(bedrock, upReq("bedrock-runtime.us-east-1.amazonaws.com", path, body))).json.message).toBe("Missing Authentication Token");
    expect((await call(bedrock, upReq("bedrock-runtime.us-east-1.amazonaws.com", path, body, sign("eu-west-1")))).status).toBe(403);
    expect((await call(bedrock, upReq("bedrock-runtime.us-east-1.amazonaws.com", path, body, { authorization: "AWS4-HMAC-SHA256 garbage" }))).status).toBe(403);
    const unknown = `/model/${encodeURIComponent("meta.llama9")}/converse`;
    expect((await call(bedrock, upReq("bedrock-runtime.us-east-1.amazonaws.com", unknown, body, sign("us-east-1")))).status).toBe(400);
  });
  it("azure: api-key or bearer, api-version required, deployment in the path", async () => {
    const path = "/openai/deployments/my-gpt4o/chat/completions";
    const key = placeholderFor("AZURE_OPENAI_API_KEY")!;
    const body = { messages: [{ role: "user", content: "hi" }] };
    expect((await call(azure, upReq("docval.openai.azure.com", `${path}?api-version=2024-10-21`, body, { "api-key": key }))).status).toBe(200);
    expect((await call(azure, upReq("docval.openai.azure.com", `${path}?api-version=2024-10-21`, body, { authorization: `Bearer ${key}` }))).status).toBe(200);
    expect((await call(azure, upReq("docval.openai.azure.com", path, body, { "api-key": key }))).status).toBe(404);
    expect((await call(azure, upReq("docval.openai.azure.com", `${path}?api-version=2024-10-21`, body))).status).toBe(401);
  });
  it("openai-format providers check their own key formats and catalogues", async () => {
    const cases = [
      { u: deepseek, host: "api.deepseek.com", path: "/chat/completions", key: placeholderFor("DEEPSEEK_API_KEY")!, model: "deepseek-chat", badModelStatus: 400 },
      { u: cerebras, host: "api.cerebras.ai", path: "/v1/chat/completions", key: placeholderFor("CEREBRAS_API_KEY")!, model: "gpt-oss-120b", badModelStatus: 404 },
      { u: databricks, host: "dbc-1.cloud.databricks.com", path: "/serving-endpoints/v1/chat/completions", key: placeholderFor("DATABRICKS_TOKEN")!, model: "databricks-gpt-oss-20b", badModelStatus: 404 },
      { u: dashscope, host: "dashscope-intl.aliyuncs.com", path: "/compatible-mode/v1/chat/completions", key: placeholderFor("DASHSCOPE_API_KEY")!, model: "qwen-plus", badModelStatus: 404 },
      { u: mistral, host: "api.mistral.ai", path: "/v1/chat/completions", key: placeholderFor("MISTRAL_API_KEY")!, model: "mistral-tiny", badModelStatus: 400 },
      { u: huggingface, host: "router.huggingface.co", path: "/v1/chat/completions", key: placeholderFor("HUGGINGFACE_TOKEN")!, model: "meta-llama/Llama-3.3-70B-Instruct", badModelStatus: 400 },
    ];
    for (const c of cases) {
      const ok = await call(c.u, upReq(c.host, c.path, chat(c.model), { authorization: `Bearer ${c.key}` }));
      expect(ok.status, c.u.name).toBe(200);
      expect((await call(c.u, upReq(c.host, c.path, chat(c.model))).then((r) => r.status)), c.u.name).toBe(401);
      expect((await call(c.u, upReq(c.host, c.path, chat("no such model!"), { authorization: `Bearer ${c.key}` }))).status, c.u.name).toBe(c.badModelStatus);
    }
  });
  it("ollama: no auth, native /api/chat, unknown model 404", async () => {
    const r = await call(ollama, upReq("host.docker.internal", "/api/chat", { ...chat("llama2"), stream: false }));
    expect(r.status).toBe(200);
    expect(r.json.message.content).toContain("What is 1+1?");
    expect((await call(ollama, upReq("host.docker.internal", "/api/chat", { ...chat("llama9"), stream: false }))).status).toBe(404);
    const streamed = await call(ollama, upReq("host.docker.internal", "/api/chat", chat("llama2")));
    expect(streamed.reply.headers["content-type"]).toBe("application/x-ndjson");
  });
});
