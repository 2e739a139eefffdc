/** OpenAI-format providers: the body passes with the configured model and sampling settings merged in. */
import type { Json } from "../conf.js";
import { compact, sampling, type Driver } from "./driver.js";

const SAMPLED = new Set(["llm/v1/chat", "llm/v1/completions"]);

export const openaiDriver: Driver = {
  request(rt, body, t, model) {
    const out: Json = { ...body };
    if (model) out.model = model;
    if (SAMPLED.has(rt)) Object.assign(out, compact(sampling(body, t)));
    if (rt === "llm/v1/embeddings" && typeof t.model.options?.embeddings_dimensions === "number") out.dimensions = t.model.options.embeddings_dimensions;
    return out;
  },
  response: (_rt, body) => body,
};
