/** OpenAI chat/completions ⇄ Bedrock Converse; embeddings and images ⇄ InvokeModel (Titan, Cohere, Nova). */
import type { Json } from "../conf.js";
import { CREATED, chatCompletion, chatMessages, compact, embeddingList, inputs, num, sampling, textCompletion, type Driver } from "./driver.js";

const FINISH: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" };

export const bedrockDriver: Driver = {
  request(rt, body, t, model) {
    const s = sampling(body, t);
    const inferenceConfig = compact({ maxTokens: s.max_tokens, temperature: s.temperature, topP: s.top_p });
    if (rt === "llm/v1/embeddings") {
      const list = inputs(body);
      if (model.startsWith("cohere.")) return { texts: list, input_type: "search_document" };
      return compact({ inputText: list[0] ?? "", dimensions: t.model.options?.embeddings_dimensions ?? undefined });
    }
    if (rt === "image/v1/images/generations") {
      return { taskType: "TEXT_IMAGE", textToImageParams: { text: String(body.prompt ?? "") }, imageGenerationConfig: { numberOfImages: typeof body.n === "number" ? body.n : 1 } };
    }
    const msgs = rt === "llm/v1/completions" ? [{ role: "user", content: String(body.prompt ?? "") }] : chatMessages(body);
    const system = msgs.filter((m) => m.role === "system").map((m) => ({ text: m.content }));
    return compact({
      messages: msgs.filter((m) => m.role !== "system").map((m) => ({ role: m.role === "assistant" ? "assistant" : "user", content: [{ text: m.content }] })),
      system: system.length ? system : undefined,
      inferenceConfig: Object.keys(inferenceConfig).length ? inferenceConfig : undefined,
    });
  },
  response(rt, body, model) {
    if (rt === "llm/v1/embeddings") {
      if (Array.isArray(body.embedding)) return embeddingList(model, [body.embedding as number[]], num(body.inputTextTokenCount));
      if (Array.isArray(body.embeddings)) return embeddingList(model, body.embeddings as number[][], 0);
      return "bedrock embeddings response has no embedding";
    }
    if (rt === "image/v1/images/generations") {
      if (!Array.isArray(body.images)) return "bedrock image response has no images";
      return { created: CREATED, data: (body.images as unknown[]).map((b) => ({ b64_json: String(b) })) };
    }
    const msg = ((body.output ?? {}) as Json).message as Json | undefined;
    if (!msg || !Array.isArray(msg.content)) return "bedrock converse response has no output message";
    const text = (msg.content as Json[]).map((c) => (typeof c?.text === "string" ? c.text : "")).join("");
    const u = (body.usage ?? {}) as Json;
    const usage = { prompt: num(u.inputTokens), completion: num(u.outputTokens) };
    const finish = FINISH[String(body.stopReason)] ?? "stop";
    return rt === "llm/v1/completions"
      ? textCompletion("cmpl-bedrock", model, text, finish, usage)
      : chatCompletion("chatcmpl-bedrock", model, text, finish, usage);
  },
};
