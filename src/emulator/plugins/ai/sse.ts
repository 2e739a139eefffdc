/**
 * Streaming: the doubles answer in one piece, and the gateway re-emits an OpenAI-format chat or
 * completion answer as OpenAI's server-sent events (content chunk, finish chunk, `[DONE]`), which is
 * what a client that asked for `stream: true` parses.
 */
import type { Json } from "./conf.js";

export function toSse(answer: Json, routeType: string): Buffer {
  const choices = Array.isArray(answer.choices) ? (answer.choices as Json[]) : [];
  const first = choices[0] ?? {};
  const chat = routeType === "llm/v1/chat";
  const object = chat ? "chat.completion.chunk" : "text_completion";
  const base = { id: answer.id, object, created: answer.created, model: answer.model };
  const text = chat ? String(((first.message ?? {}) as Json).content ?? "") : String(first.text ?? "");
  const events: Json[] = [
    { ...base, choices: [chat ? { index: 0, delta: { role: "assistant", content: text }, finish_reason: null } : { index: 0, text, finish_reason: null }] },
    { ...base, choices: [chat ? { index: 0, delta: {}, finish_reason: first.finish_reason ?? "stop" } : { index: 0, text: "", finish_reason: first.finish_reason ?? "stop" }], usage: answer.usage },
  ];
  return Buffer.from(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("") + "data: [DONE]\n\n");
}
