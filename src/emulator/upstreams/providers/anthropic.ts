/** Anthropic's Messages API (`/v1/messages`) and legacy Text Completions (`/v1/complete`). */
import type { Reply } from "../../plugins/types.js";
import type { Upstream } from "../types.js";
import { CATALOGUE } from "./catalogue.js";
import { contentText, countTokens, header, isString, jsonBody, jsonReply, replyText, splitUrl, stableId, type Json } from "./common.js";
import { KEY_FORMATS } from "./credentials.js";

function anthropicError(status: number, type: string, message: string): Reply {
  return jsonReply(status, { type: "error", error: { type, message } });
}

const VERSIONS = ["2023-06-01", "2023-01-01"];

export const anthropic: Upstream = {
  name: "anthropic",
  hosts: ["api.anthropic.com"],
  handle(req) {
    const { path } = splitUrl(req.url);
    if (req.method !== "POST" || (path !== "/v1/messages" && path !== "/v1/complete")) {
      return anthropicError(404, "not_found_error", "Not Found");
    }
    const key = header(req, "x-api-key");
    if (key === undefined) return anthropicError(401, "authentication_error", "x-api-key header is required");
    if (!KEY_FORMATS.anthropic.test(key)) return anthropicError(401, "authentication_error", "invalid x-api-key");
    const version = header(req, "anthropic-version");
    if (version === undefined) return anthropicError(400, "invalid_request_error", "anthropic-version: header is required");
    if (!VERSIONS.includes(version)) return anthropicError(400, "invalid_request_error", `anthropic-version: invalid version '${version}'`);
    const body = jsonBody(req);
    if (!body) return anthropicError(400, "invalid_request_error", "There was an error parsing the body of your request");
    if (!isString(body.model)) return anthropicError(400, "invalid_request_error", "model: Field required");
    if (!(CATALOGUE.anthropic as readonly string[]).includes(body.model)) return anthropicError(404, "not_found_error", `model: ${body.model}`);
    const id = stableId("msg_docval", req, 20);
    if (path === "/v1/complete") {
      if (!isString(body.prompt)) return anthropicError(400, "invalid_request_error", "prompt: Field required");
      if (typeof body.max_tokens_to_sample !== "number") return anthropicError(400, "invalid_request_error", "max_tokens_to_sample: Field required");
      if (!/^\n\nHuman:/.test(body.prompt) || !/\n\nAssistant:$/.test(body.prompt)) {
        return anthropicError(400, "invalid_request_error", 'prompt must start with "\\n\\nHuman:" turn and end with "\\n\\nAssistant:" turn');
      }
      const said = body.prompt.replace(/^\n\nHuman:\s*/, "").replace(/\n\nAssistant:$/, "");
      return jsonReply(200, { type: "completion", id, completion: " " + replyText("anthropic", body.model, said), stop_reason: "stop_sequence", model: body.model });
    }
    if (typeof body.max_tokens !== "number") return anthropicError(400, "invalid_request_error", "max_tokens: Field required");
    if (!Array.isArray(body.messages) || body.messages.length === 0) return anthropicError(400, "invalid_request_error", "messages: Field required");
    for (const [i, m] of (body.messages as Json[]).entries()) {
      if (m?.role !== "user" && m?.role !== "assistant") {
        return anthropicError(400, "invalid_request_error", `messages.${i}.role: Input should be 'user' or 'assistant'`);
      }
    }
    const msgs = body.messages as Json[];
    const lastUser = [...msgs].reverse().find((m) => m.role === "user");
    const text = replyText("anthropic", body.model, contentText(lastUser?.content));
    const system = typeof body.system === "string" ? body.system : contentText(body.system);
    return jsonReply(200, {
      id, type: "message", role: "assistant", model: body.model,
      content: [{ type: "text", text }],
      stop_reason: "end_turn", stop_sequence: null,
      usage: { input_tokens: countTokens(system + " " + msgs.map((m) => contentText(m.content)).join(" ")), output_tokens: countTokens(text) },
    });
  },
};
