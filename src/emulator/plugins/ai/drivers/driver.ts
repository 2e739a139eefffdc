/** A driver translates between the OpenAI format clients send and one provider's native format. */
import type { Json, TargetConf } from "../conf.js";

export interface Driver {
  /** The provider request for an OpenAI-format body, or a message when it cannot be translated. */
  request(routeType: string, body: Json, target: TargetConf, model: string): Json | string;
  /** The OpenAI-format answer for the provider's 200 body, or a message when it cannot be translated. */
  response(routeType: string, body: Json, model: string): Json | string;
}

/** Kong's fixed `created` is the time of the answer; a fixed value keeps emulator output stable. */
export const CREATED = 1_767_225_600;

export interface ChatMessage {
  role: string;
  content: string;
}

/** Messages as role + plain text (array content parts are joined). */
export function chatMessages(body: Json): ChatMessage[] {
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  return msgs.map((m) => {
    const o = (m ?? {}) as Json;
    return { role: String(o.role ?? "user"), content: textOf(o.content) };
  });
}

export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === "object" && typeof (p as Json).text === "string" ? String((p as Json).text) : "")).join("");
  }
  return "";
}

export function inputs(body: Json): string[] {
  const i = body.input;
  return typeof i === "string" ? [i] : Array.isArray(i) ? i.map(String) : [];
}

/** `model.options` sampling settings, which take precedence over the request's own (Kong's merge). */
export function sampling(body: Json, t: TargetConf): { max_tokens?: number; temperature?: number; top_p?: number; top_k?: number } {
  const o = t.model.options ?? {};
  const pick = (k: "max_tokens" | "temperature" | "top_p" | "top_k"): number | undefined => {
    const v = o[k] ?? body[k];
    return typeof v === "number" ? v : undefined;
  };
  return { max_tokens: pick("max_tokens"), temperature: pick("temperature"), top_p: pick("top_p"), top_k: pick("top_k") };
}

export function chatCompletion(id: string, model: string, content: string, finish: string, usage: { prompt: number; completion: number }): Json {
  return {
    id, object: "chat.completion", created: CREATED, model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finish }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  };
}

export function textCompletion(id: string, model: string, text: string, finish: string, usage: { prompt: number; completion: number }): Json {
  return {
    id, object: "text_completion", created: CREATED, model,
    choices: [{ index: 0, text, finish_reason: finish }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  };
}

export function embeddingList(model: string, vectors: number[][], tokens: number): Json {
  return {
    object: "list", model,
    data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

export function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** Removes undefined members so translated bodies carry only what was set. */
export function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
