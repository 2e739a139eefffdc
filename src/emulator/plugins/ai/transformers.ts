/**
 * ai-request-transformer (777) and ai-response-transformer (768): the body is sent to an LLM with
 * the configured prompt, and the LLM's answer (optionally cut by `transformation_extract_pattern`)
 * replaces it. The LLM is the provider double named by the `llm` block.
 */
import type { EmulatedPlugin, Headers } from "../types.js";
import { isObj, parseJson, type TargetConf } from "./conf.js";
import { aiError } from "./kong-error.js";
import { askLlm, extract } from "./llm-client.js";
import { resolveTemplates } from "./template.js";

interface TransformerConf {
  prompt: string;
  llm: TargetConf;
  transformation_extract_pattern?: string | null;
  parse_llm_response_json_instructions?: boolean | null;
}

function jsonish(text: string): string {
  return parseJson(Buffer.from(text)) ? "application/json" : "text/plain";
}

export const aiRequestTransformer: EmulatedPlugin<TransformerConf> = {
  name: "ai-request-transformer",
  priority: 777,
  fidelity: "partial",
  gaps: ["the LLM is a deterministic double: it answers with the text it was sent, not a real transformation"],
  async access(ctx, conf) {
    const llm = resolveTemplates(conf.llm, ctx);
    const answer = await askLlm(llm, conf.prompt, ctx.request.body.toString("utf8"), AbortSignal.timeout(10_000), ctx.now());
    if ("error" in answer) return aiError(500, `failed to introspect request with AI service: status ${answer.status}`);
    const text = extract(answer.text, conf.transformation_extract_pattern);
    if (text === undefined) return aiError(500, "AI response did not match the requested extraction pattern");
    ctx.request.body = Buffer.from(text);
    ctx.request.headers["content-type"] = jsonish(text);
    delete ctx.request.headers["content-length"];
  },
};

export const aiResponseTransformer: EmulatedPlugin<TransformerConf> = {
  name: "ai-response-transformer",
  priority: 768,
  fidelity: "partial",
  gaps: ["the LLM is a deterministic double: it answers with the text it was sent, not a real transformation"],
  async response(ctx, conf, reply) {
    const llm = resolveTemplates(conf.llm, ctx);
    const answer = await askLlm(llm, conf.prompt, reply.body.toString("utf8"), AbortSignal.timeout(10_000), ctx.now());
    if ("error" in answer) return aiError(500, `failed to introspect response with AI service: status ${answer.status}`);
    const text = extract(answer.text, conf.transformation_extract_pattern);
    if (text === undefined) return aiError(500, "AI response did not match the requested extraction pattern");
    if (conf.parse_llm_response_json_instructions) {
      const ins = parseJson(Buffer.from(text));
      if (!ins) return aiError(500, "failed to parse LLM response JSON instructions");
      const headers: Headers = { ...reply.headers };
      if (isObj(ins.headers)) for (const [k, v] of Object.entries(ins.headers)) headers[k.toLowerCase()] = String(v);
      delete headers["content-length"];
      const body = typeof ins.body === "string" ? ins.body : JSON.stringify(ins.body ?? "");
      return { status: typeof ins.status === "number" ? ins.status : reply.status, headers, body: Buffer.from(body) };
    }
    const headers: Headers = { ...reply.headers, "content-type": jsonish(text) };
    delete headers["content-length"];
    return { status: reply.status, headers, body: Buffer.from(text) };
  },
};
