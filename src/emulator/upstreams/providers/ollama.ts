/**
 * A local Ollama server (no authentication): /api/chat, /api/generate, /api/embed, /api/embeddings,
 * and its OpenAI-compatible /v1/chat/completions. The hosts are the ones the docs use for a local
 * Ollama reached from a Kong container (`host.docker.internal:11434`) and the examples' `*.local` names.
 */
import type { Reply } from "../../plugins/types.js";
import type { Upstream } from "../types.js";
import { CATALOGUE } from "./catalogue.js";
import { contentText, countTokens, embedding, isString, jsonBody, jsonReply, replyText, splitUrl, type Json } from "./common.js";
import { openAiEndpoints, openAiStyleUpstream, OPENAI_ERRORS } from "./openai-style.js";

const CREATED_AT = "2026-01-01T00:00:00Z";
const known = (m: string) => (CATALOGUE.ollama as readonly string[]).includes(m) || (CATALOGUE.ollama as readonly string[]).includes(m.replace(/:latest$/, ""));
const notFound = (m: string) => jsonReply(404, { error: `model "${m}" not found, try pulling it first` });

const compat = openAiStyleUpstream({
  name: "ollama",
  hosts: [],
  endpoints: openAiEndpoints("", ["chat", "completions", "embeddings"]),
  checkAuth: () => undefined,
  models: () => known,
  errors: { ...OPENAI_ERRORS, modelNotFound: (m) => notFound(m) },
});

/** Ollama streams NDJSON unless `stream: false`; a streamed answer is one content chunk then the final chunk. */
function maybeStream(body: Json, final: Json, chunk: Json): Reply {
  if (body.stream === false) return jsonReply(200, final);
  const lines = [JSON.stringify(chunk), JSON.stringify({ ...final, message: final.message ? { role: "assistant", content: "" } : undefined, response: final.response !== undefined ? "" : undefined })];
  return { status: 200, headers: { "content-type": "application/x-ndjson" }, body: Buffer.from(lines.join("\n") + "\n") };
}

export const ollama: Upstream = {
  name: "ollama",
  hosts: ["host.docker.internal", "ollama", "ollama.local", "ollama-server.local", "lollama-server.local", "llama2-server.local"],
  handle(req, signal) {
    const { path } = splitUrl(req.url);
    if (path.startsWith("/v1/")) return compat.handle(req, signal);
    if (req.method !== "POST" || !["/api/chat", "/api/generate", "/api/embed", "/api/embeddings"].includes(path)) return { status: 404, headers: { "content-type": "text/plain" }, body: Buffer.from("404 page not found") };
    const body = jsonBody(req);
    if (!body) return jsonReply(400, { error: "invalid character looking for beginning of value" });
    if (!isString(body.model)) return jsonReply(400, { error: "model is required" });
    if (!known(body.model)) return notFound(body.model);
    const model = body.model;
    const stats = (p: number, e: number) => ({ total_duration: 1000, load_duration: 100, prompt_eval_count: p, prompt_eval_duration: 100, eval_count: e, eval_duration: 100 });
    if (path === "/api/chat") {
      const msgs = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
      if (msgs.length === 0) return jsonReply(200, { model, created_at: CREATED_AT, message: { role: "assistant", content: "" }, done_reason: "load", done: true });
      const lastUser = [...msgs].reverse().find((m) => m?.role === "user");
      const text = replyText("ollama", model, contentText(lastUser?.content));
      const p = countTokens(msgs.map((m) => contentText(m?.content)).join(" "));
      const final = { model, created_at: CREATED_AT, message: { role: "assistant", content: text }, done_reason: "stop", done: true, ...stats(p, countTokens(text)) };
      return maybeStream(body, final, { model, created_at: CREATED_AT, message: { role: "assistant", content: text }, done: false });
    }
    if (path === "/api/generate") {
      const prompt = typeof body.prompt === "string" ? body.prompt : "";
      const text = replyText("ollama", model, prompt);
      const final = { model, created_at: CREATED_AT, response: text, done: true, done_reason: "stop", ...stats(countTokens(prompt), countTokens(text)) };
      return maybeStream(body, final, { model, created_at: CREATED_AT, response: text, done: false });
    }
    if (path === "/api/embeddings") {
      return jsonReply(200, { embedding: embedding(String(body.prompt ?? "")) });
    }
    const input = body.input;
    const list = typeof input === "string" ? [input] : Array.isArray(input) ? input.map(String) : undefined;
    if (!list) return jsonReply(400, { error: "invalid input type" });
    return jsonReply(200, { model, embeddings: list.map((t) => embedding(t)), total_duration: 1000, load_duration: 100, prompt_eval_count: countTokens(list.join(" ")) });
  },
};
