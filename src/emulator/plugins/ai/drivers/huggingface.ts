/** Hugging Face: chat is OpenAI format on the router; embeddings use the feature-extraction pipeline. */
import { embeddingList, inputs, type Driver } from "./driver.js";
import { openaiDriver } from "./openai.js";

export const huggingfaceDriver: Driver = {
  request(rt, body, t, model) {
    if (rt === "llm/v1/embeddings") return { inputs: inputs(body) };
    return openaiDriver.request(rt, body, t, model);
  },
  response(rt, body, model) {
    return openaiDriver.response(rt, body, model);
  },
};

/** The feature-extraction pipeline answers a bare JSON array, which the generic path cannot wrap. */
export function hfEmbeddings(vectors: unknown, model: string): Record<string, unknown> | string {
  if (!Array.isArray(vectors)) return "huggingface feature-extraction response is not an array";
  const list = Array.isArray(vectors[0]) ? (vectors as number[][]) : [vectors as number[]];
  return embeddingList(model, list, 0);
}
