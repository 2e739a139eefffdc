/** OpenAI chat/completions/embeddings/images ⇄ Gemini generateContent and batchEmbedContents (Gemini API and Vertex AI). */
import type { Json } from "../conf.js";
import { CREATED, chatCompletion, chatMessages, compact, embeddingList, inputs, num, sampling, textCompletion, type Driver } from "./driver.js";

const FINISH: Record<string, string> = { STOP: "stop", MAX_TOKENS: "length", SAFETY: "content_filter" };

export const geminiDriver: Driver = {
  request(rt, body, t, model) {
    const s = sampling(body, t);
    const generationConfig = compact({ maxOutputTokens: s.max_tokens, temperature: s.temperature, topP: s.top_p, topK: s.top_k });
    if (rt === "llm/v1/embeddings") {
      return { requests: inputs(body).map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] } })) };
    }
    if (rt === "image/v1/images/generations") {
      return { contents: [{ role: "user", parts: [{ text: String(body.prompt ?? "") }] }], generationConfig: { responseModalities: ["TEXT", "IMAGE"] } };
    }
    if (rt === "llm/v1/completions") {
      return { contents: [{ role: "user", parts: [{ text: String(body.prompt ?? "") }] }], generationConfig };
    }
    const msgs = chatMessages(body);
    const system = msgs.filter((m) => m.role === "system").map((m) => ({ text: m.content }));
    return compact({
      contents: msgs.filter((m) => m.role !== "system").map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] })),
      systemInstruction: system.length ? { parts: system } : undefined,
      generationConfig: Object.keys(generationConfig).length ? generationConfig : undefined,
    });
  },
  response(rt, body, model) {
    if (rt === "llm/v1/embeddings") {
      if (!Array.isArray(body.embeddings)) return "gemini embeddings response has no 'embeddings'";
      return embeddingList(model, (body.embeddings as Json[]).map((e) => (e?.values ?? []) as number[]), 0);
    }
    const cand = Array.isArray(body.candidates) ? (body.candidates[0] as Json | undefined) : undefined;
    if (!cand) return "gemini response has no candidates";
    const parts = (((cand.content ?? {}) as Json).parts ?? []) as Json[];
    if (rt === "image/v1/images/generations") {
      const images = parts.filter((p) => p?.inlineData).map((p) => ({ b64_json: String((p.inlineData as Json).data ?? "") }));
      return { created: CREATED, data: images };
    }
    const text = parts.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
    const u = (body.usageMetadata ?? {}) as Json;
    const usage = { prompt: num(u.promptTokenCount), completion: num(u.candidatesTokenCount) };
    const finish = FINISH[String(cand.finishReason)] ?? "stop";
    return rt === "llm/v1/completions"
      ? textCompletion("cmpl-gemini", model, text, finish, usage)
      : chatCompletion("chatcmpl-gemini", model, text, finish, usage);
  },
};
