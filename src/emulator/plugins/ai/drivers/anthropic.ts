/** OpenAI chat/completions ⇄ Anthropic Messages / Text Completions. */
import type { Json } from "../conf.js";
import { chatCompletion, chatMessages, compact, num, sampling, textCompletion, type Driver } from "./driver.js";

const FINISH: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls" };

export const anthropicDriver: Driver = {
  request(rt, body, t, model) {
    const s = sampling(body, t);
    const stop = typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
    if (rt === "llm/v1/completions") {
      if (typeof body.prompt !== "string") return "request body doesn't contain valid prompts";
      return compact({
        model, prompt: `\n\nHuman: ${body.prompt}\n\nAssistant:`, max_tokens_to_sample: s.max_tokens,
        temperature: s.temperature, top_p: s.top_p, top_k: s.top_k, stop_sequences: stop, stream: body.stream,
      });
    }
    const msgs = chatMessages(body);
    const system = msgs.filter((m) => m.role === "system").map((m) => m.content).join("\n");
    return compact({
      model,
      system: system || undefined,
      messages: msgs.filter((m) => m.role !== "system").map((m) => ({ role: m.role === "assistant" ? "assistant" : "user", content: m.content })),
      max_tokens: s.max_tokens, temperature: s.temperature, top_p: s.top_p, top_k: s.top_k, stop_sequences: stop, stream: body.stream,
    });
  },
  response(rt, body, model) {
    if (rt === "llm/v1/completions") {
      if (typeof body.completion !== "string") return "anthropic completion response has no 'completion'";
      return textCompletion(String(body.id ?? "cmpl-anthropic"), String(body.model ?? model), body.completion, FINISH[String(body.stop_reason)] ?? "stop", { prompt: 0, completion: 0 });
    }
    if (!Array.isArray(body.content)) return "anthropic message response has no 'content'";
    const text = (body.content as Json[]).filter((c) => c?.type === "text").map((c) => String(c.text ?? "")).join("");
    const usage = (body.usage ?? {}) as Json;
    return chatCompletion(String(body.id ?? "msg"), String(body.model ?? model), text, FINISH[String(body.stop_reason)] ?? "stop", {
      prompt: num(usage.input_tokens), completion: num(usage.output_tokens),
    });
  },
};
