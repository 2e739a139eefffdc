/** OpenAI chat/completions/embeddings ⇄ Ollama's native /api/chat, /api/generate, /api/embed. */
import type { Json } from "../conf.js";
import { chatCompletion, chatMessages, compact, embeddingList, inputs, num, sampling, textCompletion, type Driver } from "./driver.js";

export const ollamaDriver: Driver = {
  request(rt, body, t, model) {
    const s = sampling(body, t);
    const options = compact({ num_predict: s.max_tokens, temperature: s.temperature, top_p: s.top_p, top_k: s.top_k });
    const opts = Object.keys(options).length ? options : undefined;
    if (rt === "llm/v1/embeddings") return { model, input: inputs(body) };
    if (rt === "llm/v1/completions") return compact({ model, prompt: body.prompt, stream: false, options: opts });
    return compact({ model, messages: chatMessages(body), stream: false, options: opts });
  },
  response(rt, body, model) {
    if (rt === "llm/v1/embeddings") {
      if (!Array.isArray(body.embeddings)) return "ollama embed response has no embeddings";
      return embeddingList(String(body.model ?? model), body.embeddings as number[][], num(body.prompt_eval_count));
    }
    const usage = { prompt: num(body.prompt_eval_count), completion: num(body.eval_count) };
    const finish = body.done_reason === "length" ? "length" : "stop";
    if (rt === "llm/v1/completions") {
      if (typeof body.response !== "string") return "ollama generate response has no 'response'";
      return textCompletion("cmpl-ollama", String(body.model ?? model), body.response, finish, usage);
    }
    const msg = body.message as Json | undefined;
    if (!msg || typeof msg.content !== "string") return "ollama chat response has no message";
    return chatCompletion("chatcmpl-ollama", String(body.model ?? model), msg.content, finish, usage);
  },
};
