/** OpenAI chat/completions/embeddings ⇄ Cohere v1 Chat, Generate and v2 Embed. */
import type { Json } from "../conf.js";
import { chatCompletion, chatMessages, compact, embeddingList, inputs, num, sampling, textCompletion, type Driver } from "./driver.js";

const ROLE: Record<string, string> = { user: "USER", assistant: "CHATBOT", system: "SYSTEM" };
const FINISH: Record<string, string> = { COMPLETE: "stop", MAX_TOKENS: "length" };

export const cohereDriver: Driver = {
  request(rt, body, t, model) {
    const s = sampling(body, t);
    const common = { model, max_tokens: s.max_tokens, temperature: s.temperature, p: s.top_p, k: s.top_k };
    if (rt === "llm/v1/embeddings") {
      return { model, texts: inputs(body), input_type: t.model.options?.cohere?.embedding_input_type ?? "classification", embedding_types: ["float"] };
    }
    if (rt === "llm/v1/completions") return compact({ ...common, prompt: body.prompt });
    const msgs = chatMessages(body);
    const last = msgs.length > 0 ? msgs[msgs.length - 1] : undefined;
    const history = msgs.slice(0, -1).map((m) => ({ role: ROLE[m.role] ?? "USER", message: m.content }));
    return compact({ ...common, message: last?.content, chat_history: history.length ? history : undefined });
  },
  response(rt, body, model) {
    const meta = ((body.meta as Json | undefined)?.billed_units ?? {}) as Json;
    const usage = { prompt: num(meta.input_tokens), completion: num(meta.output_tokens) };
    if (rt === "llm/v1/embeddings") {
      const e = body.embeddings;
      const vectors = Array.isArray(e) ? e : (e as Json | undefined)?.float;
      if (!Array.isArray(vectors)) return "cohere embed response has no embeddings";
      return embeddingList(model, vectors as number[][], usage.prompt);
    }
    if (rt === "llm/v1/completions") {
      const g = Array.isArray(body.generations) ? (body.generations[0] as Json | undefined) : undefined;
      if (!g) return "cohere generate response has no generations";
      return textCompletion(String(body.id ?? "cmpl"), model, String(g.text ?? ""), FINISH[String(g.finish_reason)] ?? "stop", usage);
    }
    if (typeof body.text !== "string") return "cohere chat response has no 'text'";
    return chatCompletion(String(body.response_id ?? body.generation_id ?? "chat"), model, body.text, FINISH[String(body.finish_reason)] ?? "stop", usage);
  },
};
