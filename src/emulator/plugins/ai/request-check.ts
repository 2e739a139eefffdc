/**
 * ai-proxy's request validation (Kong answers 400 `{"error":{"message": …}}` before any upstream call):
 * bad JSON, missing prompts, a prompt shape that does not fit the route type, a model that contradicts
 * the configured one, no model at all, and streaming when it is denied.
 */
import type { Reply } from "../types.js";
import { isObj, parseJson, type Json } from "./conf.js";
import { aiError } from "./kong-error.js";

/** Route types whose request body is a JSON object. */
export const JSON_ROUTES = new Set([
  "llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings", "image/v1/images/generations", "audio/v1/audio/speech", "llm/v1/responses",
]);

export interface CheckInput {
  routeType: string;
  method: string;
  body: Buffer;
  /** Model names the request may name (the configured name and, for ai-proxy-advanced, its alias). */
  allowedModels: string[];
  configuredModel: string | undefined;
  responseStreaming: string | null | undefined;
  /** Azure takes the model from the deployment, so no model is needed in the body or config. */
  modelFromDeployment: boolean;
}

export function parseJsonBody(body: Buffer): Json | Reply {
  const json = body.length === 0 ? undefined : parseJson(body);
  return json ?? aiError(400, "content-type header does not match request body, or bad JSON formatting");
}

/** The parsed body, or the 400 reply Kong gives. Non-JSON route types return `{}`. */
export function checkRequest(i: CheckInput): Json | Reply {
  if (!JSON_ROUTES.has(i.routeType)) return {};
  const parsed = parseJsonBody(i.body);
  if (isReply(parsed)) return parsed;
  const body = parsed;

  if (body.stream === true && i.responseStreaming === "deny") return aiError(400, "response streaming is not enabled for this LLM");

  const hasMessages = Array.isArray(body.messages) && body.messages.length > 0;
  const hasPrompt = typeof body.prompt === "string" || Array.isArray(body.prompt);
  switch (i.routeType) {
    case "llm/v1/chat":
      if (!hasMessages) {
        return aiError(400, hasPrompt ? "[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type" : "request body doesn't contain valid prompts");
      }
      break;
    case "llm/v1/completions":
      if (!hasPrompt) {
        return aiError(400, hasMessages ? "[llm/v1/chat] message format is not compatible with [llm/v1/completions] route type" : "request body doesn't contain valid prompts");
      }
      break;
    case "llm/v1/embeddings":
      if (!(typeof body.input === "string" || Array.isArray(body.input))) return aiError(400, "request body doesn't contain valid input");
      break;
    case "image/v1/images/generations":
      if (typeof body.prompt !== "string" || body.prompt === "") return aiError(400, "request body doesn't contain valid prompts");
      break;
    default:
      break;
  }

  const asked = typeof body.model === "string" && body.model !== "" ? body.model : undefined;
  if (asked !== undefined && i.configuredModel && !i.allowedModels.includes(asked)) {
    return aiError(400, `cannot use own model - must be: ${i.configuredModel}`);
  }
  if (asked === undefined && !i.configuredModel && !i.modelFromDeployment) {
    return aiError(400, "model parameter not found in request, nor in gateway configuration");
  }
  return body;
}

export function isReply(v: unknown): v is Reply {
  return isObj(v) && typeof v.status === "number" && Buffer.isBuffer(v.body);
}
